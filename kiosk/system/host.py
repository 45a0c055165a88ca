"""The one small interface between the installer and the operating system.

`RealHost` changes the machine (as root); `TrialHost` only prints what it would run, for
`kiosk install --root DIR` and the tests. Files are written by the installer itself, below
its root; everything else the machine is asked to do goes through here.
"""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

SYSTEMD_RUNNING = "/run/systemd/system"


class Host(Protocol):
    """What the installer asks of the operating system."""

    def run(self, argv: Sequence[str]) -> None:
        """Run a command (useradd, apt-get, systemctl); raise CalledProcessError if it fails."""

    def has_user(self, name: str) -> bool:
        """True when the user exists."""

    def has_group(self, name: str) -> bool:
        """True when the group exists."""

    def missing_packages(self, names: Sequence[str]) -> list[str]:
        """Those of the Debian packages `names` that are not installed."""

    def chown(self, path: Path, user: str, group: str) -> None:
        """Give `path` to `user` and `group`."""

    def booted(self) -> bool:
        """True when systemd runs this machine; False in a chroot or an image being built."""


class RealHost:
    """The machine itself: commands run for real, and say what they are first."""

    def __init__(self, say: Callable[[str], None] = print) -> None:
        self._say = say

    def run(self, argv: Sequence[str]) -> None:
        """Run `argv`, saying it first."""
        self._say(f"running: {shlex.join(argv)}")
        subprocess.run(list(argv), check=True)

    def has_user(self, name: str) -> bool:
        """True when the user exists."""
        try:
            pwd.getpwnam(name)
        except KeyError:
            return False
        return True

    def has_group(self, name: str) -> bool:
        """True when the group exists."""
        try:
            grp.getgrnam(name)
        except KeyError:
            return False
        return True

    def missing_packages(self, names: Sequence[str]) -> list[str]:
        """Ask dpkg which of `names` are not installed."""
        missing = []
        for name in names:
            result = subprocess.run(
                ["dpkg-query", "-W", "-f=${Status}", name],
                capture_output=True,
                text=True,
                check=False,
            )
            if "install ok installed" not in result.stdout:
                missing.append(name)
        return missing

    def chown(self, path: Path, user: str, group: str) -> None:
        """Give `path` to `user` and `group`."""
        os.chown(path, pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid)

    def booted(self) -> bool:
        """sd_booted(3)'s test: systemd makes /run/systemd/system when it is PID 1."""
        return Path(SYSTEMD_RUNNING).is_dir()


class TrialHost:
    """A trial install: nothing on the machine changes; each command is printed instead."""

    def __init__(self, say: Callable[[str], None] = print, *, booted: bool = True) -> None:
        self._say = say
        self._booted = booted
        self.commands: list[list[str]] = []
        """Every command it would have run, in order."""

    def run(self, argv: Sequence[str]) -> None:
        """Print `argv` and keep it in `commands`."""
        self.commands.append(list(argv))
        self._say(f"would run: {shlex.join(argv)}")

    def has_user(self, name: str) -> bool:
        """A trial machine has none of the kiosk's users: each one is created (in words)."""
        return False

    def has_group(self, name: str) -> bool:
        """Nor any of its groups."""
        return False

    def missing_packages(self, names: Sequence[str]) -> list[str]:
        """All of them, so the trial shows the whole apt-get line."""
        return list(names)

    def chown(self, path: Path, user: str, group: str) -> None:
        """Print the chown it would run."""
        self.run(["chown", f"{user}:{group}", str(path)])

    def booted(self) -> bool:
        """As it was made: a running machine unless told otherwise."""
        return self._booted
