"""Which hub this kiosk belongs to: `hub.json` in the data folder, written by `kiosk hub join`.

It holds the kiosk's own token for the hub, so it is this user's only (0600, in a 0700
folder), written whole or not at all (a new file renamed over the old), and deleted by
`kiosk hub leave`. No hub.json: the kiosk works alone, exactly as before.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kiosk.core.paths import make_private

LINK_FILE = "hub.json"


class LinkProblem(Exception):
    """hub.json is there but cannot be read; the message says why, for staff."""


@dataclass(frozen=True)
class HubLink:
    """Where this kiosk belongs: a centre's hub, and the kiosk's token for it."""

    url: str
    """The hub's address, such as https://hub.example.org (no trailing slash)."""
    token: str
    """The kiosk's own secret for the hub (the hub keeps only its hash)."""
    kiosk: int
    """The hub's number for this kiosk."""
    centre: str
    """The centre's name, as the hub gave it."""
    name: str
    """This kiosk's name, as it joined."""
    content: dict[str, Any] | None = None
    """Where the centre's content comes from (Syncthing), as the hub gave it, or None."""

    @staticmethod
    def path(data: Path) -> Path:
        """Where hub.json is in the data folder `data`."""
        return data / LINK_FILE

    @classmethod
    def load(cls, data: Path) -> HubLink | None:
        """The link kept in `data`, or None when this kiosk has not joined a hub."""
        path = cls.path(data)
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeError, ValueError) as error:
            raise LinkProblem(f"{path} cannot be read: {error}.") from error
        try:
            return cls(
                url=str(kept["url"]),
                token=str(kept["token"]),
                kiosk=int(kept["kiosk"]),
                centre=str(kept["centre"]),
                name=str(kept["name"]),
                content=kept.get("content"),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise LinkProblem(f"{path} is not as `kiosk hub join` wrote it ({error}).") from error

    def save(self, data: Path) -> Path:
        """Write hub.json into `data` (made private if need be): all of it, or none."""
        make_private(data)
        path = self.path(data)
        new = path.with_name(path.name + ".new")
        fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, json.dumps(asdict(self), indent=2).encode("utf-8") + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        new.replace(path)
        _sync_folder(data)
        return path

    @classmethod
    def forget(cls, data: Path) -> bool:
        """Delete hub.json from `data`; False when there was none."""
        try:
            cls.path(data).unlink()
        except FileNotFoundError:
            return False
        _sync_folder(data)
        return True


def _sync_folder(folder: Path) -> None:
    # The rename (or delete) is on disk, not only the file's contents.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
