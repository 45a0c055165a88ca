"""The microphone's loudness, for staff checking a kiosk (voice control comes later)."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

MIC_RATE = 16000


class MicLevel:
    """Opens the default input device and keeps its recent loudness (0 to 1)."""

    def __init__(self, device: int | str | None = None) -> None:
        self._device = device
        self._stream: Any = None
        self.level = 0.0
        self.problem: str | None = None

    def start(self) -> None:
        """Start listening; on failure, `problem` says why in plain words."""
        try:
            import sounddevice

            def callback(indata: Any, _frames: int, _time: Any, _status: Any) -> None:
                # PortAudio's thread: work out one number, never block.
                peak = float(np.abs(indata).max()) if len(indata) else 0.0
                self.level = max(peak, self.level * 0.8)

            self._stream = sounddevice.InputStream(
                samplerate=MIC_RATE,
                channels=1,
                dtype="float32",
                device=self._device,
                callback=callback,
            )
            self._stream.start()
            self.problem = None
        except Exception as error:  # no PortAudio, no input device
            log.info("no microphone: %s", error)
            self._stream = None
            self.problem = "no microphone was found."

    def stop(self) -> None:
        """Stop listening."""
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
                stream.close()
            except Exception as error:
                log.warning("closing the microphone: %s", error)
