"""`kiosk install`, `kiosk uninstall`: the kiosk as a service on a machine of its own.

And `kiosk session`, which the service runs inside cage: foot with the kiosk in it, at the
text size in kiosk.toml or, for a visitor who asked, large text (kiosk/system/session.py);
`kiosk terminal-config` writes the same foot.ini by hand. The install steps live in
`kiosk.system.installer`.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

from kiosk.cli.common import Commands, add_data_option
from kiosk.core import paths
from kiosk.system import display as terminal_display
from kiosk.system import files, installer
from kiosk.system import session as terminal_session
from kiosk.system.host import Host, RealHost, TrialHost

ROOT_HELP = (
    "write every file under DIR instead of /, and only print the commands (useradd, apt-get, "
    "systemctl) it would run: a trial that changes nothing else"
)


def add_commands(commands: Commands) -> None:
    """Add `install`, `uninstall`, `terminal-config`, `session` and `display`."""
    install = commands.add_parser(
        "install",
        help="install the kiosk as a service: full screen on tty1, started at boot (run as root)",
        description="Install the kiosk on this machine (Debian 12 or Ubuntu 24.04): a system user, "
        f"the packages cage, foot and fonts-nanum, and {files.SERVICE}, which runs it full "
        "screen on tty1 instead of the login prompt. Safe to run again: an upgrade keeps the "
        "content and the data.",
    )
    install.add_argument("--root", metavar="DIR", help=ROOT_HELP)
    install.add_argument(
        "--sample",
        metavar="DIR",
        help="content to start from on the first install (default: the bundled samples)",
    )
    install.add_argument(
        "--wheelhouse",
        metavar="DIR",
        help="install the kiosk's Python packages from the wheels in DIR only, with no package "
        "index or network (`make wheelhouse` makes one; the kiosk's own wheel too, when this "
        "is not run from a checkout)",
    )
    install.add_argument(
        "--staff",
        metavar="USER",
        action="append",
        help=f'add USER to "{files.STAFF_GROUP}", who can edit the content (default: '
        "the user who ran sudo); may be given more than once",
    )
    uninstall = commands.add_parser(
        "uninstall",
        help="take the kiosk service away; keeps the content and the data",
        description="Stop and remove the kiosk service and give tty1 back to the login prompt. "
        "The content and the data (visitors' messages) stay unless you ask.",
    )
    uninstall.add_argument("--root", metavar="DIR", help=ROOT_HELP)
    uninstall.add_argument(
        "--remove-data",
        action="store_true",
        help=f"also delete the data folder (messages, PIN, counts) and the user {files.USER}",
    )
    uninstall.add_argument(
        "--remove-content",
        action="store_true",
        help=f'also delete the content folder and the group "{files.STAFF_GROUP}"',
    )
    terminal = commands.add_parser(
        "terminal-config",
        help="write foot.ini for the text size in kiosk.toml (the service runs this)",
        description="Write the kiosk terminal's settings (foot.ini) with the font size for "
        "text_size in kiosk.toml. The installed service runs this before each start.",
    )
    terminal.add_argument("--content", metavar="DIR", help="content folder with kiosk.toml")
    terminal.add_argument("--output", metavar="FILE", required=True, help="where to write it")
    session = commands.add_parser(
        "session",
        help="run the kiosk in the foot terminal, again at another size for large text "
        "(the service runs this inside cage)",
        description="Start foot with the kiosk in it, writing foot.ini from text_size in "
        "kiosk.toml first; when a visitor turns large text on or off, start it again at that "
        "size. Ends when the kiosk stops for any other reason, with the kiosk's exit status.",
    )
    session.add_argument("--content", metavar="DIR", help="content folder with kiosk.toml")
    add_data_option(session, "data folder for messages and the log")
    session.add_argument("--foot-ini", metavar="FILE", required=True, help="foot.ini to write")
    display = commands.add_parser(
        "display",
        help="run cage with the kiosk, on the pixman renderer if the GPU fails (the service "
        "runs this)",
        description="Run COMMAND (cage and the kiosk session). When it fails within "
        f"{terminal_display.FALLBACK_SECONDS:.0f} s on the default renderer, start it again on "
        "pixman and write that choice to FILE, so later starts go straight to pixman.",
    )
    display.add_argument("--renderer-file", metavar="FILE", required=True)
    display.add_argument("compositor", nargs=argparse.REMAINDER, metavar="-- COMMAND")


def source_tree() -> Path | None:
    """The checkout the kiosk runs from (pyproject.toml and the lock file beside the package)."""
    top = Path(__file__).resolve().parents[2]
    if (top / "pyproject.toml").is_file() and (top / files.LOCK_FILE).is_file():
        return top
    return None


def _setup(args: argparse.Namespace) -> tuple[files.Layout, Host] | None:
    # From a checkout the service gets its own copy in /opt; an installed kiosk runs as it is.
    own_copy = source_tree() is not None or getattr(args, "wheelhouse", None) is not None
    kiosk = Path(files.APP_KIOSK) if own_copy else Path(sys.executable).parent / "kiosk"
    if not kiosk.exists() and not own_copy:
        print(f"kiosk: {kiosk} is not there; run this from the kiosk's .venv/bin.", file=sys.stderr)
        return None
    if args.root:
        return files.Layout(Path(args.root).resolve(), kiosk), TrialHost()
    if os.geteuid() != 0:
        print(
            f"kiosk: {args.command} changes the whole machine, so it needs root: "
            f"sudo {Path(sys.executable).parent / 'kiosk'} {args.command}",
            file=sys.stderr,
        )
        return None
    return files.Layout(Path("/"), kiosk), RealHost()


def install(args: argparse.Namespace) -> int:
    """Install, or bring an installed kiosk up to date."""
    setup = _setup(args)
    if setup is None:
        return 2
    layout, host = setup
    staff = args.staff
    if staff is None:
        sudo_user = os.environ.get("SUDO_USER", "")
        staff = [sudo_user] if sudo_user and sudo_user != "root" and not args.root else []
    sample = Path(args.sample) if args.sample else paths.BUNDLED_CONTENT
    try:
        installer.install(
            layout,
            host,
            sample=sample,
            staff=staff,
            source=source_tree(),
            wheelhouse=Path(args.wheelhouse).resolve() if args.wheelhouse else None,
            python=sys.executable,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"kiosk: install stopped: {error}", file=sys.stderr)
        return 1
    return 0


def uninstall(args: argparse.Namespace) -> int:
    """Remove the service; keep content and data unless asked."""
    setup = _setup(args)
    if setup is None:
        return 2
    layout, host = setup
    try:
        installer.uninstall(
            layout, host, remove_data=args.remove_data, remove_content=args.remove_content
        )
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"kiosk: uninstall stopped: {error}", file=sys.stderr)
        return 1
    return 0


def terminal_config(args: argparse.Namespace) -> int:
    """Write foot.ini for kiosk.toml's text size."""
    output = Path(args.output)
    try:
        size = installer.write_terminal_config(paths.content_dir(args.content), output)
    except OSError as error:
        print(f"kiosk: cannot write {output}: {error.strerror}", file=sys.stderr)
        return 1
    print(f'{output}: text_size "{size}", font size {files.FONT_SIZES[size]}')
    return 0


def session(args: argparse.Namespace) -> int:
    """Run the kiosk in foot until it stops other than for a text size; its exit status."""
    kiosk = Path(sys.executable).parent / "kiosk"
    # To standard error: the service's journal (the kiosk itself logs to kiosk.log too).
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return terminal_session.run_session(
        kiosk,
        paths.content_dir(args.content),
        paths.data_dir(args.data),
        Path(args.foot_ini),
    )


def display(args: argparse.Namespace) -> int:
    """Run the compositor command, falling back to pixman; its exit status."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    command = args.compositor[1:] if args.compositor[:1] == ["--"] else args.compositor
    if not command:
        print("kiosk display: give the command to run after --", file=sys.stderr)
        return 2
    return terminal_display.run_display(command, Path(args.renderer_file))
