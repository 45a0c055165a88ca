"""Row I6: a numeric keypad alone does everything, the same in every mode it can be in.

Digits choose, Enter confirms, "." goes back, "/" cancels to the first screen; "*" repeats,
"-" talks (quieter on a kiosk without voice control) and "+" is louder. Each test sends what
a real keypad sends in that mode, as raw text through Textual's own input parser, never
Textual's key names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot

from kiosk.audio import PlayerState
from kiosk.messages.repository import Status
from kiosk.screens import (
    GroupDetailScreen,
    GroupListScreen,
    GroupsScreen,
    HearMessagesScreen,
    HelpScreen,
    HomeScreen,
    LeaveMessageScreen,
    MessagePreviewScreen,
    PlayerScreen,
    StoryListScreen,
    ThanksScreen,
)
from kiosk.ui import keypad
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.widgets.message_box import MessageBox
from tests.support.apps import app_with_settings
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.pilot import shown, type_as_a_terminal, workers_done
from tests.support.waits import until

SIZE = (80, 24)

KEYS = "0123456789./*-+"
NUMLOCK_ON = {**{k: k for k in KEYS}, "enter": "\r"}
"""NumLock on, no kitty protocol: the characters themselves."""
APPLICATION = {
    **{str(n): f"\x1bO{chr(ord('p') + n)}" for n in range(10)},
    **{".": "\x1bOn", "/": "\x1bOo", "*": "\x1bOj", "-": "\x1bOm", "+": "\x1bOk"},
    "enter": "\x1bOM",
}
"""Application keypad mode (DECKPAM, which the kiosk asks for): SS3 codes, NumLock off."""
_KITTY_CODES = {
    **{str(n): 57399 + n for n in range(10)},
    **{".": 57409, "/": 57410, "*": 57411, "-": 57412, "+": 57413},
    "enter": 57414,
}
KITTY_NUMLOCK_ON = {
    # Report all keys, with associated text: CSI code ; 1 + NumLock (128) ; text u.
    key: f"\x1b[{code};129;{ord(key)}u" if key != "enter" else f"\x1b[{code};129u"
    for key, code in _KITTY_CODES.items()
}
"""The kitty protocol (kitty, foot, WezTerm, Ghostty) with NumLock on."""
KITTY_NUMLOCK_OFF = {
    **{key: f"\x1b[{code}u" for key, code in _KITTY_CODES.items()},
    # With NumLock off the digits and "." are the keys printed under them: KP_End, KP_Down...
    **{
        "0": "\x1b[57425u",
        "1": "\x1b[57424u",
        "2": "\x1b[57420u",
        "3": "\x1b[57422u",
        "4": "\x1b[57417u",
        "5": "\x1b[57427u",
        "6": "\x1b[57418u",
        "7": "\x1b[57423u",
        "8": "\x1b[57419u",
        "9": "\x1b[57421u",
        ".": "\x1b[57426u",
    },
}
"""The kitty protocol with NumLock off."""
MODES = {
    "numlock-on": NUMLOCK_ON,
    "application-keypad": APPLICATION,
    "kitty-numlock-on": KITTY_NUMLOCK_ON,
    "kitty-numlock-off": KITTY_NUMLOCK_OFF,
}


class Keypad:
    """A keypad in one mode: `press("4")` sends what keypad 4 sends."""

    def __init__(self, pilot: Pilot[None], mode: dict[str, str]) -> None:
        self._pilot = pilot
        self._mode = mode

    async def press(self, *keys: str) -> None:
        for key in keys:
            await type_as_a_terminal(self._pilot, self._mode[key])


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_i6_digits_choose_dot_goes_back_slash_cancels_enter_confirms(
    app: KioskApp, player: FakePlayer, mode: dict[str, str]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        keys = Keypad(pilot, mode)
        await keys.press("4")
        assert isinstance(app.screen, GroupsScreen)
        await keys.press(".")
        assert isinstance(app.screen, HomeScreen)
        await keys.press("5")
        assert isinstance(app.screen, HelpScreen)
        await keys.press(".")
        await keys.press("1", "1")
        assert isinstance(app.screen, PlayerScreen)
        # The screen is current before it is mounted, and it opens the story on mounting.
        await until(pilot, lambda: player.state is PlayerState.PLAYING, "the story playing")
        # 7 and 1 are digits here too: no jump to the start, no end of the story.
        await keys.press("7")
        assert isinstance(app.screen, PlayerScreen)
        assert player.state is PlayerState.PLAYING
        await keys.press("1")
        assert player.state is PlayerState.PAUSED
        await keys.press("/")
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2
        await keys.press("enter")  # the highlighted choice: Hear a story
        assert isinstance(app.screen, StoryListScreen)


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_i6_star_repeats_plus_is_louder_and_minus_talks(
    app: KioskApp, speech: FakeSpeaker, mode: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 34: the keypad's "-" is its talk key, where visitors can speak to the kiosk."""
    talked: list[bool] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app.voice, "talk", lambda: talked.append(True))
        keys = Keypad(pilot, mode)
        welcome = speech.last
        await keys.press("*")
        assert speech.last == welcome
        volume = app.speech.volume
        await keys.press("+")
        assert app.speech.volume == volume + 1
        await keys.press("-")
        assert talked == [True]
        assert app.speech.volume == volume + 1


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_i6_without_voice_control_minus_is_quieter(
    content: Path, data: Path, clock: FakeClock, mode: dict[str, str]
) -> None:
    app = app_with_settings(content, data, clock, ("voice_control = true", "voice_control = false"))
    async with app.run_test(size=SIZE) as pilot:
        keys = Keypad(pilot, mode)
        volume = app.speech.volume
        await keys.press("-")
        assert app.speech.volume == volume - 1


