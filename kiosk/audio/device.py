"""The real player: decodes with soundfile and plays through sounddevice (PortAudio).

Decoding runs in a background thread, so the screen never waits for it. Sound is written
by PortAudio's own callback thread, which only copies samples and never blocks: it skips a
block (silence) rather than wait for a lock.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np
import soundfile

from kiosk.audio.player import BAD_FILE, NO_SOUND, PlayerState

log = logging.getLogger(__name__)


class DevicePlayer:
    """Plays one recording at a time on an output device (the system default if None)."""

    def __init__(self, device: int | str | None = None) -> None:
        self._device = device
        self._lock = threading.Lock()
        self._state = PlayerState.EMPTY
        self._problem: str | None = None
        self._samples: np.ndarray[Any, np.dtype[np.float32]] | None = None
        self._rate = 0
        self._frame = 0
        self._stream: Any = None
        # Bumped by every open/stop, so a decode that finishes late for an old story is dropped.
        self._generation = 0

    @property
    def state(self) -> PlayerState:
        """What the player is doing."""
        return self._state

    @property
    def position(self) -> float:
        """Seconds into the recording."""
        return self._frame / self._rate if self._rate else 0.0

    @property
    def duration(self) -> float:
        """Length of the recording in seconds."""
        samples = self._samples
        return len(samples) / self._rate if samples is not None and self._rate else 0.0

    @property
    def problem(self) -> str | None:
        """Why sound is not playing, in plain words."""
        return self._problem

    def open(self, path: Path, *, play: bool = True) -> None:
        """Decode `path` in the background, then play it if `play`."""
        self.stop()
        with self._lock:
            self._generation += 1
            generation = self._generation
            self._state = PlayerState.LOADING
        threading.Thread(
            target=self._decode, args=(path, generation, play), name="decode", daemon=True
        ).start()

    def _decode(self, path: Path, generation: int, play: bool) -> None:
        try:
            data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
        except (OSError, RuntimeError, soundfile.LibsndfileError) as error:
            log.warning("cannot decode %s: %s", path, error)
            with self._lock:
                if generation == self._generation:
                    self._state, self._problem = PlayerState.FAILED, BAD_FILE
            return
        mono = np.ascontiguousarray(data.mean(axis=1), dtype=np.float32)
        with self._lock:
            if generation != self._generation:
                return
            self._samples, self._rate, self._frame = mono, int(rate), 0
            self._state = PlayerState.PAUSED
        if play:
            self.play()

    def play(self) -> None:
        """Play from the current place; from the start after the end."""
        with self._lock:
            if self._samples is None or self._state in (PlayerState.LOADING, PlayerState.EMPTY):
                return
            if self._state is PlayerState.FINISHED or self._frame >= len(self._samples):
                self._frame = 0
        try:
            self._ensure_stream()
        except Exception as error:  # PortAudio missing, no device, device busy: all the same
            log.warning("no sound output: %s", error)
            self._close_stream()
            with self._lock:
                self._state, self._problem = PlayerState.FAILED, NO_SOUND
            return
        with self._lock:
            self._state, self._problem = PlayerState.PLAYING, None

    def _ensure_stream(self) -> None:
        if self._stream is not None and self._stream.active:
            return
        self._close_stream()
        # Imported here: it fails at import time when PortAudio is missing, and the kiosk
        # must still start (and show transcripts) on a machine without sound.
        import sounddevice

        stream = sounddevice.OutputStream(
            samplerate=self._rate,
            channels=1,
            dtype="float32",
            device=self._device,
            callback=self._callback,
            finished_callback=self._on_stream_finished,
        )
        stream.start()
        self._stream = stream

    def _callback(
        self, outdata: np.ndarray[Any, Any], frames: int, _time: Any, _status: Any
    ) -> None:
        if not self._lock.acquire(blocking=False):
            outdata.fill(0)
            return
        try:
            samples = self._samples
            if self._state is not PlayerState.PLAYING or samples is None:
                outdata.fill(0)
                return
            chunk = samples[self._frame : self._frame + frames]
            count = len(chunk)
            outdata[:count, 0] = chunk
            outdata[count:] = 0
            self._frame += count
            if count < frames:
                self._state = PlayerState.FINISHED
        finally:
            self._lock.release()

    def _on_stream_finished(self) -> None:
        # Called when the stream ends; unasked, that means the device went away.
        if self._state is PlayerState.PLAYING:
            self._state, self._problem = PlayerState.FAILED, NO_SOUND

    def pause(self) -> None:
        """Pause, keeping the place."""
        with self._lock:
            if self._state is PlayerState.PLAYING:
                self._state = PlayerState.PAUSED

    def seek(self, seconds: float) -> None:
        """Jump to `seconds` within the recording."""
        with self._lock:
            if self._samples is None:
                return
            self._frame = int(min(max(0.0, seconds), self.duration) * self._rate)
            if self._state is PlayerState.FINISHED and self._frame < len(self._samples):
                self._state = PlayerState.PAUSED

    def stop(self) -> None:
        """Stop at once and release the device."""
        with self._lock:
            self._generation += 1
            self._state = PlayerState.EMPTY
            self._problem = None
            self._samples, self._rate, self._frame = None, 0, 0
        self._close_stream()

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()  # abort, not stop: stop would wait for queued sound to drain
                stream.close()
            except Exception as error:
                log.warning("closing the sound output: %s", error)

    def close(self) -> None:
        """Stop; the player is not used again."""
        self.stop()
