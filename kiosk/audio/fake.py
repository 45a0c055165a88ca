"""A player for tests: no sound, time moves only when the test says so."""

from __future__ import annotations

from pathlib import Path

import soundfile

from kiosk.audio.player import BAD_FILE, PlayerState


class FakePlayer:
    """Keeps a player's state like the real one; `advance` moves its clock."""

    def __init__(self, *, problem: str | None = None) -> None:
        self._state = PlayerState.EMPTY
        self._position = 0.0
        self._duration = 0.0
        self._fixed_problem = problem
        self._problem: str | None = None
        self.opened: list[Path] = []

    @property
    def state(self) -> PlayerState:
        """What the player is doing."""
        return self._state

    @property
    def position(self) -> float:
        """Seconds into the recording."""
        return self._position

    @property
    def duration(self) -> float:
        """Length of the recording."""
        return self._duration

    @property
    def problem(self) -> str | None:
        """Why sound is not playing."""
        return self._problem

    def open(self, path: Path, *, play: bool = True) -> None:
        """Read the file's length (for real) and start, or fail like the real one."""
        self.opened.append(path)
        self._position = 0.0
        if self._fixed_problem:
            self._state, self._problem = PlayerState.FAILED, self._fixed_problem
            return
        try:
            info = soundfile.info(str(path))
        except (OSError, RuntimeError):
            self._state, self._problem = PlayerState.FAILED, BAD_FILE
            return
        self._duration = info.frames / info.samplerate
        self._problem = None
        self._state = PlayerState.PLAYING if play else PlayerState.PAUSED

    def play(self) -> None:
        """Play from here (or from the start when finished)."""
        if self._state is PlayerState.FINISHED:
            self._position = 0.0
        if self._state in (PlayerState.PAUSED, PlayerState.FINISHED):
            self._state = PlayerState.PLAYING

    def pause(self) -> None:
        """Pause."""
        if self._state is PlayerState.PLAYING:
            self._state = PlayerState.PAUSED

    def seek(self, seconds: float) -> None:
        """Jump within the recording."""
        if self._state in (PlayerState.PLAYING, PlayerState.PAUSED, PlayerState.FINISHED):
            self._position = min(max(0.0, seconds), self._duration)
            if self._state is PlayerState.FINISHED and self._position < self._duration:
                self._state = PlayerState.PAUSED

    def stop(self) -> None:
        """Stop and forget the recording."""
        self._state = PlayerState.EMPTY
        self._position = 0.0
        self._duration = 0.0
        self._problem = None

    def close(self) -> None:
        """Same as stop."""
        self.stop()

    def advance(self, seconds: float) -> None:
        """Let `seconds` of playing time pass."""
        if self._state is PlayerState.PLAYING:
            self._position = min(self._position + seconds, self._duration)
            if self._position >= self._duration:
                self._state = PlayerState.FINISHED