async def test_i6_numlock_off_where_the_terminal_ignores_application_keypad(
    app: KioskApp,
) -> None:
    """The keypad sends the cursor keys' codes; they do what is printed on the keys."""
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one(NumberedMenu)
        await type_as_a_terminal(pilot, "\x1b[B")  # 2: down
        assert menu.highlighted == 1
        await type_as_a_terminal(pilot, "\x1b[A")  # 8: up
        assert menu.highlighted == 0
        await type_as_a_terminal(pilot, "\r")  # Enter: Hear a story
        assert isinstance(app.screen, StoryListScreen)
        await type_as_a_terminal(pilot, "\x1b[3~")  # .: Delete, back
        assert isinstance(app.screen, HomeScreen)
        await type_as_a_terminal(pilot, "\r")
        assert isinstance(app.screen, StoryListScreen)
        await type_as_a_terminal(pilot, "\x1b[H")  # 7: Home, to the start
        assert isinstance(app.screen, HomeScreen)


async def test_i6_the_kiosk_asks_for_application_keypad_mode_and_gives_it_back(
    app: KioskApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda _self, data: written.append(data))
    async with app.run_test(size=SIZE):
        assert keypad.APPLICATION_KEYPAD in written
    assert written[-1] == keypad.NUMERIC_KEYPAD


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_i6_key_help_says_what_the_keypad_keys_do(
    app: KioskApp, speech: FakeSpeaker, mode: dict[str, str]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        keys = Keypad(pilot, mode)
        await keys.press("1")
        await pilot.press("f10")
        await keys.press(".")
        assert speech.last == "The dot key on the number pad goes back one step."
        await keys.press("/")
        assert speech.last == "The slash key on the number pad goes back to the first screen."
        await keys.press("*")
        assert speech.last.startswith("F2, or star")
        assert isinstance(app.screen, StoryListScreen)  # nothing happened


async def test_i6_help_lists_the_keypad_back_and_cancel_keys(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        words = shown(app)
        assert "Escape, Backspace or ." in words
        assert "Home or /" in words


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_i6_in_the_message_box_the_keypad_types(app: KioskApp, mode: dict[str, str]) -> None:
    """Back and cancel are keys a message needs too: in the box they type their character."""
    async with app.run_test(size=SIZE) as pilot:
        keys = Keypad(pilot, mode)
        await keys.press("2")
        assert isinstance(app.screen, LeaveMessageScreen)
        await keys.press(*"1.5/2*3-4+0")
        assert app.screen.query_one(MessageBox).text == "1.5/2*3-4+0"
        assert isinstance(app.screen, LeaveMessageScreen)


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_i6_find_a_group_by_keypad(app: KioskApp, mode: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        keys = Keypad(pilot, mode)
        await keys.press("4", "2", "2")  # Find a group, Day, Monday
        assert "Day: Monday" in shown(app)
        await keys.press("5")
        assert isinstance(app.screen, GroupListScreen)
        await keys.press("enter")
        assert isinstance(app.screen, GroupDetailScreen)
        await keys.press(".", ".")
        assert isinstance(app.screen, GroupsScreen)
        await keys.press("/")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_i6_leave_a_message_by_keypad(
    app: KioskApp, clock: FakeClock, mode: dict[str, str]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        keys = Keypad(pilot, mode)
        await keys.press("2", *"10/10", "enter")
        assert isinstance(app.screen, MessagePreviewScreen)
        await keys.press("1")  # send it
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        [saved] = app.services.messages.find()
        assert saved.text == "10/10"
        await keys.press("/")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_i6_hear_messages_by_keypad(
    app: KioskApp, clock: FakeClock, mode: dict[str, str]
) -> None:
    store = app.services.messages.repository
    for words in ("First approved", "Second approved"):
        store.set_status(store.add(words, clock.today()).id, Status.APPROVED, clock.today())
    async with app.run_test(size=SIZE) as pilot:
        keys = Keypad(pilot, mode)
        await keys.press("3")
        assert isinstance(app.screen, HearMessagesScreen)
        assert "Message 1 of 2" in shown(app)
        await keys.press("1")
        assert "Message 2 of 2" in shown(app)
        await keys.press(".")
        assert isinstance(app.screen, HomeScreen)
