"""Issue 34: every visitor can finish every journey with what the kiosk has.

Talking to someone now is one key from Home; a keypad alone leaves a message; hints name the
keys this kiosk has.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.screens import (
    GroupDetailScreen,
    HomeScreen,
    KindMessagesScreen,
    LeaveMessageScreen,
    MessagePreviewScreen,
    SupportNowScreen,
    TalkNowScreen,
    ThanksScreen,
)
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets.touch import TapButton
from tests.support.apps import app_with_settings
from tests.support.fakes import FakeClock, FakeSpeaker
from tests.support.pilot import every_choice_in_sight, shown, tap, tap_choice
from tests.support.waits import until
from tests.ui.test_keypad_ui import MODES, Keypad

SIZES = [(80, 24), (100, 30)]


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_talk_to_someone_now_is_one_keypad_key_from_home(
    app: KioskApp, speech: FakeSpeaker, mode: dict[str, str]
) -> None:
    async with app.run_test(size=SIZES[0]) as pilot:
        assert "Talk to someone now" in speech.last
        await Keypad(pilot, mode).press("6")
        assert isinstance(app.screen, TalkNowScreen)
        words = shown(app)
        assert "Samaritans. Phone 116 123" in words
        assert "Staff here at the centre can help too." in words
        assert "Phone 1 1 6, 1 2 3" in speech.last
        await every_choice_in_sight(pilot)
        await Keypad(pilot, mode).press("1")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_talk_to_someone_now_is_one_tap_from_home(
    app: KioskApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await every_choice_in_sight(pilot)
        await tap_choice(pilot, 6)
        assert isinstance(app.screen, TalkNowScreen)
        await every_choice_in_sight(pilot)
        assert "NHS 111. Phone 111." in shown(app)


KEYPAD_ONLY = (("keypad = false", "keypad = true"), ("touch_screen = true", "touch_screen = false"))
"""kiosk.toml for a kiosk with a numeric keypad and nothing else."""
KEYBOARD_WORDS = re.compile(r"\b(Escape|Esc|F\d+|Tab|Backspace)\b")
"""Keys a keypad does not have."""


def keypad_kiosk(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker, *, touch: bool = False
) -> KioskApp:
    changes = KEYPAD_ONLY if not touch else KEYPAD_ONLY[:1]
    return app_with_settings(content, data, clock, *changes, speech=speech)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_a_keypad_alone_leaves_a_kind_message_through_the_message_service(
    content: Path, data: Path, clock: FakeClock, mode: dict[str, str], size: tuple[int, int]
) -> None:
    """Issue 34.1: with digits alone, a kind message is chosen, looked over, sent and saved."""
    speech = FakeSpeaker()
    app = keypad_kiosk(content, data, clock, speech)
    async with app.run_test(size=size) as pilot:
        keys = Keypad(pilot, mode)
        await keys.press("2")
        assert isinstance(app.screen, KindMessagesScreen)
        await every_choice_in_sight(pilot)
        # Each message is said with its number; the highlighted one again as it is reached.
        assert "Press 1: You are not alone." in speech.last
        assert "Press 6: One day at a time is enough." in speech.last
        assert "Write my own words" not in shown(app)  # no letters to tap, no keyboard
        await keys.press("3")
        assert isinstance(app.screen, MessagePreviewScreen)
        assert "Things can get better. Be kind to yourself." in shown(app)
        await keys.press("1")  # send it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        [saved] = app.services.messages.find()
        assert saved.text == "Things can get better. Be kind to yourself."
        await keys.press(".")
        assert isinstance(app.screen, HomeScreen)


async def test_a_kind_message_is_screened_as_a_typed_one(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker
) -> None:
    """The same service: crisis words in a chosen message bring the contacts at once."""
    (content / "kind-messages.toml").write_text('en = ["Some days I feel suicidal too."]\n')
    app = keypad_kiosk(content, data, clock, speech)
    async with app.run_test(size=SIZES[0]) as pilot:
        await pilot.press("2", "1")
        assert isinstance(app.screen, SupportNowScreen)
        await pilot.press("1", "1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        assert "Samaritans" in shown(app)
        [saved] = app.services.messages.find()
        assert saved.urgent


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_a_keypad_kiosk_names_only_keys_it_has(
    content: Path, data: Path, clock: FakeClock, mode: dict[str, str]
) -> None:
    """Issue 34.1: "press the dot key to go back", never "press Escape", said or shown."""
    speech = FakeSpeaker()
    app = keypad_kiosk(content, data, clock, speech)
    app.services.choices.oriented = False  # the orientation too
    async with app.run_test(size=SIZES[0]) as pilot:
        keys = Keypad(pilot, mode)
        assert "Press star to hear this again." in speech.last
        hints = [app.screen.hint_text]
        await keys.press("4")  # Find a group
        speech.finish()  # heard to the end: how the kiosk works follows
        await until(pilot, lambda: speech.last.startswith("This kiosk talks."), "orientation")
        await keys.press("2", "2")  # Day, Monday
        hints.append(app.screen.hint_text)
        await keys.press("5", "1")  # the groups that match, the first one's details
        assert isinstance(app.screen, GroupDetailScreen)
        assert "Press star to hear this again." in speech.last
        assert "Press the dot key to go back to the list." in speech.last
        hints.append(app.screen.hint_text)
        await keys.press("/", "2", "1")  # a kind message, then its preview
        hints.append(app.screen.hint_text)
        await keys.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        hints.append(app.screen.hint_text)
        assert "Dot key: back to the start" in app.screen.hint_text
        await keys.press("/", "1", "1")  # a story
        hints.append(app.screen.hint_text)
        said = "\n".join(speech.said)
        assert KEYBOARD_WORDS.findall(said) == []
        assert KEYBOARD_WORDS.findall("\n".join(hints)) == []


async def test_a_keyboard_kiosk_still_names_its_keys(app: KioskApp, speech: FakeSpeaker) -> None:
    async with app.run_test(size=SIZES[0]) as pilot:
        assert "Press F1 at any time for help." in speech.last
        assert "F1: help" in shown(app)
        await pilot.press("4", "5", "1")
        assert "Press F2 to hear this again. Press Escape to go back to the list." in speech.last


@pytest.mark.parametrize("size", SIZES)
async def test_a_keypad_kiosk_with_a_touch_screen_can_write_its_own_words(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker, size: tuple[int, int]
) -> None:
    app = keypad_kiosk(content, data, clock, speech, touch=True)
    async with app.run_test(size=size) as pilot:
        await tap_choice(pilot, 2)
        assert isinstance(app.screen, KindMessagesScreen)
        await every_choice_in_sight(pilot)
        await tap_choice(pilot, 7)  # after the six kind messages
        assert isinstance(app.screen, LeaveMessageScreen)
        # The keypad's keys type here: the buttons are named instead.
        assert "Press the Back button to go back." in speech.last
        assert "Back: back" in app.screen.hint_text


@pytest.mark.parametrize("size", SIZES)
async def test_the_touch_screen_has_a_talk_button(
    app: KioskApp, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    talked: list[bool] = []
    async with app.run_test(size=size) as pilot:
        monkeypatch.setattr(app.voice, "talk", lambda: talked.append(True))
        await tap(pilot, "talk")
        assert talked == [True]
        await pilot.press("1")
        await tap(pilot, "talk")  # on every screen, beside the others
        assert talked == [True, True]
        button = app.screen.query_one("#tap-talk", TapButton)
        assert button.region.right <= size[0] and button.region.height <= 3
        await pilot.press("/", "2")  # and where a message is written: speak it
        await tap(pilot, "talk")
        assert talked == [True, True, True]


async def test_hands_free_has_no_talk_button(content: Path, data: Path, clock: FakeClock) -> None:
    app = app_with_settings(
        content, data, clock, ('voice_mode = "press-to-talk"\n', 'voice_mode = "hands-free"\n')
    )
    async with app.run_test(size=SIZES[0]):
        assert not app.screen.query("#tap-talk")


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_a_keypad_kiosks_help_and_code_name_only_keys_it_has(
    content: Path, data: Path, clock: FakeClock, mode: dict[str, str]
) -> None:
    """Issue 34.1: Help on a keypad kiosk listed "Escape, Backspace or .", "F2 or *" and the
    F-keys a keypad lacks, and the group's code said "Press Escape to go back to the group"."""
    speech = FakeSpeaker()
    app = keypad_kiosk(content, data, clock, speech)
    async with app.run_test(size=SIZES[0]) as pilot:
        keys = Keypad(pilot, mode)
        await keys.press("5")  # Help
        first = shown(app), speech.last
        for words in first:
            assert ".: Goes back one step." in words.replace("The dot key: ", ".: ")
            assert "/: Goes back to the first screen." in words.replace("The slash key: ", "/: ")
        assert "*: Says the last thing again." in first[0]
        assert "star: Says the last thing again." in first[1]
        assert "-: Speaks more quietly." in first[0]  # no voice here: "-" is quieter
        # Help is longer than 80x24 and a keypad has no arrows: 2 and 8 read on, as printed.
        assert "2 and 8: read more" in app.screen.hint_text
        text = app.screen.query_one("#help")
        await keys.press("2")
        await until(pilot, lambda: text.scroll_y > 0, "help read on")
        await keys.press("8")
        await until(pilot, lambda: text.scroll_y == 0, "help back at its top")
        await keys.press("1")  # every key
        more = shown(app), speech.last
        assert "+: Speaks louder." in more[0] and "plus: Speaks louder." in more[1]
        assert "Up and down arrows" not in more[0]  # a keypad's 8 and 2 are digits
        await keys.press(".", ".", "4", "2", "2", "5", "enter", "2")  # a group's code
        code = app.screen.hint_text, speech.last
        assert "Press the dot key to go back to the group." in code[1]
        await keys.press("/", "4", "4")  # search words: said "press F12" on a keypad
        search = app.screen.hint_text, speech.last
        assert "Press the dot key to go back." in search[1]
        said = "\n".join([*first, *more, *code, *search])
        assert KEYBOARD_WORDS.findall(said) == [], said
