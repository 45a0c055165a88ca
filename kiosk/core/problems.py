"""Problems as the layers pass them: codes for what a visitor is told, findings for staff.

- `Code`: something a visitor must be told (the sound is not working, there is no
  microphone). Layers below the UI pass the code, never a sentence; the UI words it from
  the visitor's language pack, `problems.<code>`, so a Korean screen never shows English.
- `Problem`: something wrong in the content folder, as `kiosk check` prints it for the
  staff who will fix it ("file:line: what to do"). Staff words are English, as on every
  staff screen. A problem marked `notice` is only worth knowing (a draft transcript): the
  item is still shown and the check still passes.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from kiosk.core.text import one_line


class Code(StrEnum):
    """What went wrong, for a visitor; every code has words in every pack (`problems.<code>`)."""

    NO_SOUND = "no_sound"
    """No sound device, or it went away: a story cannot be heard (it can still be read)."""
    BAD_FILE = "bad_file"
    """A story's recording cannot be played."""
    SOUND = "sound"
    """Sound is not working, for no reason the player could name."""
    SPEECH = "speech"
    """The kiosk's voice (espeak-ng) is not working."""
    NO_MICROPHONE = "no_microphone"
    """No microphone was found (or the sound library is missing)."""
    MICROPHONE_LOST = "microphone_lost"
    """The microphone stopped working."""
    NO_MODEL = "no_model"
    """There is no speech model for the visitor's language."""
    MODEL = "model"
    """The speech model could not be loaded."""
    PER_VISIT = "per_visit"
    """A visitor has left as many messages as one visit may."""
    PER_HOUR = "per_hour"
    """The kiosk has taken as many messages as it takes in an hour."""
    PRINTER = "printer"
    """The receipt printer did not print: it is away, off, out of paper, or failing."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the content folder.

    `path` is the file (or folder) at fault and `line` the line in it when one can be named.
    `message` is plain words a staff member can act on.
    """

    path: Path
    line: int | None
    message: str
    item: str | None = field(default=None, compare=False)
    """The story folder or group name the problem belongs to, when there is one."""
    notice: bool = False
    """Worth telling staff, but nothing is wrong: the item is still shown, and `kiosk check`
    does not fail for it (a transcript still in draft, say)."""

    @property
    def sort_key(self) -> tuple[str, int, str]:
        """Order problems by file, then line (file-wide ones first), then words."""
        return (str(self.path), self.line or 0, self.message)

    def format(self, root: Path | None = None) -> str:
        """Return `path:line: message` (or `path: message` when no line applies)."""
        shown: Path | str = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                shown = self.path.relative_to(root)
        if self.path.is_dir():
            shown = f"{shown}/"
        where = f"{shown}:{self.line}" if self.line is not None else f"{shown}"
        # File names and keys come from staff's files: never let them steer a terminal.
        return one_line(f"{where}: {self.message}")
