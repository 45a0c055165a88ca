"""One rule for which speech model each language uses, and every front end follows it.

kiosk.toml's `voice_model` is for the first language (the kiosk's main one); the others look
in the usual places. Before this rule had one home, the kiosk applied it and `kiosk doctor`,
`kiosk models`, `kiosk check` and `kiosk stories transcribe` gave the English model to
Korean too, so the doctor said Korean used it and `models install --missing` skipped Korean.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.cli.content import _voice_lines
from kiosk.cli.main import main
from kiosk.cli.stories import _Drafting
from kiosk.core.config import load_config
from kiosk.core.engines import RecognitionEngine
from kiosk.core.locale import Pack, load_pack
from kiosk.health.doctor import check_models
from kiosk.health.results import Finding
from kiosk.listening.models import FoundModel, engine_for, model_for
from kiosk.listening.recognizers.faster_whisper import FasterWhisper
from kiosk.listening.recognizers.vosk import Vosk
from kiosk.wiring import build_voice
from tests.support.apps import build_app
from tests.support.fakes import (
    FakeClock,
    FakeMic,
    FakePlayer,
    FakeRecognizer,
    FakeSpeaker,
    make_model,
)

Chosen = dict[str, Path | None]
"""Each language's model as one front end sees it: its folder, or None for no model."""

_READY = re.compile(r"\((en|ko)\): ready, from [^(]*\((.*)\)\.")


def _from_lines(lines: list[str]) -> Chosen:
    """The model each language is said to be ready with, in `kiosk check` or `models list`."""
    chosen: Chosen = {"en": None, "ko": None}
    for line in lines:
        if found := _READY.search(line):
            chosen[found[1]] = Path(found[2])
    return chosen


def by_doctor(content: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> Chosen:
    config, _ = load_config(content)
    chosen: Chosen = {"en": None, "ko": None}
    for result in check_models(config, data):
        if result.finding is Finding.MODEL_READY:
            chosen[str(result.details["code"])] = Path(str(result.details["path"]))
    return chosen


def by_models_list(content: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> Chosen:
    capsys.readouterr()
    assert main(["models", "list", "--data", str(data), "--content", str(content)]) == 0
    return _from_lines(capsys.readouterr().out.splitlines())


def by_check(content: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> Chosen:
    config, _ = load_config(content)
    return _from_lines(_voice_lines(config, data))


def by_stories(content: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> Chosen:
    drafting = _Drafting(content, data, replace=False)
    return {
        code: None if isinstance(model := drafting.model(code), str) else model.path  # type: ignore[attr-defined]
        for code in ("en", "ko")
    }


def by_the_kiosk(content: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> Chosen:
    app = build_app(content, data, player=FakePlayer(), speech=FakeSpeaker(), clock=FakeClock())
    voice = build_voice(app, data, microphone=FakeMic(), recognizer=lambda _m: FakeRecognizer())
    chosen: Chosen = {"en": None, "ko": None}
    chosen.update({code: model.path for code, model in voice.models.items()})
    return chosen


CALLERS: dict[str, Callable[[Path, Path, pytest.CaptureFixture[str]], Chosen]] = {
    "kiosk doctor": by_doctor,
    "kiosk models list": by_models_list,
    "kiosk check": by_check,
    "kiosk stories transcribe": by_stories,
    "the kiosk (wiring)": by_the_kiosk,
}


class _Loaded:
    """Stands in for a loaded transcription model: which folder it was loaded from."""

    def __init__(self, model: FoundModel) -> None:
        self.path = model.path
        self.load_seconds = 0.0


@pytest.fixture
def two_languages(content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """English first, then Korean; no model comes from a Python package; loading always works."""
    toml = content / "kiosk.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'languages = ["en", "ko"]'))
    monkeypatch.setattr("kiosk.listening.models.package_model", lambda _name: None)
    monkeypatch.setattr(Vosk, "try_loading", lambda _self, _model: None)
    monkeypatch.setattr(FasterWhisper, "try_loading", lambda _self, _model: None)
    monkeypatch.setattr("kiosk.listening.transcribe.Transcriber", _Loaded)
    return content


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("voice_model", [True, False], ids=["voice_model", "no voice_model"])
@pytest.mark.parametrize("korean", [True, False], ids=["korean installed", "no korean"])
def test_every_front_end_gives_each_language_the_same_model(
    caller: str,
    voice_model: bool,
    korean: bool,
    two_languages: Path,
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mine = make_model(tmp_path / "mine")
    if voice_model:
        toml = two_languages / "kiosk.toml"
        toml.write_text(f'voice_model = "{mine}"\n' + toml.read_text())
    if korean:
        make_model(data / "models" / "ko")
    expected: Chosen = {
        "en": mine if voice_model else None,
        "ko": data / "models" / "ko" if korean else None,
    }
    assert CALLERS[caller](two_languages, data, capsys) == expected


@pytest.mark.parametrize("voice_model", [True, False], ids=["voice_model", "no voice_model"])
def test_models_install_missing_fetches_each_language_without_a_model(
    voice_model: bool,
    two_languages: Path,
    data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """kiosk.toml's model is the first language's: Korean still needs its own."""
    if voice_model:
        toml = two_languages / "kiosk.toml"
        toml.write_text(f'voice_model = "{make_model(tmp_path / "mine")}"\n' + toml.read_text())
    fetched: list[str] = []

    def install(pack: Pack, data_dir: Path, **_how: object) -> Path:
        fetched.append(pack.code)
        return data_dir / "models" / pack.code

    monkeypatch.setattr("kiosk.listening.models.install_model", install)
    argv = ["models", "install", "--missing", "--data", str(data), "--content", str(two_languages)]
    assert main(argv) == 0
    assert fetched == (["ko"] if voice_model else ["en", "ko"])


def test_kiosk_toml_names_the_first_languages_engine_and_model_only(
    two_languages: Path, data: Path, tmp_path: Path
) -> None:
    toml = two_languages / "kiosk.toml"
    mine = make_model(tmp_path / "mine")
    toml.write_text(f'voice_model = "{mine}"\nvoice_engine = "vosk"\n' + toml.read_text())
    config, problems = load_config(two_languages)
    assert not problems
    english, korean = load_pack("en"), load_pack("ko")
    assert engine_for(config, english) is RecognitionEngine.VOSK is config.voice_engine
    assert engine_for(config, korean) is korean.engine
    found = model_for(config, english, data)
    assert found is not None and (found.path, found.source) == (mine, "kiosk.toml")
    assert model_for(config, korean, data) is None


def test_a_wheelhouse_gives_whispers_model_and_vosk_asks_its_own_list(
    two_languages: Path, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 31, offline install: `kiosk install --wheelhouse` passes the wheelhouse on, which
    holds English's model as a wheel; Korean's Vosk archive is not a wheel, so it is asked
    for where it always is (and, with no network, the kiosk starts without it)."""
    wheelhouse = tmp_path / "wheelhouse"
    wheelhouse.mkdir()
    sources: dict[str, object] = {}

    def install(pack: Pack, data_dir: Path, **how: object) -> Path:
        sources[pack.code] = how.get("source")
        return data_dir / "models" / pack.code

    monkeypatch.setattr("kiosk.listening.models.install_model", install)
    argv = ["models", "install", "--missing", f"--from={wheelhouse}", "--data", str(data)]
    assert main([*argv, "--content", str(two_languages)]) == 0
    assert sources == {"en": str(wheelhouse), "ko": None}
