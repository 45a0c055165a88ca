"""Speech recognition engines, behind one seam: a recognizer is given the phrases it may hear.

Each engine is a module of its own here, named after it (`vosk.py` for "vosk"; dashes become
underscores), holding `ENGINE`: how to load, check and install its models, and how to hear a
whole recording with each word's time (for `kiosk stories transcribe`). Which engine a
language uses is named in its pack (`[voice] engine`), or for the kiosk's first language in
kiosk.toml (`voice_engine`); kiosk/listening/models.py applies that rule. A new engine is its
module and a line in kiosk/core/engines.py.

The Silero voice check (`VoiceChecked`) wraps whatever recognizer an engine gives.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.core.engines import RecognitionEngine
from kiosk.core.locale import Pack
from kiosk.listening.grammar import Heard
from kiosk.listening.speech_check import MIN_VOICE, SileroCheck, SpeechCheck

log = logging.getLogger(__name__)


class ModelProblem(Exception):
    """Why a model cannot be found, installed or used, in plain words."""


Progress = Callable[[int, int], None]
"""Called with (bytes so far, total bytes or 0 when unknown) while a model downloads."""


class Recognizer(Protocol):
    """Speech to words, for one utterance at a time: an engine's, or a fake in unit tests."""

    def known(self, word: str) -> bool:
        """Whether the model has `word` in its vocabulary (a phrase with one it lacks is left out)."""

    def begin(self, phrases: Sequence[str] | None) -> None:
        """Start an utterance that may be one of `phrases`, or anything at all (None: a message)."""

    def accept(self, audio: bytes) -> None:
        """Feed audio (16 kHz mono 16-bit)."""

    def finish(self) -> Heard:
        """The words of the utterance so far, and end it."""


@dataclass(frozen=True)
class Word:
    """One recognised word and when it was said (seconds from the start)."""

    text: str
    start: float
    end: float


class Transcribing(Protocol):
    """Free recognition of a whole recording, word by word with times (drafting transcripts)."""

    def words(self, pcm: bytes, progress: Callable[[float], None] | None = None) -> list[Word]:
        """The words said in `pcm` (16 kHz mono 16-bit); `progress` is given 0 to 1."""


class Engine(Protocol):
    """One recognition engine: its models, and recognizers made with them."""

    def load(self, model: Path) -> Recognizer:
        """A recognizer with the model at `model`; ModelProblem when it will not load."""

    def transcriber(self, model: Path) -> Transcribing:
        """The model at `model` loaded to draft transcripts; ModelProblem when it will not load."""

    def check(self, model: Path) -> str | None:
        """What is wrong with the model folder at `model` (its files only), or None."""

    def try_loading(self, model: Path) -> str | None:
        """What stops the model loading as the kiosk will load it, or None if it loads."""

    def install(
        self,
        pack: Pack,
        target: Path,
        *,
        source: str | None,
        progress: Progress | None,
        timeout: float,
    ) -> None:
        """Fetch `pack`'s model and put it at `target`, whole or not at all.

        `source` is where to look for it instead of the engine's usual place (a mirror).
        """


def engine(name: RecognitionEngine) -> Engine:
    """The engine called `name`, from its module here (imported only when asked for)."""
    module = importlib.import_module(f"{__name__}.{name.value.replace('-', '_')}")
    found: Engine = module.ENGINE
    return found


class VoiceChecked:
    """A recognizer whose words count only when a voice was heard (a cough has no words).

    Given a small grammar, a recognizer forces any sound onto some phrase: a phone-band
    cough came back from Vosk as "사 번" with full confidence. The speech check hears the
    same audio and, when it found almost no voice in an utterance, its words are dropped.
    """

    def __init__(self, recognizer: Recognizer, check: SpeechCheck) -> None:
        self._recognizer = recognizer
        self._check = check

    def known(self, word: str) -> bool:
        """Whether the model knows the word."""
        return self._recognizer.known(word)

    def begin(self, phrases: Sequence[str] | None) -> None:
        """Start an utterance, for both."""
        self._recognizer.begin(phrases)
        self._check.reset()

    def accept(self, audio: bytes) -> None:
        """Both hear the same audio."""
        self._recognizer.accept(audio)
        self._check.feed(audio)

    def finish(self) -> Heard:
        """The words, or none when there was no voice."""
        heard = self._recognizer.finish()
        if heard.words and self._check.voice_seconds < MIN_VOICE:
            log.debug("no voice in %r", heard.text)
            return Heard(())
        return heard


def with_voice_check(recognizer: Recognizer) -> Recognizer:
    """`recognizer` with its words checked by Silero VAD.

    Without the check (its library would not load) voice commands still work, as they did
    before it: a visitor who cannot see the keys needs them more than a cough needs ignoring.
    """
    try:
        check = SileroCheck()
    except Exception as error:  # a native library that will not load on this machine
        log.warning("voice: no cough check (%s); the recognizer alone", error)
        return recognizer
    return VoiceChecked(recognizer, check)
