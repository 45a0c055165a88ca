"""The real output device: a sounddevice (PortAudio) stream, and keeping ALSA quiet.

sounddevice is imported only when a stream is opened: the import fails where PortAudio is
missing, and the kiosk must still start (and show everything) on a machine without sound.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
from collections.abc import Callable
from typing import Any

from kiosk.audio.engine import RATE, AudioUnavailable, Samples

log = logging.getLogger(__name__)


class SoundDeviceOutput:
    """A sounddevice (PortAudio) output stream, mono float32 at RATE."""

    def __init__(
        self, device: int | str | None = None, blocksize: int = 128, latency: float | str = 0.01
    ) -> None:
        self._device = device
        self._blocksize = blocksize
        self._latency = latency
        self._stream: Any = None
        self._stopping = False
        self._tried = False
        self._resting = False
        self.underflows = 0
        """Blocks PortAudio had to play before the kiosk filled them: each is heard as a
        click or a gap. Counted for the benchmarks and for finding out why, never shown."""
        """True while the stream is stopped but kept, to start again quickly."""

    @staticmethod
    def prepare() -> None:
        """Start PortAudio now, on the calling thread.

        sounddevice hides ALSA's start-up chatter by pointing descriptor 2 at /dev/null for
        a moment. Textual draws on descriptor 2, so this must happen before the screen
        starts, not on the speech thread while it does.
        """
        _silence_alsa()
        with contextlib.suppress(OSError):
            import sounddevice  # noqa: F401

    @property
    def active(self) -> bool:
        """True while the stream is running."""
        return self._stream is not None and bool(self._stream.active)

    def start(self, fill: Callable[[Samples], None], lost: Callable[[], None]) -> None:
        """Open and start the stream, or start a resting one again (raises AudioUnavailable)."""
        if self._stream is not None and self._resting:
            self._resting = self._stopping = False
            try:
                self._stream.start()
                return
            except Exception as error:  # the device went while it rested: open it afresh
                log.info("the resting sound output did not start again: %s", error)
        self.stop()
        try:
            # Imported here: the import fails when PortAudio is missing, and the kiosk must
            # still start (and show everything) on a machine without sound.
            import sounddevice
        except OSError as error:
            raise AudioUnavailable(f"PortAudio is not installed: {error}") from error

        def callback(outdata: Any, _frames: int, _time: Any, status: Any) -> None:
            if status.output_underflow:
                self.underflows += 1
            fill(outdata[:, 0])

        def finished() -> None:
            if not self._stopping:
                lost()

        self._stopping = False

        def open_stream() -> Any:
            stream = sounddevice.OutputStream(
                samplerate=RATE,
                channels=1,
                dtype="float32",
                blocksize=self._blocksize,
                latency=self._latency,
                device=self._device,
                callback=callback,
                finished_callback=finished,
                # The first buffer is filled with what is queued, not with silence before it.
                prime_output_buffers_using_stream_callback=True,
            )
            stream.start()
            return stream

        first, self._tried = not self._tried, True
        try:
            self._stream = open_stream()
        except Exception as error:  # PortAudioError, ValueError (no device): all the same here
            if first:
                # PortAudio has only just listed the devices: starting it again won't help.
                raise AudioUnavailable(str(error)) from error
            # PortAudio lists devices once, when it starts; a device plugged in (or a sound
            # server started) since then is only seen after starting PortAudio afresh.
            try:
                _restart_portaudio(sounddevice)
                self._stream = open_stream()
            except Exception as again:
                raise AudioUnavailable(str(again)) from again

    def rest(self) -> None:
        """Stop the stream at once (what it holds is dropped) but keep it, to start again."""
        stream = self._stream
        if stream is None or not stream.active:
            return
        self._stopping = True  # PortAudio calls `finished` before abort() returns: not a loss
        try:
            # abort, not stop: after stop() (which plays out what it holds) and start(),
            # PortAudio no longer noticed the sound server going away (test_sound.py).
            stream.abort()
            self._resting = True
        except Exception as error:
            log.warning("resting the sound output: %s", error)
            self.stop()

    def stop(self) -> None:
        """Abort (not drain) and close the stream."""
        stream, self._stream = self._stream, None
        self._resting = False
        if stream is None:
            return
        self._stopping = True
        try:
            stream.abort()
            stream.close()
        except Exception as error:
            log.warning("closing the sound output: %s", error)


_ALSA_QUIET: Any = None
_JACK_QUIET: Any = None


def _silence_alsa() -> None:
    """Stop ALSA printing its complaints to the terminal (under the kiosk's screen).

    Done with ALSA's own error hook rather than by pointing file descriptor 2 elsewhere,
    because Textual draws on descriptor 2 while the kiosk runs.
    """
    global _ALSA_QUIET, _JACK_QUIET
    if _ALSA_QUIET is not None:
        return
    # PortAudio also tries JACK; it must not try to start a JACK server, nor say it failed.
    os.environ.setdefault("JACK_NO_START_SERVER", "1")
    with contextlib.suppress(OSError, AttributeError, TypeError):
        library = ctypes.util.find_library("asound")
        if library is not None:
            asound = ctypes.CDLL(library)
            handler = ctypes.CFUNCTYPE(
                None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
            )
            _ALSA_QUIET = handler(lambda *_: None)  # kept alive here: ALSA holds only a pointer
            asound.snd_lib_error_set_handler(_ALSA_QUIET)
    with contextlib.suppress(OSError, AttributeError, TypeError):
        library = ctypes.util.find_library("jack")
        if library is not None:
            jack = ctypes.CDLL(library)
            _JACK_QUIET = ctypes.CFUNCTYPE(None, ctypes.c_char_p)(lambda *_: None)
            jack.jack_set_error_function(_JACK_QUIET)
            jack.jack_set_info_function(_JACK_QUIET)


def _restart_portaudio(sounddevice: Any) -> None:
    """Start PortAudio afresh so it sees devices that appeared since it started.

    sounddevice's own `_terminate()`/`_initialize()` (its FAQ's answer) point descriptor 2 at
    /dev/null meanwhile, and with it any frame Textual is drawing; this calls PortAudio
    directly instead, with ALSA already silenced.
    """
    _silence_alsa()
    sounddevice._lib.Pa_Terminate()
    sounddevice._check(sounddevice._lib.Pa_Initialize(), "Error initializing PortAudio")
