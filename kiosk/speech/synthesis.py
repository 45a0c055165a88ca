"""Text to speech with pyttsx3's espeak-ng binding, rendered to samples, never played.

pyttsx3's own playback is not used: on Linux it runs a separate `aplay` that cannot be
interrupted. Nor is its `save_to_file`: that polls every 10 ms, writes a WAV file and hands
it over only when the whole sentence is made, so a long sentence was heard only after all
of it had been rendered (issue 14). Instead espeak-ng runs in its synchronous mode and gives
each piece of about 60 ms to a callback in the calling thread as it is made; the speaker
queues the first piece while espeak-ng is still making the rest, as espeak-ng's own
program does. A 40-word sentence takes about 10 ms to render in all; its first piece comes
in about 1 ms.

pyttsx3 still chooses the voices (its voice list and its "voice" and "rate" properties);
its driver starts espeak-ng only once a process, so this module starts it first, in the
synchronous mode (`_start_espeak`). pyttsx3 wants its engine created and used in one thread;
`Speaker` owns that thread and is the only caller of `synthesize`.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from kiosk.audio.engine import Pcm

log = logging.getLogger(__name__)

LEAD_IN_LEVEL = 160
"""Below this (0.5% of full scale) the start of a sentence is silence: espeak-ng begins
every sentence with 10 to 50 ms of it, which a visitor hears only as a late answer."""

LEAD_IN_KEEP = 22
"""Samples (1 ms) kept before the first sound, so a soft first consonant starts whole."""

PIECE_MS = 60
"""How much speech espeak-ng makes before handing it over (its own default)."""

Pieces = Callable[[Pcm], bool]
"""Called with each piece of a sentence as it is made; returns False to stop making it."""


class SpeechUnavailable(Exception):
    """The speech synthesizer cannot be used (for example espeak-ng is missing)."""


class Synthesizer(Protocol):
    """Turns a sentence into 16-bit samples at the engine's rate."""

    def synthesize(
        self, text: str, language: str, rate: int, *, pieces: Pieces | None = None
    ) -> Pcm | None:
        """Render `text` in a voice for `language` at `rate` words per minute.

        With `pieces`, each piece is handed over as soon as it is made (a synthesizer may
        also hand over none and just return the whole). Returns the whole sentence, or
        None when `pieces` asked to stop.
        """
        ...


def trim_lead_in(samples: Pcm) -> Pcm:
    """`samples` from just before its first sound (all of them if there is no sound)."""
    loud = np.flatnonzero(np.abs(samples) > LEAD_IN_LEVEL)
    if not len(loud):
        return samples[:0]
    return samples[max(0, int(loud[0]) - LEAD_IN_KEEP) :]


# espeak-ng is one engine per process: one sentence at a time, whoever asks.
_espeak_lock = threading.Lock()
_synchronous = False
"""True when this module started espeak-ng (synchronous: pieces come in the caller's thread)."""


def _start_espeak() -> Any:
    """Start espeak-ng in its synchronous mode, before pyttsx3 starts it another way."""
    global _synchronous
    from pyttsx3.drivers import _espeak
    from pyttsx3.drivers import espeak as driver

    with _espeak_lock:
        if not driver.EspeakDriver._moduleInitialized:
            if _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, PIECE_MS) == -1:
                raise SpeechUnavailable("espeak-ng could not be started")
            # What pyttsx3's driver does when it starts espeak-ng itself.
            voice = _espeak.GetCurrentVoice()
            name = voice.contents.name if voice and voice.contents.name else b""
            driver.EspeakDriver._defaultVoice = name.decode("utf-8") or "gmw/en"
            driver.EspeakDriver._moduleInitialized = True
            _synchronous = True
    return _espeak


def _samples(wav: Any, count: int) -> Pcm:
    """A copy of the `count` samples espeak-ng's callback points at.

    Read as bytes, not with `np.ctypeslib.as_array(wav, (count,))`: that makes a ctypes array
    type for each length, and ctypes keeps every one for the life of the process. The last
    piece of each sentence has its own length, so the kiosk grew by up to 7 MB of types
    (issue 11, item 8).
    """
    raw = ctypes.string_at(wav, count * np.dtype(np.int16).itemsize)
    return np.frombuffer(raw, dtype=np.int16).copy()  # writable, like every other Pcm


class EspeakSynthesizer:
    """pyttsx3's espeak-ng. Create it in the thread that will use it."""

    def __init__(self) -> None:
        try:
            self._espeak = _start_espeak()
            import pyttsx3

            self._engine: Any = pyttsx3.init("espeak")
            voices = self._engine.getProperty("voices")
        except SpeechUnavailable:
            raise
        except Exception as error:  # ImportError, OSError from ctypes, RuntimeError
            raise SpeechUnavailable(f"espeak-ng cannot be used: {error}") from error
        self._exact, self._by_base = self._voice_table(voices)
        # "gmw/en" is espeak's plain English; several accents also claim "en", so a voice
        # whose own name is the code wins.
        self._by_name = {str(v.id).split("/")[-1].lower(): v.id for v in voices}
        self._voice: str | None = None
        self._rate: int | None = None

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

    def synthesize(
        self, text: str, language: str, rate: int, *, pieces: Pieces | None = None
    ) -> Pcm | None:
        """Render one sentence (mono 16-bit at RATE), handing each piece to `pieces`."""
        espeak = self._espeak
        made: list[Pcm] = []
        done = threading.Event()
        state = {"lead_in": True, "stopped": False, "failed": False}

        def heard(wav: Any, count: int, events: Any) -> int:
            # espeak-ng's callback: keep it short, and never let an exception out of it.
            try:
                index = 0
                while (kind := events[index].type) != espeak.EVENT_LIST_TERMINATED:
                    if kind == espeak.EVENT_MSG_TERMINATED:
                        done.set()
                    index += 1
                if count <= 0 or state["stopped"] or state["failed"]:
                    return 0
                piece = _samples(wav, count)
                if state["lead_in"]:
                    piece = trim_lead_in(piece)
                    if not len(piece):
                        return 0
                    state["lead_in"] = False
                made.append(piece)
                if pieces is not None and not pieces(piece):
                    state["stopped"] = True
                    return 1  # stop making the rest: nobody will hear it
            except Exception:
                log.exception("espeak-ng's callback failed")
                state["failed"] = True
                return 1
            return 0

        with _espeak_lock:
            voice = self.voice_for(language) or self.voice_for("en")
            if voice != self._voice:
                self._engine.setProperty("voice", voice)
                self._voice = voice
            if rate != self._rate:
                self._engine.setProperty("rate", rate)
                self._rate = rate
            espeak.SetSynthCallback(heard)
            result = espeak.Synth(text.encode("utf-8"), flags=espeak.ENDPAUSE | espeak.CHARS_UTF8)
            if result != espeak.EE_OK:
                raise SpeechUnavailable(f"espeak-ng could not say this text (error {result})")
            # Synchronous, it has finished already; started by someone else, it may still run.
            if not _synchronous and not done.wait(10):
                raise SpeechUnavailable("espeak-ng did not finish the text")
        if state["failed"]:
            raise SpeechUnavailable("espeak-ng's samples could not be read")
        if state["stopped"]:
            return None
        return np.concatenate(made) if made else np.zeros(0, dtype=np.int16)
