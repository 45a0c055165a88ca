"""Playing a story through the one audio engine (the real `Player`)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np

from kiosk.audio.engine import RATE, AudioEngine, Samples
from kiosk.audio.player import PlayerState
from kiosk.core import recordings
from kiosk.core.loudness import Loudness, LoudnessCache
from kiosk.core.problems import Code

log = logging.getLogger(__name__)


def decode(path: Path, loudness: LoudnessCache | None = None) -> Samples:
    """Read a recording as mono float32 at the engine's rate, turned to the target loudness.

    The gain is applied here, once, to the whole story: the engine's per-block path is the
    same as before (the volume setting still multiplies every block, speech and story alike).
    Raises RecordingProblem, its message the reason in plain words.
    """
    samples = recordings.decode(path, RATE)
    try:
        cache = loudness or LoudnessCache(None)
        gain = cache.measured(path, samples, RATE, apart=True).gain
    except (ValueError, ArithmeticError, MemoryError, ImportError) as error:
        # Measuring is a nicety: a story that cannot be measured still plays, as recorded.
        log.warning("cannot measure the loudness of %s: %s", path, error)
        gain = 1.0
    if gain != 1.0:
        samples *= np.float32(gain)
    return samples


def loudness_of(path: Path, loudness: LoudnessCache) -> Loudness:
    """A story's loudness as the player measures it (from the cache when measured before).

    Raises RecordingProblem when the recording cannot be read.
    """
    return loudness.known(path) or loudness.measured(path, recordings.decode(path, RATE), RATE)


class EnginePlayer:
    """The story side of the audio engine: decode in the background, then play.

    `loudness` keeps each story's measured loudness (in the data folder for the real kiosk);
    without it each story is measured when it is opened.
    """

    def __init__(self, engine: AudioEngine, loudness: LoudnessCache | None = None) -> None:
        self._engine = engine
        self._loudness = loudness or LoudnessCache(None)
        self._lock = threading.Lock()
        self._state = PlayerState.EMPTY
        self._problem: Code | None = None
        self._length = 0
        # Bumped by every open and stop, so a decode that finishes late is dropped.
        self._generation = 0
        self._wants_play = False

    @property
    def state(self) -> PlayerState:
        """What the player is doing."""
        if self._state is PlayerState.PLAYING:
            if self._engine.problem:
                # The device went away mid-story; pressing play again tries to recover.
                self._engine.pause_story()
                self._state, self._problem = PlayerState.FAILED, Code.NO_SOUND
            elif not self._engine.story_playing:
                self._state = PlayerState.FINISHED  # the engine reached the end by itself
        return self._state

    @property
    def position(self) -> float:
        """Seconds into the recording."""
        return self._engine.story_frame / RATE if self._length else 0.0

    @property
    def duration(self) -> float:
        """Length of the recording in seconds."""
        return self._length / RATE

    @property
    def problem(self) -> Code | None:
        """Why the story is not playing."""
        return self._problem

    def open(self, path: Path, *, play: bool = True) -> None:
        """Decode `path` in a background thread; play it when ready if `play`."""
        self.stop()
        with self._lock:
            self._generation += 1
            generation = self._generation
            self._state = PlayerState.LOADING
            self._wants_play = play
        threading.Thread(
            target=self._decode, args=(path, generation), name="decode", daemon=True
        ).start()

    def _decode(self, path: Path, generation: int) -> None:
        try:
            samples = decode(path, self._loudness)
        except (
            recordings.RecordingProblem,
            OSError,
            ValueError,
            RuntimeError,
            MemoryError,
        ) as error:
            # MemoryError: a recording hours long on a small machine; the screen says it
            # cannot be played, rather than "loading" for ever.
            log.warning("%s could not be read: %s", path, error)
            with self._lock:
                if generation == self._generation:
                    self._state, self._problem = PlayerState.FAILED, Code.BAD_FILE
            return
        with self._lock:
            if generation != self._generation:
                return
            self._engine.load_story(samples)
            self._length = len(samples)
            self._state = PlayerState.PAUSED
            play = self._wants_play
        if play:
            self.play()

    def play(self) -> None:
        """Play from the current place (from the start after the end)."""
        if self._state in (PlayerState.EMPTY, PlayerState.LOADING) or not self._length:
            self._wants_play = True
            return
        if self._engine.play_story():
            self._state, self._problem = PlayerState.PLAYING, None
        else:
            self._engine.pause_story()
            self._state, self._problem = PlayerState.FAILED, Code.NO_SOUND

    def pause(self) -> None:
        """Pause in place."""
        self._wants_play = False
        # Read the state before the engine stops: afterwards "not playing" looks like the end.
        playing = self.state is PlayerState.PLAYING
        self._engine.pause_story()
        if playing:
            self._state = PlayerState.PAUSED

    def seek(self, seconds: float) -> None:
        """Jump to `seconds` within the recording."""
        if not self._length:
            return
        self._engine.seek_story(int(min(max(0.0, seconds), self.duration) * RATE))
        if self.state is PlayerState.FINISHED and self._engine.story_frame < self._length:
            self._state = PlayerState.PAUSED

    def stop(self) -> None:
        """Stop and forget the story."""
        with self._lock:
            self._generation += 1
            self._engine.load_story(None)
            self._state, self._problem, self._length = PlayerState.EMPTY, None, 0
            self._wants_play = False

    def close(self) -> None:
        """Stop; the engine itself is closed by its owner."""
        self.stop()
