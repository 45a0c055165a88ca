"""The interface every story player keeps, real or fake.

The screen never waits on sound: `open` and `play` return at once, and the screen reads
`state`, `position` and `problem` a few times a second to draw progress.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Protocol

from kiosk.core.problems import Code


class PlayerState(Enum):
    """Where a player is in its life."""

    EMPTY = "empty"
    """Nothing opened."""
    LOADING = "loading"
    """Reading the audio file; playing starts when it is ready, if asked for."""
    PLAYING = "playing"
    PAUSED = "paused"
    FINISHED = "finished"
    """Played to the end."""
    FAILED = "failed"
    """Could not play; `problem` says why, as a code."""


class Player(Protocol):
    """Plays one recording at a time."""

    @property
    def state(self) -> PlayerState:
        """What the player is doing."""
        ...

    @property
    def position(self) -> float:
        """Seconds into the recording."""
        ...

    @property
    def duration(self) -> float:
        """Length of the opened recording in seconds (0 until known)."""
        ...

    @property
    def problem(self) -> Code | None:
        """Why sound is not playing (the UI words it), or None."""
        ...

    def open(self, path: Path, *, play: bool = True) -> None:
        """Start reading `path` in the background; play as soon as it is ready if `play`."""
        ...

    def play(self) -> None:
        """Play from the current position (from the start after the end)."""
        ...

    def pause(self) -> None:
        """Pause, keeping the place."""
        ...

    def seek(self, seconds: float) -> None:
        """Jump to `seconds` (kept within the recording)."""
        ...

    def stop(self) -> None:
        """Stop, close the recording and release the output device."""
        ...

    def close(self) -> None:
        """Stop and release everything; the player is not used again."""
        ...
