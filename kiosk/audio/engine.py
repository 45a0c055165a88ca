"""The one audio engine: a single output stream that plays speech and stories.

Everything the kiosk sounds goes through here, so the kiosk alone decides what is heard:
speech interrupts speech at once; while anything is being said, a story waits (it does not
advance) and carries on from the same place afterwards; two sounds never overlap.

The output device sits behind `OutputDevice` (the real one is kiosk/audio/output.py).
PortAudio calls `fill` on its own thread;
`fill` never blocks (it plays a block of silence rather than wait for the lock) and never
allocates beyond slicing.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

RATE = 22050
"""Samples per second of the one output stream (espeak-ng's own rate: speech needs no resampling)."""

RETRY_SECONDS = 2.0
"""How often a missing output device is tried again, so sound comes back by itself."""

STILL_MISSING_SECONDS = 60.0
"""While the device cannot be opened, the log says so again this often (the first time at
once): how long, and why. A kiosk whose sound never came after boot (issue 31) showed one
line and then nothing for a minute, so nobody could tell whether it was still trying."""

REST_SECONDS = 1.0
"""After this long with nothing to play the device rests: no blocks are asked for, so an idle
kiosk does no work 172 times a second (issue 14). The next sound starts it again and is
heard in about a millisecond on PulseAudio: sooner than through a running stream, whose
buffer is full of silence ahead of it."""

Samples = np.ndarray[Any, np.dtype[np.float32]]
"""Sound as floats from -1 to 1: what the device plays, and stories."""

Pcm = np.ndarray[Any, np.dtype[np.int16]]
"""Speech as espeak-ng makes it: 16-bit samples, half the memory of floats (issue 11.8)."""

PCM_SCALE = np.float32(1 / 32768)


class AudioUnavailable(Exception):
    """There is no usable output device; the message is for the log."""


class OutputDevice(Protocol):
    """Somewhere to send sound: PortAudio for real, a fake in tests."""

    @property
    def active(self) -> bool:
        """True while the device is running."""
        ...

    def start(self, fill: Callable[[Samples], None], lost: Callable[[], None]) -> None:
        """Start pulling blocks from `fill`; call `lost` if the device goes away."""
        ...

    def rest(self) -> None:
        """Stop pulling blocks at once, dropping what it holds; keep it, to start quickly."""
        ...

    def stop(self) -> None:
        """Stop and release the device."""
        ...


@dataclass(frozen=True)
class Segment:
    """A piece of speech: usually one sentence of an utterance."""

    utterance: int
    samples: Pcm
    last: bool
    """True for the utterance's final piece: when it has played, the utterance is finished."""


@dataclass(frozen=True)
class Event:
    """Something the engine reports, in order, on `AudioEngine.events`."""

    kind: str
    """"spoken" (an utterance finished), "story-finished", or "device-lost"."""
    utterance: int = 0


class AudioEngine:
    """Mixes speech (first) and a story (when nothing is being said) into one stream."""

    def __init__(
        self,
        output: OutputDevice,
        *,
        retry_seconds: float = RETRY_SECONDS,
        rest_seconds: float = REST_SECONDS,
        still_missing_seconds: float = STILL_MISSING_SECONDS,
    ) -> None:
        self._output = output
        self._lock = threading.Lock()
        # Opening the device is slow and PortAudio is not safe to open from two threads.
        self._device_lock = threading.Lock()
        self._retry_seconds = retry_seconds
        self._still_missing_seconds = still_missing_seconds
        self._rest_seconds = rest_seconds
        self._watching = False
        """True while a thread waits for quiet to rest the device (changed under _device_lock)."""
        self._retry_lock = threading.Lock()
        self._retrying = False
        self._closed = threading.Event()
        self.events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self.problem: str | None = None
        """Why the device is not running, for the log; None when it is."""
        self.gain = 1.0
        """Loudness from 0 to 1, applied to everything played."""
        # Speech.
        self._speech: deque[Segment] = deque()
        self._speech_pos = 0
        self._utterance = 0
        """The utterance being said (or being made ready); 0 when none."""
        self.speech_paused = False
        # The story.
        self._story: Samples | None = None
        self._story_pos = 0
        self._story_playing = False

    # --- the device ---------------------------------------------------------------------

    def ensure_running(self) -> bool:
        """Start the output if it is not running; True if sound can be heard."""
        if self._output.active:
            return True
        with self._device_lock:
            if self._output.active:  # another thread opened it while this one waited
                return True
            if self._closed.is_set():
                return False  # closing: PortAudio may be going away with the program
            try:
                self._output.start(self._fill, self._lost)
            except AudioUnavailable as error:
                if self.problem != str(error):
                    log.warning("no sound output: %s", error)
                self.problem = str(error)
                self._keep_trying()
                return False
            if not self._watching:
                self._watching = True
                threading.Thread(
                    target=self._rest_when_quiet, name="sound-rest", daemon=True
                ).start()
        if self.problem:
            log.info("sound output is back")
        self.problem = None
        return True

    def _lost(self) -> None:
        # PortAudio's thread: just record it; the retry thread opens the device again.
        self.problem = "the sound device went away"
        self.events.put(Event("device-lost"))
        self._keep_trying()

    def _keep_trying(self) -> None:
        """Try the device again every few seconds until it works (or the engine closes).

        Without this, sound came back only when something new was said, which on a kiosk
        means the next key: a visitor waiting for the kiosk to speak would wait for ever.
        Whatever was being said when it went, or was said meanwhile, plays when it is back.
        """
        with self._retry_lock:
            if self._retrying or self._closed.is_set():
                return
            self._retrying = True
        threading.Thread(target=self._retry, name="sound-retry", daemon=True).start()

    def _retry(self) -> None:
        since = said = time.monotonic()
        while not self._closed.wait(self._retry_seconds):
            self.ensure_running()
            with self._retry_lock:
                # Checked under the lock: a loss reported just now starts no second thread,
                # so this one must not leave while there is a problem.
                if self.problem is None:
                    self._retrying = False
                    return
            now = time.monotonic()
            if now - said >= self._still_missing_seconds:
                said = now
                log.warning(
                    "still no sound output after %.0f s (trying every %g s): %s",
                    now - since,
                    self._retry_seconds,
                    self.problem,
                )
        with self._retry_lock:
            self._retrying = False

    @property
    def _busy(self) -> bool:
        """True while something is to be heard: speech (not paused) or a story."""
        return (self._utterance != 0 and not self.speech_paused) or self._story_playing

    def _rest_when_quiet(self) -> None:
        """Rest the device once nothing has been played for `rest_seconds`."""
        step = self._rest_seconds / 4
        quiet = 0.0
        while not self._closed.wait(step):
            quiet = 0.0 if self._busy else quiet + step
            if quiet >= self._rest_seconds and self._rest(wait=True):
                return
            if not self._watching:
                return

    def _drop_held(self) -> None:
        """Drop what the device still holds (it rests until the next sound starts it)."""
        if self._device_lock.acquire(blocking=False):  # never wait on the screen's thread
            try:
                if self._output.active:
                    self._output.rest()
            finally:
                self._device_lock.release()

    def _rest(self, *, wait: bool) -> bool:
        """Rest the device if nothing is to be heard; True if it rests (or is not running)."""
        if not self._device_lock.acquire(blocking=wait):
            return False  # being opened on another thread: the watcher rests it later
        try:
            if self._busy:
                return False
            if self._output.active:
                self._output.rest()  # what it still holds is silence, or was just cut
                # Words that came between the look and the rest were queued while the device
                # still ran, so they started nothing: they were heard only after the next key.
                if self._busy and self._start_again():
                    return False
            self._watching = False
            return True
        finally:
            self._device_lock.release()

    def _start_again(self) -> bool:
        """Start the rested device for what came meanwhile (holding `_device_lock`)."""
        try:
            self._output.start(self._fill, self._lost)
        except AudioUnavailable as error:
            self.problem = str(error)
            self._keep_trying()
            return False
        return True

    def close(self) -> None:
        """Stop everything and release the device."""
        self._closed.set()
        with self._lock:
            self._speech.clear()
            self._utterance = 0
            self._story_playing = False
        # Wait for a device being opened on another thread (the speech thread, the retry
        # thread) to finish: PortAudio torn down under it, as the program ends, aborts it.
        with self._device_lock:
            self._output.stop()

    # --- the audio thread --------------------------------------------------------------

    def _fill(self, out: Samples) -> None:
        if not self._lock.acquire(blocking=False):
            out.fill(0)
            return
        try:
            written = self._fill_locked(out)
            out[written:] = 0
            if written and self.gain != 1.0:
                out[:written] *= self.gain
        finally:
            self._lock.release()

    def _fill_locked(self, out: Samples) -> int:
        wanted, written = len(out), 0
        while written < wanted:
            if self._utterance:
                # Something is being said (or the next sentence is being made): the story
                # waits, silent, in its place.
                if self.speech_paused or not self._speech:
                    return written
                segment = self._speech[0]
                take = segment.samples[self._speech_pos : self._speech_pos + wanted - written]
                block = out[written : written + len(take)]
                block[:] = take  # converted in place: nothing allocated on this thread
                block *= PCM_SCALE
                written += len(take)
                self._speech_pos += len(take)
                if self._speech_pos >= len(segment.samples):
                    self._speech.popleft()
                    self._speech_pos = 0
                    if segment.last:
                        self._utterance = 0
                        self.events.put(Event("spoken", segment.utterance))
            elif self._story_playing and self._story is not None:
                story = self._story[self._story_pos : self._story_pos + wanted - written]
                out[written : written + len(story)] = story
                written += len(story)
                self._story_pos += len(story)
                if self._story_pos >= len(self._story):
                    self._story_playing = False
                    self.events.put(Event("story-finished"))
            else:
                return written
        return written

    # --- speech -------------------------------------------------------------------------

    def begin_utterance(self, utterance: int) -> int:
        """Cut off whatever is being said and hold the story for `utterance`.

        Returns the utterance that was cut off (0 if none) so it can be logged.
        """
        with self._lock:
            cut = self._utterance
            self._speech.clear()
            self._speech_pos = 0
            self._utterance = utterance
            self.speech_paused = False
        if cut and not self._story_playing:
            self._drop_held()  # the new words come at once, not after the old ones' tail
        return cut

    def add_speech(self, segment: Segment) -> None:
        """Queue a piece of the current utterance (pieces of older utterances are dropped).

        The device is started here, with the piece already queued, rather than when the
        utterance begins: a device started with nothing to play fills its buffer with
        silence first (10 ms), and the words wait behind it.
        """
        with self._lock:
            current = segment.utterance == self._utterance
            if current:
                self._speech.append(segment)
        if current and not self._output.active:
            self.ensure_running()

    def end_utterance(self, utterance: int) -> None:
        """Give up an utterance that will get no more pieces (nothing to say, or an error)."""
        with self._lock:
            if self._utterance == utterance:
                self._speech.clear()
                self._utterance = 0

    def stop_speech(self) -> int:
        """Silence speech at once; the story, if playing, carries on. Returns what was cut."""
        with self._lock:
            cut = self._utterance
            self._speech.clear()
            self._speech_pos = 0
            self._utterance = 0
            self.speech_paused = False
        if cut:
            # What the device still holds would go on for another 10 ms or so: with nothing
            # else to play, drop it, so the key is heard to stop the voice at once (row S4).
            self._rest(wait=False)
        return cut

    def pause_speech(self, paused: bool) -> None:
        """Pause speech in its place (the story stays paused too), or carry on."""
        with self._lock:
            self.speech_paused = paused
        if not paused:
            self.ensure_running()  # it may have rested while the speech was paused

    @property
    def speaking(self) -> bool:
        """True while an utterance is being said or made ready."""
        return self._utterance != 0

    # --- the story ----------------------------------------------------------------------

    def load_story(self, samples: Samples | None) -> None:
        """Put a story (at RATE) in place, paused at its start; None removes it."""
        with self._lock:
            self._story = samples
            self._story_pos = 0
            self._story_playing = False

    def play_story(self) -> bool:
        """Play the story from its place; False if there is no sound device."""
        with self._lock:
            if self._story is None:
                return False
            if self._story_pos >= len(self._story):
                self._story_pos = 0
            self._story_playing = True
        return self.ensure_running()

    def pause_story(self) -> None:
        """Pause the story in its place."""
        with self._lock:
            self._story_playing = False

    def seek_story(self, frame: int) -> None:
        """Move the story's place to `frame` (kept within the story)."""
        with self._lock:
            if self._story is not None:
                self._story_pos = min(max(0, frame), len(self._story))

    @property
    def story_frame(self) -> int:
        """The story's place, in samples."""
        return self._story_pos

    @property
    def story_playing(self) -> bool:
        """True while the story is meant to play (it may be waiting for speech)."""
        return self._story_playing
