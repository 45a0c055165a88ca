"""Problems found in a content folder, worded for the staff who will fix them."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.text import one_line


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
