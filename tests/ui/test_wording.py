"""Words a visitor trial's speech log found wrong or confusing (issue 34, item 5).

Each test names the rows of ../shared/accessibility.md it shows.
"""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot

from kiosk.screens import LeaveMessageScreen, PlayerScreen, UsageScreen
from kiosk.ui.app import KioskApp
from kiosk.ui.navigation import Place
from kiosk.ui.widgets.message_box import MessageBox
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.pilot import seen, shown, type_text

SIZE = (80, 24)


async def send(pilot: Pilot[None], words: str) -> None:
    """Write `words` in the message box and press Enter."""
    await type_text(pilot, words)
    await pilot.press("enter")


async def test_a_paused_story_says_the_time_the_screen_shows(
    app: KioskApp, speech: FakeSpeaker, player: FakePlayer
) -> None:
    """S1: 12.6 seconds in shows 0:12, so it is said "12 seconds" too (it was "13")."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        assert isinstance(app.screen, PlayerScreen)
        speech.finish()
        player.advance(12.6)
        await pilot.press("1")
        assert speech.last.startswith("Paused at 12 seconds.")
        assert "0:12  █" in shown(app)


async def test_a_refused_word_is_named_shown_and_said(app: KioskApp, speech: FakeSpeaker) -> None:
    """S11: an error says what is wrong and how to fix it: here, which word to change."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await send(pilot, "You idiot, you IDIOT")
        assert isinstance(app.screen, LeaveMessageScreen)
        named = 'This word in your message cannot be shared here: "idiot". Please change it'
        assert named in shown(app)
        assert named in speech.last
        assert app.screen.query_one(MessageBox).text == "You idiot, you IDIOT"
        assert app.services.messages.find() == []


async def test_usage_totals_say_one_of_a_thing_and_the_days_fit_80_columns(
    app: KioskApp, speech: FakeSpeaker, clock: FakeClock
) -> None:
    """V2 for staff: "1 story started" (not "1 stories"), and a day's counts on one row."""
    store = app.services.usage.store
    yesterday = clock.today() - dt.timedelta(days=1)
    for day in (yesterday, clock.today()):
        store.count(day, "visits", by=12)
    store.count(clock.today(), "stories started", "a-cup-of-tea-on-thursdays")
    async with app.run_test(size=SIZE) as pilot:
        app.router.open(Place.USAGE)
        await pilot.pause()
        assert isinstance(app.screen, UsageScreen)
        assert "1 story started, 0 stories finished" in speech.last
        assert "24 visits" in speech.last
        assert "1 story started" in shown(app)
        rows = seen(app).splitlines()
        for day in (yesterday, clock.today()):
            row = next(line for line in rows if day.isoformat() in line)
            assert row.split() == [day.isoformat(), "12", "0", "0"] + (
                ["1", "0", "0", "0", "0"] if day == clock.today() else ["0"] * 5
            )
