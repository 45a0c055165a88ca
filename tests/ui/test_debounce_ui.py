"""Row I5 on the real screens: bounces, held keys and two keys at once act once.

Keys go in as a terminal sends them (through Textual's own input parser), and the key gate
keeps the test's clock (`timed_app`): keys sent in one go arrive together.
"""

from __future__ import annotations

from textual.pilot import Pilot

from kiosk.core.debounce import SAME_KEY_SECONDS
from kiosk.screens import (
    GroupsScreen,
    HomeScreen,
    LeaveMessageScreen,
    PinScreen,
    StoryListScreen,
)
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.widgets.message_box import MessageBox
from tests.support.fakes import FakeClock, FakeSpeaker
from tests.support.pilot import type_as_a_terminal

SIZE = (80, 24)


async def hold(pilot: Pilot[None], clock: FakeClock, key: str, seconds: float) -> None:
    """Hold `key` down: the press, then auto-repeat as under cage (600 ms, then 25 a second)."""
    await type_as_a_terminal(pilot, key)
    clock.advance(0.6)
    held = 0.6
    while held < seconds:
        await type_as_a_terminal(pilot, key)
        clock.advance(0.04)
        held += 0.04


async def test_i5_two_ones_together_open_hear_a_story_once(
    timed_app: KioskApp, clock: FakeClock
) -> None:
    app = timed_app
    async with app.run_test(size=SIZE) as pilot:
        await type_as_a_terminal(pilot, "11")
        assert isinstance(app.screen, StoryListScreen)
        assert len(app.screen_stack) == 3  # Textual's own, Home, the list: not two lists
        clock.advance(1.0)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_i5_four_and_five_together_open_find_a_group_only(
    timed_app: KioskApp, clock: FakeClock
) -> None:
    app = timed_app
    async with app.run_test(size=SIZE) as pilot:
        await type_as_a_terminal(pilot, "45")
        assert isinstance(app.screen, GroupsScreen)
        assert len(app.screen_stack) == 3  # Help is not on top
        clock.advance(1.0)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_i5_holding_zero_on_home_does_not_open_staff_entry(
    timed_app: KioskApp, clock: FakeClock
) -> None:
    app = timed_app
    async with app.run_test(size=SIZE) as pilot:
        await hold(pilot, clock, "0", 3.0)
        assert isinstance(app.screen, HomeScreen)
        # Staff press it three times, a second apart: that still opens PIN entry.
        for _ in range(3):
            clock.advance(1.0)
            await type_as_a_terminal(pilot, "0")
        assert isinstance(app.screen, PinScreen)


async def test_i5_two_downs_125_ms_apart_move_one_place(
    timed_app: KioskApp, clock: FakeClock
) -> None:
    app = timed_app
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one(NumberedMenu)
        assert menu.highlighted == 0
        await type_as_a_terminal(pilot, "\x1b[B")
        clock.advance(0.125)
        await type_as_a_terminal(pilot, "\x1b[B")
        assert menu.highlighted == 1
        clock.advance(SAME_KEY_SECONDS)
        await type_as_a_terminal(pilot, "\x1b[B")
        assert menu.highlighted == 2  # a deliberate second press moves on


async def test_i5_a_bounce_does_not_cut_speech_short(
    timed_app: KioskApp, speech: FakeSpeaker
) -> None:
    app = timed_app
    async with app.run_test(size=SIZE) as pilot:
        await type_as_a_terminal(pilot, "1")
        intro, stops = speech.last, speech.stops
        await type_as_a_terminal(pilot, "1")
        assert (speech.last, speech.stops) == (intro, stops)
        assert speech.speaking


async def test_i5_typing_is_exempt_repeated_letters_are_typed(
    timed_app: KioskApp, clock: FakeClock
) -> None:
    app = timed_app
    async with app.run_test(size=SIZE) as pilot:
        await type_as_a_terminal(pilot, "2")
        assert isinstance(app.screen, LeaveMessageScreen)
        await type_as_a_terminal(pilot, "Keep goooing!!")
        box = app.screen.query_one(MessageBox)
        assert box.text == "Keep goooing!!"
        await type_as_a_terminal(pilot, "\x7f\x7f\x7f")  # Backspace, three at once
        assert box.text == "Keep goooin"
