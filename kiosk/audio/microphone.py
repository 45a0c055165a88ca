"""The microphone: 16 kHz mono 16-bit blocks from sounddevice, behind a small interface.

One microphone class serves voice commands (kiosk/listening/listener.py) and the staff
sound check's level meter. Its callback only copies the block and hands it on: PortAudio's
thread must never wait (vosk-api #444).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from kiosk.core.problems import Code

log = logging.getLogger(__name__)

RATE = 16000
BLOCK = 320
"""20 ms of audio per microphone block."""


class MicProblem(Exception):
    """The microphone cannot be used; `code` says why (the message is for the log)."""

    def __init__(self, code: Code, detail: str = "") -> None:
        super().__init__(detail or code.value)
        self.code = code


class Microphone(Protocol):
    """Something that delivers 16 kHz mono 16-bit audio blocks."""

    def start(self, deliver: Callable[[bytes], None], lost: Callable[[], None]) -> None:
        """Start delivering blocks; raise MicProblem if it cannot."""

    def stop(self) -> None:
        """Stop delivering."""


class SoundDeviceMic:
    """The default input device, through sounddevice/PortAudio."""

    def __init__(self, device: int | str | None = None) -> None:
        self._device = device
        self._stream: Any = None

    def start(self, deliver: Callable[[bytes], None], lost: Callable[[], None]) -> None:
        """Open the input stream; its callback only copies the block and hands it on."""
        try:
            import sounddevice
        except OSError as error:  # PortAudio itself is missing
            raise MicProblem(Code.NO_MICROPHONE, "the sound library is missing") from error

        def callback(indata: Any, _frames: int, _time: Any, _status: Any) -> None:
            deliver(bytes(indata))  # PortAudio's thread: copy, queue, nothing more

        try:
            self._stream = sounddevice.RawInputStream(
                samplerate=RATE,
                channels=1,
                dtype="int16",
                blocksize=BLOCK,
                device=self._device,
                callback=callback,
                finished_callback=lost,
            )
            self._stream.start()
        except Exception as error:  # PortAudioError, ValueError: no such device
            self._stream = None
            raise MicProblem(Code.NO_MICROPHONE, str(error)) from error

    def stop(self) -> None:
        """Close the stream."""
        stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.abort()
                stream.close()


class MicLevel:
    """The microphone's recent loudness (0 to 1), for staff checking a kiosk."""

    def __init__(self, microphone: Microphone | None = None) -> None:
        self._mic = microphone or SoundDeviceMic()
        self.level = 0.0
        self.problem: Code | None = None

    def _deliver(self, block: bytes) -> None:
        # PortAudio's thread: work out one number, never block.
        samples = np.frombuffer(block, dtype=np.int16)
        peak = float(np.abs(samples).max()) / 32768 if len(samples) else 0.0
        self.level = max(peak, self.level * 0.8)

    def _lost(self) -> None:
        self.problem = Code.MICROPHONE_LOST

    def start(self) -> None:
        """Start listening; on failure, `problem` says why."""
        try:
            self._mic.start(self._deliver, self._lost)
            self.problem = None
        except MicProblem as error:
            log.info("no microphone: %s", error)
            self.problem = error.code

    def stop(self) -> None:
        """Stop listening."""
        self._mic.stop()
