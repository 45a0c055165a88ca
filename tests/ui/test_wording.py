"""Words a visitor trial's speech log found wrong or confusing (issue 34, item 5).

Each test names the rows of ../shared/accessibility.md it shows.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from textual.pilot import Pilot

from kiosk.screens import (
    HelpScreen,
    HomeScreen,
    LeaveMessageScreen,
    PlayerScreen,
    StoryListScreen,
    UsageScreen,
)
from kiosk.ui.app import KioskApp
from kiosk.ui.navigation import Place
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.widgets.message_box import MessageBox
from tests.support.apps import build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.pilot import seen, shown, tap_choice, type_text

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


MARKS = re.compile(r"[*/“”]|\s[.:]|[.:][.:]|\bor\s*[.:]")
"""Marks that were read out by Help: "or.:", "Home or /", "F2 or *", quoted commands."""


async def test_help_says_the_few_things_first_then_more_on_1_without_its_marks(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """S1, S5, I1: a short first layer (who to talk to, the main keys, how it is set), then
    every key on 1; back comes back to the first. Nothing said reads out a mark."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        first = speech.last
        assert first.startswith("Help. Right now: Voice on. Volume ")
        assert "Samaritans" in first and "Press 1: More help." in first
        assert "Escape, Backspace, or the dot key: Goes back one step." in first
        assert "F2, or star: Says the last thing again." in first
        assert "F12" not in first  # the rest waits for 1
        assert len(first.split()) < 200
        await pilot.press("1")
        more = speech.last
        assert more.startswith("More help. How to use this kiosk:")
        assert "F12: Says what you type aloud" in more
        assert "Home, or the slash key: Goes back to the first screen." in more
        assert "More help" in shown(app) and "Samaritans" not in shown(app)
        for said in (first, more):
            assert not MARKS.search(said), MARKS.search(said)
        await pilot.press("escape")
        assert isinstance(app.screen, HelpScreen) and speech.last == first
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_sample_stories_among_the_centres_own_are_marked_shown_and_said(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker
) -> None:
    """S1, V2: "(sample)" beside a title is said too; where all are samples, the line
    above the list says so once and no title carries it."""
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        assert isinstance(app.screen, StoryListScreen)
        assert "There are 7 sample stories." in speech.last
        assert "(sample)" not in shown(app)
    story = content / "stories" / "small-steps-count" / "story.toml"
    story.write_text(story.read_text().replace("sample = true", "sample = false"))
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        said = speech.last
        assert "There are 7 stories." in said
        assert "A cup of tea on Thursdays  (sample)" in shown(app)
        assert "Press 1: A cup of tea on Thursdays, a sample story." in said
        assert "Press 6: Small steps count." in said


async def test_every_story_counted_is_in_sight_at_80x24(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker
) -> None:
    """S1, V2, I1: "There are 9 stories" with nine in sight, not seven and a scroll bar.
    A list taller than its room shows only the highlighted story's second line."""
    stories = content / "stories"
    for number in (8, 9):
        copy = stories / f"another-story-{number}"
        shutil.copytree(stories / "small-steps-count", copy)
        toml = copy / "story.toml"
        toml.write_text(
            re.sub(r"(?m)^title = .*$", f'title = "Another story {number}"', toml.read_text())
        )
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert "There are 9 sample stories." in speech.last
        screen = seen(app)
        titles = [item.label for item in app.screen.query_one(NumberedMenu).items]
        for number, title in enumerate(titles, 1):
            assert f"{number}  {title}" in screen, (number, title)
        await pilot.press("down")
        second = app.screen.query_one(NumberedMenu).items[1]
        assert second.detail in seen(app)
        assert second.detail.split("  ·  ")[0] in speech.last
        await tap_choice(pilot, 9)  # the ninth is in sight, so it can be tapped
        assert isinstance(app.screen, PlayerScreen) and app.screen.story.title == titles[8]
