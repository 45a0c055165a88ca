"""Engines named in configuration: each name has its module, a recognizer is given phrases
(the Vosk engine makes its own JSON grammar of them), and the packs name their engines."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kiosk.core.locale as locale
from kiosk.core.config import KioskConfig
from kiosk.core.engines import RecognitionEngine, SpeechEngine
from kiosk.core.locale import PackProblem, available, load_pack
from kiosk.listening.grammar import Grammar
from kiosk.listening.recognizers import engine
from kiosk.listening.recognizers.faster_whisper import FasterWhisper
from kiosk.listening.recognizers.vosk import Vosk, VoskRecognizer
from kiosk.speech.synthesis import EspeakSynthesizer
from kiosk.speech.synthesizers import speech_engine_for, synthesizer


@pytest.mark.parametrize("name", list(RecognitionEngine))
def test_every_recognition_engine_named_has_its_module(name: RecognitionEngine) -> None:
    """A name in kiosk/core/engines.py is an engine: its module holds what loads its models."""
    found = engine(name)
    for part in ("load", "transcriber", "check", "try_loading", "install"):
        assert callable(getattr(found, part))


def test_the_speech_engines_are_made_by_the_factory() -> None:
    assert [synthesizer(name) for name in SpeechEngine] == [EspeakSynthesizer]


@pytest.mark.parametrize(
    ("code", "hears", "module"), [("en", "faster-whisper", FasterWhisper), ("ko", "vosk", Vosk)]
)
def test_each_pack_names_its_engines(code: str, hears: str, module: type) -> None:
    """Issue 32: English is heard by Whisper (no Vosk English model can be had here)."""
    pack = load_pack(code)
    assert pack.engine is RecognitionEngine(hears)
    assert pack.speech_engine is SpeechEngine.ESPEAK_NG
    assert isinstance(engine(pack.engine), module)


def test_kiosk_toml_may_name_the_speech_engine() -> None:
    english = load_pack("en")
    assert speech_engine_for(KioskConfig(), english) is english.speech_engine
    chosen = KioskConfig(speech_engine=SpeechEngine.ESPEAK_NG)
    assert speech_engine_for(chosen, english) is SpeechEngine.ESPEAK_NG


@pytest.fixture
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the language packs, read afresh."""
    for code in available():
        (tmp_path / f"{code}.toml").write_bytes((locale.LOCALES_DIR / f"{code}.toml").read_bytes())
    monkeypatch.setattr(locale, "LOCALES_DIR", tmp_path)
    load_pack.cache_clear()
    yield tmp_path
    load_pack.cache_clear()


def test_a_pack_naming_an_engine_the_kiosk_lacks_says_so(packs: Path) -> None:
    korean = packs / "ko.toml"
    korean.write_text(korean.read_text().replace('engine = "vosk"', 'engine = "whisper"', 1))
    with pytest.raises(PackProblem) as problem:
        load_pack("ko")
    assert str(problem.value) == (
        "ko.toml: [voice] engine is 'whisper', which the kiosk does not have; it has \"vosk\", "
        '"faster-whisper".'
    )


class _FakeKaldi:
    """Vosk's KaldiRecognizer, as far as the kiosk uses it: it keeps the grammar it was given."""

    def __init__(self, _model: Any, _rate: int) -> None:
        self.grammar: str | None = None

    def SetWords(self, _on: bool) -> None:  # noqa: N802 (Vosk's name)
        pass

    def SetGrammar(self, grammar: str) -> None:  # noqa: N802
        self.grammar = grammar

    def Reset(self) -> None:  # noqa: N802
        pass

    def AcceptWaveform(self, _audio: bytes) -> bool:  # noqa: N802
        return False

    def FinalResult(self) -> str:  # noqa: N802
        return json.dumps({"result": [{"word": "두", "conf": 0.9}, {"word": "번째", "conf": 1}]})


def test_vosk_is_given_the_phrases_as_its_own_json_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seam takes phrases; only the Vosk engine knows Vosk wants a JSON list of them."""
    fake = types.SimpleNamespace(
        SetLogLevel=lambda _level: None, Model=lambda _path: object(), KaldiRecognizer=_FakeKaldi
    )
    monkeypatch.setitem(sys.modules, "vosk", fake)
    recognizer = VoskRecognizer(Path("model"))
    grammar = Grammar(fillers=("음",))
    grammar.add("두 번째", "2")
    recognizer.begin(grammar.listen_for())
    assert json.loads(recognizer._commands.grammar) == ["두 번째", "음"]
    recognizer.accept(b"\0\0")
    assert recognizer.finish().words == (("두", 0.9), ("번째", 1.0))
    recognizer.begin(None)  # a message: no grammar at all
    assert recognizer._current is recognizer._free is not recognizer._commands
