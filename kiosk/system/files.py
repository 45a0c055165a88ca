"""Every file `kiosk install` writes, and where, as data: nothing here touches the machine.

Paths are as the installed machine sees them; `Layout.under` puts them below `--root` for
a trial install. Tests read these same functions, so what is checked is what is written.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kiosk.core.config import TextSize

SERVICE = "mutuality-kiosk.service"
USER = "kiosk"
"""The system user the kiosk runs as; it owns the data folder and nothing else."""
STAFF_GROUP = "kiosk-staff"
"""Staff in this group can edit the content folder."""
TTY = "tty1"

UNIT_PATH = PurePosixPath("/etc/systemd/system") / SERVICE
PAM_PATH = PurePosixPath("/etc/pam.d/mutuality-kiosk")
HOME = PurePosixPath("/var/lib/mutuality-kiosk")
"""The kiosk user's home (0700): the data folder and the terminal's settings."""
DATA = HOME / "data"
FOOT_INI = HOME / "foot.ini"
CONTENT = PurePosixPath("/srv/mutuality-kiosk/content")

APP = PurePosixPath("/opt/mutuality-kiosk")
"""The service's own copy of the kiosk: a virtual environment with the pinned packages and the
kiosk built from the checkout it was installed from, so the clone can move or go."""
APP_PYTHON = "/usr/bin/python3"
APP_KIOSK = APP / "venv" / "bin" / "kiosk"
LOCK_FILE = "requirements.lock"
"""The pinned packages the kiosk runs with, beside pyproject.toml in a checkout."""

CAGE = "/usr/bin/cage"
FOOT = "/usr/bin/foot"
PACKAGES = (
    "cage",
    "foot",
    "fonts-nanum",
    "xwayland",
    "libpam-systemd",
    "dbus",
    "python3-venv",
    "espeak-ng",
    "libespeak-ng1",
    "libportaudio2",
    "libsndfile1",
)
"""Debian packages the installed kiosk needs: the compositor and the terminal, Korean
glyphs, Xwayland (cage 0.1.4 in Debian 12 will not start without it), the PAM module that
gives the kiosk user a login session on the seat, and what `make run` needs (the voice, the
sound library, a Python that can make the service's own virtual environment)."""


SOURCE_LEFT_OUT = (
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
)
"""Not copied from the checkout to build from: a `build/` left by an earlier build can put
files that were deleted since back into the wheel."""


def app_commands(source: Path) -> list[list[str]]:
    """Make (or bring up to date) the service's own copy of the kiosk from `source`.

    `source` is a clean copy of the checkout (see SOURCE_LEFT_OUT). Pinned packages first (the
    lock file), then the kiosk itself, built as a wheel (not editable), so the service reads
    nothing from the checkout afterwards.
    """
    venv = APP / "venv"
    pip = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    return [
        [APP_PYTHON, "-m", "venv", str(venv)],
        [*pip, "-r", str(source / LOCK_FILE)],
        [*pip, "--no-deps", "--force-reinstall", str(source)],
    ]


USER_GROUPS = ("audio", "video", STAFF_GROUP)
"""The kiosk user's other groups: sound straight through ALSA, the display, the content."""

FONT_SIZES: dict[TextSize, int] = {TextSize.SMALL: 14, TextSize.MEDIUM: 18, TextSize.LARGE: 24}
"""kiosk.toml's `text_size` to foot's font size, in points."""

DIR_MODE_PRIVATE = 0o700
FILE_MODE_PRIVATE = 0o600
CONTENT_DIR_MODE = 0o2775
"""Staff can add and change files; setgid keeps new ones in the staff group."""
CONTENT_FILE_MODE = 0o664


@dataclass(frozen=True)
class Layout:
    """Where everything goes: under `root` (/ for a real install), run by `kiosk`."""

    root: Path
    kiosk: Path
    """The `kiosk` command in the virtual environment the service runs."""

    def under(self, path: PurePosixPath) -> Path:
        """`path` as written, below the root."""
        return self.root / path.relative_to("/")


def folders(layout: Layout) -> list[str]:
    """`--content` and `--data` as the service's kiosk is given them (below a trial root)."""
    return [f"--content={layout.under(CONTENT)}", f"--data={layout.under(DATA)}"]


def cage_command(kiosk: Path) -> list[str]:
    """The service's command line: cage, and `kiosk session` inside it.

    The session starts foot with the kiosk inside, writing foot.ini from the text size in
    kiosk.toml first, and again at the other size when a visitor turns large text on or off
    (kiosk/system/session.py). cage is never given `-s`, so Ctrl+Alt+F1..F12 cannot switch
    to another console. `-d` asks the windows not to draw a title bar.
    """
    return [
        CAGE,
        "-d",
        "--",
        str(kiosk),
        "session",
        f"--content={CONTENT}",
        f"--data={DATA}",
        f"--foot-ini={FOOT_INI}",
    ]


def unit(kiosk: Path) -> str:
    """The systemd unit: cage on tty1 instead of the login prompt, watched and restarted."""
    return f"""\
# Written by `kiosk install`; running it again rewrites this, `kiosk uninstall` removes it.
[Unit]
Description=Mutuality peer-support kiosk (cage and foot, full screen on {TTY})
# After logins are allowed; logind (through D-Bus) gives the kiosk user the seat.
After=systemd-user-sessions.service plymouth-quit-wait.service sound.target
Wants=dbus.socket systemd-logind.service
After=dbus.socket systemd-logind.service
# The kiosk takes {TTY} instead of the login prompt.
Conflicts=getty@{TTY}.service
After=getty@{TTY}.service
ConditionPathExists=/dev/tty0
# Restart=always for ever: never give up after a burst of failures.
StartLimitIntervalSec=0

[Service]
# The kiosk itself says READY=1 and WATCHDOG=1; it is not the main process (cage is).
Type=notify
NotifyAccess=all
WatchdogSec=30
Restart=always
RestartSec=5
User={USER}
WorkingDirectory={HOME}
# A login session on the seat: the display, input and sound devices for the kiosk user.
PAMName={PAM_PATH.name}
UtmpIdentifier={TTY}
UtmpMode=user
TTYPath=/dev/{TTY}
TTYReset=yes
TTYVHangup=yes
TTYVTDisallocate=yes
StandardInput=tty-fail
StandardOutput=journal
StandardError=journal
ExecStart={shlex.join(cage_command(kiosk))}

[Install]
WantedBy=multi-user.target
"""


PAM = """\
# Written by `kiosk install`: the kiosk service's login session (systemd PAMName=).
auth     required pam_unix.so nullok
account  required pam_unix.so
session  required pam_unix.so
session  required pam_systemd.so
"""


BACKGROUND = "000000"
FOREGROUND = "ffffff"


def font_setting(points: int) -> str:
    """The `font` for foot at `points` (Korean from fonts-nanum where monospace has none)."""
    return ", ".join(
        f"{name}:size={points}" for name in ("monospace", "NanumGothicCoding", "NanumGothic")
    )


def foot_ini(size: TextSize) -> str:
    """The terminal's settings (foot.ini): the font size for `size`, and no key that leads out of the kiosk."""
    fonts = font_setting(FONT_SIZES[size])
    unbound = (
        "minimize",
        "maximize",
        "fullscreen",
        "pipe-visible",
        "pipe-scrollback",
        "pipe-selected",
        "spawn-terminal",
        "font-increase",
        "font-decrease",
        "font-reset",
        "search-start",
        "show-urls-launch",
        "show-urls-copy",
        "show-urls-persistent",
        "unicode-input",
        "clipboard-copy",
        "clipboard-paste",
        "primary-paste",
        "prompt-prev",
        "prompt-next",
        "scrollback-up-page",
        "scrollback-up-half-page",
        "scrollback-up-line",
        "scrollback-down-page",
        "scrollback-down-half-page",
        "scrollback-down-line",
    )
    keys = "\n".join(f"{action}=none" for action in unbound)
    return f"""\
# Written by the kiosk before each start, from text_size = "{size}" in kiosk.toml.
# Change text_size there, not here: this file is written again each time.
[main]
font={fonts}
dpi-aware=no
pad=0x0

# The theme's kiosk-bg and kiosk-fg (kiosk/ui/theme.py; a test keeps them the same), for the
# margins the grid of letters does not fill.
[colors]
background={BACKGROUND}
foreground={FOREGROUND}

[bell]
urgent=no
notify=no

[scrollback]
lines=0

[mouse]
hide-when-typing=yes

# No key opens another terminal, changes the font or pastes: the visitor stays in the kiosk.
[key-bindings]
{keys}

[mouse-bindings]
primary-paste=none
"""
