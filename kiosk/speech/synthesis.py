"""Text to speech with pyttsx3 and its espeak-ng driver, rendered to samples, never played.

pyttsx3's own playback is not used: on Linux it runs a separate `aplay` that cannot be
interrupted. Instead each sentence is rendered to a WAV file in memory-backed temp space
and read back as samples for the audio engine. pyttsx3 wants its engine created and used in
one thread; `Speaker` owns that thread and is the only caller of `synthesize`.
"""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
import time
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import soundfile
import soxr

from kiosk.audio.engine import RATE, Samples

log = logging.getLogger(__name__)


class SpeechUnavailable(Exception):
    """The speech synthesizer cannot be used (for example espeak-ng is missing)."""


class Synthesizer(Protocol):
    """Turns a sentence into samples at the engine's rate."""

    def synthesize(self, text: str, language: str, rate: int) -> Samples:
        """Render `text` in a voice for `language` at `rate` words per minute."""
        ...


class EspeakSynthesizer:
    """pyttsx3 (espeak-ng driver). Create it in the thread that will use it."""

    def __init__(self) -> None:
        try:
            import pyttsx3

            self._engine: Any = pyttsx3.init("espeak")
            voices = self._engine.getProperty("voices")
        except Exception as error:  # ImportError, OSError from ctypes, RuntimeError
            raise SpeechUnavailable(f"espeak-ng cannot be used: {error}") from error
        self._exact, self._by_base = self._voice_table(voices)
        # "gmw/en" is espeak's plain English; several accents also claim "en", so a voice
        # whose own name is the code wins.
        self._by_name = {str(v.id).split("/")[-1].lower(): v.id for v in voices}
        self._voice: str | None = None
        self._rate: int | None = None
        # /dev/shm keeps the round trip through a file in memory where there is one.
        shm = Path("/dev/shm")
        self._folder = tempfile.TemporaryDirectory(
            prefix="kiosk-tts-", dir=shm if shm.is_dir() else None
        )
        self._wav = Path(self._folder.name) / "say.wav"

    @staticmethod
    def _voice_table(voices: Any) -> tuple[dict[str, str], dict[str, str]]:
        """Language code -> voice id: exact codes ("en-us"), and first voice per base ("en")."""
        exact: dict[str, str] = {}
        by_base: dict[str, str] = {}
        for voice in voices:
            for language in getattr(voice, "languages", None) or []:
                code = str(language).lower()
                exact.setdefault(code, voice.id)
                by_base.setdefault(code.split("-")[0], voice.id)
        return exact, by_base

    def voice_for(self, language: str) -> str | None:
        """The voice id used for `language`, or None when espeak-ng has none."""
        code = language.lower()
        base = code.split("-")[0]
        return (
            self._by_name.get(code)
            or self._exact.get(code)
            or self._by_name.get(base)
            or self._exact.get(base)
            or self._by_base.get(base)
        )

    def synthesize(self, text: str, language: str, rate: int) -> Samples:
        """Render one sentence to samples (mono float32 at RATE)."""
        voice = self.voice_for(language) or self.voice_for("en")
        if voice != self._voice:
            self._engine.setProperty("voice", voice)
            self._voice = voice
        if rate != self._rate:
            self._engine.setProperty("rate", rate)
            self._rate = rate
        # pyttsx3's espeak driver now and then returns from runAndWait before the file is
        # written, or whole (seen on the first sentence of a run, once in several runs: no
        # file, or "Format not recognised"); so make it again, up to twice more.
        for _attempt in range(3):
            self._wav.unlink(missing_ok=True)
            # The espeak driver prints "Audio saved to ..." on every save; keep it off screen.
            with contextlib.redirect_stdout(io.StringIO()):
                self._engine.save_to_file(text, str(self._wav))
                self._engine.runAndWait()
            try:
                samples, rate_read = soundfile.read(str(self._wav), dtype="float32")
                break
            except (OSError, RuntimeError):  # LibsndfileError is a RuntimeError
                time.sleep(0.02)
        else:
            raise SpeechUnavailable("espeak-ng made no sound for this text")
        if rate_read != RATE:
            samples = soxr.resample(samples, rate_read, RATE)
        return np.ascontiguousarray(samples, dtype=np.float32)
