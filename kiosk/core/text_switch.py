"""Large text for one visitor (row I4): the words are drawn bigger by starting the terminal again.

A terminal program cannot change the size of its own letters: foot has no escape sequence
for it, and cage gives no way to press foot's own font keys. So `kiosk session` (the
service's loop inside cage, kiosk/system/session.py) starts foot at a font size, and the
kiosk asks for the other size by how it exits. The kiosk starts again on Home, at the new
size, and tells the visitor that it did.
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import asdict, dataclass
from enum import IntEnum
from pathlib import Path

from kiosk.core.paths import private_file

log = logging.getLogger(__name__)


class TextExit(IntEnum):
    """How the kiosk asks `kiosk session` for another text size: its exit status.

    Out of the way of every status the kiosk has otherwise (0, 1, 2, and 128 and up for a
    signal) and of sysexits.h's 64-78.
    """

    LARGE = 90
    """A visitor chose large text: start again at the large size; they are still there."""
    USUAL = 91
    """A visitor chose the usual size again; they are still there."""
    RESET = 92
    """Nobody is there any more: the usual size for the next visitor, who is not greeted."""


LARGE_TEXT_SCALE = 1.5
"""Large text is the usual font size (kiosk.toml's text_size) times this."""


@dataclass
class TextSwitch:
    """Whether the kiosk can change its text size, and what it shows now."""

    large: bool = False
    """True while large text is on."""
    chosen: bool = False
    """True when a visitor chose the size showing now, just before this start: they are
    still at the kiosk, and are told the new size instead of being greeted afresh."""
    carried: Carried | None = None
    """Their language and voice settings from before the restart, when `chosen`."""
    data: Path | None = None
    """The data folder, where the settings are handed over (none: they are not)."""

    def toggled(self, carried: Carried) -> TextExit:
        """The exit that turns large text on when it is off, and off when it is on.

        The visitor's language and voice settings are handed over to the next start.
        """
        if self.data is not None:
            hand_over(self.data, carried)
        return TextExit.USUAL if self.large else TextExit.LARGE

    def for_next_visitor(self) -> TextExit | None:
        """The exit that brings back the usual size, or None when it shows already."""
        return TextExit.RESET if self.large else None


def larger(points: int) -> int:
    """The large-text font size for a usual size of `points`."""
    return round(points * LARGE_TEXT_SCALE)


HANDOVER = "text-size-handover.json"
"""In the data folder: the visitor's language and voice settings across the one restart."""


@dataclass(frozen=True)
class Carried:
    """What a visitor chose that stays theirs across the restart to another text size.

    Their language and how their voice sounds: nothing they wrote, nothing about them.
    Written just before the kiosk exits for a text size, read and deleted as it starts.
    """

    language: str
    volume: int
    rate_index: int


def hand_over(data: Path, carried: Carried) -> None:
    """Keep `carried` for the next start (lost if the folder cannot be written: no harm)."""
    path = data / HANDOVER
    try:
        private_file(path).write_text(json.dumps(asdict(carried)), encoding="utf-8")
    except OSError as error:
        log.warning("could not keep the visitor's settings for large text: %s", error.strerror)


def take_over(data: Path) -> Carried | None:
    """The settings handed over, deleted as they are read; None when there are none."""
    path = data / HANDOVER
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    with contextlib.suppress(OSError):
        path.unlink()
    try:
        values = json.loads(text)
        return Carried(str(values["language"]), int(values["volume"]), int(values["rate_index"]))
    except (ValueError, KeyError, TypeError):
        return None  # a torn write: the visitor keeps the large text, in the usual voice
