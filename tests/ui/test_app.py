"""Every journey a visitor makes, by keys alone (accessibility row I1), on the sample content."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import pytest
from textual.widgets import Static

from kiosk.audio import PlayerState
from kiosk.core.problems import Code
from kiosk.messages.repository import Status, StoreError
from kiosk.messages.store import open_sqlite
from kiosk.screens import (
    ContentNoteScreen,
    GroupDetailScreen,
    GroupListScreen,
    GroupsScreen,
    HearMessagesScreen,
    HelpScreen,
    HomeScreen,
    LeaveMessageScreen,
    MessagePreviewScreen,
    PickScreen,
    PlayerScreen,
    SearchWordsScreen,
    StillThereScreen,
    StoryListScreen,
    ThanksScreen,
)
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.widgets.message_box import MessageBox
from tests.support.apps import build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.pilot import nobody_for, shown, type_as_a_terminal, type_text, workers_done

SIZE = (80, 24)
SIZES = [(80, 24), (100, 30)]
"""The journeys walk at the smallest screen and a common one (rows I1, V2)."""


async def test_home_shows_the_welcome_and_every_choice(app: KioskApp) -> None:
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, HomeScreen)
        words = shown(app)
        assert "Riverside Drop-in" in words
        for choice in (
            "1  Hear a story",
            "2  Leave a message",
            "3  Hear a message from another visitor",
            "4  Find a group",
            "5  Help",
        ):
            assert choice in words


@pytest.mark.parametrize("size", SIZES)
async def test_hear_a_story_by_keys(
    app: KioskApp, player: FakePlayer, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.press("1")
        assert isinstance(app.screen, StoryListScreen)
        # All samples: the line above the list says so, once (issue 34).
        assert "There are 7 sample stories" in shown(app)
        assert "A cup of tea on Thursdays\n" in shown(app)
        assert "told by Ray" in shown(app)
        await pilot.press("1")
        assert isinstance(app.screen, PlayerScreen)
        story = app.screen.story
        assert player.opened == [story.audio]
        assert player.state is PlayerState.PLAYING
        assert story.transcript.cues[0].text in shown(app)

        await pilot.press("1")  # pause
        assert player.state is PlayerState.PAUSED
        await pilot.press("enter")  # play
        assert player.state is PlayerState.PLAYING
        await pilot.press("3", "right")  # forward 20 s
        assert player.position == 20
        await pilot.press("2")  # back 10 s
        assert player.position == 10
        await pilot.press("left", "left")
        assert player.position == 0
        player.advance(65)
        app.screen.refresh_progress()
        assert "1:05  █" in shown(app)
        await pilot.press("4")  # stop: back to the start, not playing
        assert player.state is PlayerState.PAUSED and player.position == 0
        assert "Stopped" in shown(app)

        await pilot.press("escape")
        assert isinstance(app.screen, StoryListScreen)
        assert player.state is PlayerState.EMPTY  # leaving the story stops the sound


async def test_a_content_note_comes_first_and_can_be_turned_back_from(
    app: KioskApp, player: FakePlayer
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        titles = [s.title for s in app.services.content.stories]
        noted = next(i for i, s in enumerate(app.services.content.stories) if s.content_note)
        await pilot.press(str(noted + 1))
        assert isinstance(app.screen, ContentNoteScreen)
        assert "This story talks about self-harm" in shown(app)
        assert player.opened == []  # nothing plays before the visitor chooses
        await pilot.press("2")
        assert isinstance(app.screen, StoryListScreen)
        await pilot.press(str(noted + 1), "1")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.story.title == titles[noted]
        await pilot.press("escape")
        assert isinstance(app.screen, StoryListScreen)  # back skips the note


async def test_the_transcript_follows_a_timed_story(app: KioskApp, player: FakePlayer) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        timed = next(
            i
            for i, s in enumerate(app.services.content.stories)
            if s.transcript.timed and not s.content_note
        )
        await pilot.press(str(timed + 1))
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        cue = screen.story.transcript.cues[5]
        player.advance((cue.start or 0) + 0.1)
        screen.refresh_progress()
        await pilot.pause()
        current = screen.query(".current")
        assert len(current) == 1
        assert str(current.first(Static).visual) == cue.text


async def test_without_sound_the_story_says_so_and_shows_its_words(
    content: Path, data: Path, clock: FakeClock
) -> None:
    app = build_app(
        content, data, player=FakePlayer(problem=Code.NO_SOUND), speech=FakeSpeaker(), clock=clock
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.pause(0.3)
        assert isinstance(app.screen, PlayerScreen)
        assert "Sound is not working on this kiosk just now" in shown(app)
        assert app.screen.story.transcript.cues[0].text in shown(app)
        await pilot.press("1", "3", "escape")  # keys still safe to press
        assert isinstance(app.screen, StoryListScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_leave_a_message_by_keys(
    app: KioskApp, clock: FakeClock, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        assert isinstance(app.screen, LeaveMessageScreen)
        words = shown(app)
        assert "A member of staff reads every message before anyone else sees it" in words
        assert "nothing about you is kept" in words
        assert "0 of 500 letters used" in words
        await type_text(pilot, "You are not alone. 1 2 3")
        assert "24 of 500 letters used" in shown(app)
        await pilot.press("enter")
        assert isinstance(app.screen, MessagePreviewScreen)
        assert "You are not alone. 1 2 3" in shown(app)
        assert app.services.messages.find() == []  # nothing saved before "send"
        before = len(app.services.speech.said)
        await pilot.press("1")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        assert "Your message is saved" in shown(app)
        said = app.services.speech.last  # by ear: thanked once, not "Thank you. Thank you."
        assert said.count("Thank you") == 1 and "Your message is saved" in said, said
        # By ear: the message screen, passed through on the way, does not start its own
        # introduction before the thanks cut it off.
        between = app.services.speech.said[before:]
        assert not any("500 letters" in words for words in between), between
        [saved] = app.services.messages.find()
        assert saved.text == "You are not alone. 1 2 3"
        assert saved.status is Status.PENDING
        assert saved.day == clock.today()
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_an_empty_message_says_what_to_do(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "space", "space", "enter")
        assert isinstance(app.screen, LeaveMessageScreen)
        assert "Your message is empty. Type a few words, then press Enter." in shown(app)


async def test_the_limit_is_shown_and_kept(content: Path, data: Path, clock: FakeClock) -> None:
    config = content / "kiosk.toml"
    config.write_text(config.read_text().replace("message_limit = 500", "message_limit = 50"))
    app = build_app(content, data, player=FakePlayer(), speech=FakeSpeaker(), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await type_text(pilot, "a" * 60)
        assert len(app.screen.query_one(MessageBox).text) == 50
        words = shown(app)
        assert "50 of 50 letters used" in words
        assert "That is the most a message can hold (50 letters)." in words


async def test_change_it_keeps_the_words(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await type_text(pilot, "Hello")
        await pilot.press("enter", "2")
        assert isinstance(app.screen, LeaveMessageScreen)
        assert app.screen.query_one(MessageBox).text == "Hello"
        await pilot.press("enter", "escape")  # Esc on the preview also means change it
        assert isinstance(app.screen, LeaveMessageScreen)
        await pilot.press("enter", "3")  # throw it away
        assert isinstance(app.screen, HomeScreen)
        assert app.services.messages.find() == []


async def test_a_message_that_cannot_be_saved_is_not_called_sent(
    app: KioskApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(text: str, day: dt.date, **screening: object) -> None:
        raise StoreError("The message could not be saved: database or disk is full.")

    async with app.run_test(size=SIZE) as pilot:
        real_add = app.services.messages.repository.add
        monkeypatch.setattr(app.services.messages.repository, "add", full_disk)
        await pilot.press("2")
        await type_text(pilot, "Keep going")
        await pilot.press("enter", "1")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, MessagePreviewScreen)
        words = shown(app)
        assert "could not be saved" in words and "It has not been sent" in words
        assert "1  Try again" in words
        monkeypatch.setattr(app.services.messages.repository, "add", real_add)
        await pilot.press("1")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        assert [m.text for m in app.services.messages.find()] == ["Keep going"]


async def test_a_message_left_after_the_data_folder_was_deleted_is_saved(
    app: KioskApp, data: Path
) -> None:
    """Issue 11.10b: the folder was never made again, so the message was lost."""
    async with app.run_test(size=SIZE) as pilot:
        shutil.rmtree(data)
        await pilot.press("2")
        await type_text(pilot, "Still here")
        await pilot.press("enter", "1")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
    assert [m.text for m in open_sqlite(data).messages.find()] == ["Still here"]
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


async def test_a_data_folder_that_cannot_be_used_still_gives_a_kiosk(
    content: Path, tmp_path: Path, clock: FakeClock
) -> None:
    """Issue 11.10c: a data folder the kiosk cannot write meant no kiosk at all.

    Run as root, a 0500 folder stops nothing, so the folder here cannot be made at all (its
    parent is a file); tests/system/test_terminal.py has the unwritable folder for real.
    """
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    speech = FakeSpeaker()
    app = build_app(content, blocker / "data", player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        assert "A cup of tea on Thursdays" in shown(app)  # stories
        await pilot.press("home", "4")
        assert isinstance(app.screen, GroupsScreen)  # groups
        await pilot.press("home", "f1")
        assert isinstance(app.screen, HelpScreen)  # help
        await pilot.press("home", "2")
        await type_text(pilot, "Will this keep?")
        await pilot.press("enter", "1")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, MessagePreviewScreen)  # never "thank you"
        assert "could not be saved just now. It has not been sent" in shown(app)
        assert "It has not been sent" in speech.last
        await pilot.press("home", "0", "0", "0")  # staff are told why on the kiosk itself
        await type_text(pilot, "2580")
        await pilot.press("enter")
        await workers_done(pilot)
        await pilot.pause()
        assert "The staff PIN cannot be checked. The data folder" in shown(app)
        assert "cannot be used" in shown(app)


@pytest.mark.parametrize("size", SIZES)
async def test_only_approved_messages_are_heard(
    app: KioskApp, clock: FakeClock, size: tuple[int, int]
) -> None:
    store = app.services.messages.repository
    store.add("Pending words", clock.today())
    first = store.add("First approved", clock.today())
    second = store.add("[bold]Second[/bold] \x1b[31m[link=http://x]approved[/link]", clock.today())
    store.add("Rejected words", clock.today())
    store.set_status(first.id, Status.APPROVED, clock.today())
    store.set_status(second.id, Status.APPROVED, clock.today())
    store.set_status(4, Status.REJECTED, clock.today())
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        assert isinstance(app.screen, HearMessagesScreen)
        seen = []
        for _ in range(3):
            seen.append(shown(app))
            await pilot.press("1")
        assert (
            "Message 1 of 2" in seen[0]
            and "Message 2 of 2" in seen[1]
            and "Message 1 of 2" in seen[2]
        )
        everything = "\n".join(seen)
        # Markup and escapes are shown literally, never interpreted.
        assert "[bold]Second[/bold] [31m[link=http://x]approved[/link]" in everything
        assert "First approved" in everything
        assert "Pending words" not in everything and "Rejected words" not in everything
        # Three presses of "next" went round to message 2; left goes back to 1.
        await pilot.press("left")
        assert "Message 1 of 2" in shown(app)


async def test_no_messages_yet_offers_to_leave_one(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        assert "There are no messages to hear yet" in shown(app)
        assert "next" not in shown(app)  # no keys shown for messages that are not there
        await pilot.press("1")
        assert isinstance(app.screen, LeaveMessageScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_find_a_group_by_topic_and_see_its_details(
    app: KioskApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        assert isinstance(app.screen, GroupsScreen)
        assert "Show the 28 groups that match" in shown(app)
        await pilot.press("1")
        assert isinstance(app.screen, PickScreen)
        menu = app.screen.query_one(NumberedMenu)
        index = next(
            i for i, item in enumerate(menu.page_items()) if item.value == "hearing voices"
        )
        await pilot.press(str(index + 1))
        assert isinstance(app.screen, GroupsScreen)
        assert "Topic: Hearing voices" in shown(app)
        assert "Show the 1 group that matches" in shown(app)
        await pilot.press("5")
        assert isinstance(app.screen, GroupListScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, GroupDetailScreen)
        words = shown(app)
        for heading in ("What happens:", "When:", "Where:", "Phone:"):
            assert heading in words
        assert "Hearing Voices Group" in words
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, GroupsScreen)
        assert "Clear my choices" in shown(app)
        await pilot.press("6")
        assert "Show the 28 groups that match" in shown(app)


async def test_a_pickers_counts_keep_the_choices_already_made(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """By ear (issue 12): "Monday, 3 groups" means 3 with the topic chosen, not 3 in all."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "1")
        menu = app.screen.query_one(NumberedMenu)
        number = next(
            i for i, item in enumerate(menu.page_items(), 1) if item.value == "hearing voices"
        )
        await pilot.press(str(number), "2")  # the topic, then the day picker
        assert isinstance(app.screen, PickScreen)
        days = {item.value: item.label for item in app.screen.query_one(NumberedMenu).items}
        assert days[1] == "Tuesday  ·  1 group"  # the Hearing Voices Group meets on Tuesdays
        assert days[0] == "Monday  ·  0 groups"
        await pilot.press("2")  # Monday: nothing left
        assert isinstance(app.screen, GroupsScreen)
        assert "No group matches these choices" in shown(app)
        assert "No group matches all of your choices" in speech.last
        assert "press 6 to clear them" in speech.last
        await pilot.press("5")  # no empty list: it says what to do
        assert isinstance(app.screen, GroupsScreen)
        assert speech.last.startswith("No group matches all of your choices. Change one")
        await pilot.press("6")
        assert "Show the 28 groups that match" in shown(app)


async def test_find_a_group_by_day_and_area(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "2", "2")  # day: Monday
        assert "Day: Monday" in shown(app)
        await pilot.press("3", "2")  # the first area
        area = app.screen.chosen.area
        assert area and f"Area: {area}" in shown(app)
        await pilot.press("5")
        assert isinstance(app.screen, GroupListScreen)
        assert all(0 in g.days and g.area == area for g in app.screen.groups)


async def test_search_forgives_typos(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "4")
        assert isinstance(app.screen, SearchWordsScreen)
        await type_text(pilot, "wlaking")
        await pilot.press("enter")
        assert "Search words: wlaking" in shown(app)
        await pilot.press("5")
        assert "Sunday Walking Group" in shown(app)


async def test_long_lists_turn_pages_with_zero(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "5")
        assert isinstance(app.screen, GroupListScreen)
        groups = app.screen.groups
        assert len(groups) > 9
        assert "0  More" in shown(app)
        await pilot.press("0")
        await pilot.press("1")
        assert isinstance(app.screen, GroupDetailScreen)
        assert app.screen.group == groups[9]


@pytest.mark.parametrize("size", SIZES)
async def test_help_lists_keys_and_support_contacts(app: KioskApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.press("5")
        assert isinstance(app.screen, HelpScreen)
        words = shown(app)
        assert "Number keys" in words and "Escape, Backspace or ." in words
        assert "F2 or *: Says the last thing again." in words
        assert "Samaritans. Phone 116 123" in words


@pytest.mark.parametrize("key", ["escape", "backspace"])
async def test_back_always_goes_back(app: KioskApp, key: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        for path in (
            ["1"],
            ["1", "2"],
            ["3"],
            ["4"],
            ["4", "1"],
            ["4", "5"],
            ["4", "5", "1"],
            ["5"],
        ):
            await pilot.press(*path)
            depth = len(app.screen_stack)
            await pilot.press(key)
            assert len(app.screen_stack) == depth - 1, path
            while not isinstance(app.screen, HomeScreen):
                await pilot.press(key)
        await pilot.press(key)
        assert isinstance(app.screen, HomeScreen)  # Home is as far back as it goes


async def test_visitors_cannot_quit_or_reach_a_shell(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        for key in (
            "ctrl+c",
            "ctrl+q",
            "ctrl+z",
            "ctrl+backslash",
            "ctrl+p",
            "ctrl+d",
            "tab",
        ):
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running, key
            assert app.return_code is None
        assert isinstance(app.screen, HomeScreen)


KEYS_THAT_ENDED_THE_KIOSK = ("\x1b[57400;1:3u", "\x1b[1;5:3A", "\x1b[4294967295u")
"""Issue 30.1: kitty key reports with a sub-field, and a code point past Unicode."""


async def test_key_reports_textual_cannot_read_are_dropped_and_keys_go_on(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        for sequence in KEYS_THAT_ENDED_THE_KIOSK:
            await type_as_a_terminal(pilot, sequence)
            assert app.is_running and app.return_code is None, repr(sequence)
            assert isinstance(app.screen, HomeScreen)  # nothing was typed or chosen
        await type_as_a_terminal(pilot, "".join(KEYS_THAT_ENDED_THE_KIOSK) + "1")
        assert isinstance(app.screen, StoryListScreen)


async def test_walking_away_warns_then_starts_over(
    app: KioskApp, clock: FakeClock, speech: FakeSpeaker
) -> None:
    timeout = app.services.content.config.idle_timeout_seconds
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await type_text(pilot, "half a thought")
        await nobody_for(app, pilot, clock, timeout - 10)
        assert isinstance(app.screen, StillThereScreen)
        # I7: how long is left, and what gives more time, said and shown.
        assert "in 10 seconds. For more time, press any key or tap the screen." in speech.last
        assert "in 10 seconds. For more time, press any key or tap the screen." in shown(app)
        clock.advance(4)
        assert isinstance(app.screen, StillThereScreen)
        app.screen.count_down()
        assert "in 6 seconds." in shown(app)  # shown as it counts down
        assert "in 10 seconds." in speech.last  # and not said again each second
        await pilot.press("x")  # any key: more time, and the key does nothing else
        assert isinstance(app.screen, LeaveMessageScreen)
        assert app.screen.query_one(MessageBox).text == "half a thought"

        speech.finish()  # the screen, said again, has been heard to the end
        await nobody_for(app, pilot, clock, timeout + 1)
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2
        await pilot.press("2")
        assert app.screen.query_one(MessageBox).text == ""  # the draft is gone
        assert app.services.messages.find() == []


async def test_a_story_playing_is_not_walking_away(
    app: KioskApp, clock: FakeClock, player: FakePlayer, speech: FakeSpeaker
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        clock.advance(10_000)
        app.check_walked_away()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("1")  # paused, then walked away
        speech.finish()
        await nobody_for(app, pilot, clock, 10_000)
        assert isinstance(app.screen, HomeScreen)
        assert player.state is PlayerState.EMPTY


async def test_listening_to_the_help_is_not_walking_away(
    app: KioskApp, clock: FakeClock, speech: FakeSpeaker
) -> None:
    """Issue 11.7: a visitor hearing the 247-word help was cut off by "Are you still there?"."""
    timeout = app.services.content.config.idle_timeout_seconds
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen) and speech.speaking
        for _ in range(3):  # a long read, checked each second as the kiosk does
            await nobody_for(app, pilot, clock, timeout - 10)
            assert isinstance(app.screen, HelpScreen)
        speech.finish()  # the help has been read to the end; then nobody does anything
        await nobody_for(app, pilot, clock, timeout - 10)
        assert isinstance(app.screen, StillThereScreen)
        # The warning itself is not the visitor listening: unanswered, the kiosk starts over.
        assert speech.speaking
        await nobody_for(app, pilot, clock, 11)
        assert isinstance(app.screen, HomeScreen)


async def test_paused_speech_is_not_someone_listening(
    app: KioskApp, clock: FakeClock, speech: FakeSpeaker
) -> None:
    timeout = app.services.content.config.idle_timeout_seconds
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1", "f3")  # the help, paused in its place
        assert speech.paused
        await nobody_for(app, pilot, clock, timeout - 10)
        assert isinstance(app.screen, StillThereScreen)


async def test_a_tap_is_someone_being_there(
    app: KioskApp, clock: FakeClock, speech: FakeSpeaker
) -> None:
    """Issue 11.7: a touch-screen visitor taps; that counts as much as a key."""
    timeout = app.services.content.config.idle_timeout_seconds
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        speech.finish()
        clock.advance(timeout - 20)
        await pilot.click("#count")  # a tap on something that does nothing
        await nobody_for(app, pilot, clock, 15)
        assert isinstance(app.screen, LeaveMessageScreen)
        clock.advance(timeout - 25)  # 10 seconds before the time-out, counted from the tap
        app.check_walked_away()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        await pilot.click("#still-there-words")  # a tap on the warning gives more time too
        await pilot.pause()
        assert isinstance(app.screen, LeaveMessageScreen)


async def test_the_sample_layout_fits_80_by_24(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        for path in ([], ["1"], ["4"], ["4", "5"], ["5"]):
            await pilot.press(*path)
            await pilot.pause()
            for part in ("#centre-name", "#screen-title", "#status"):
                # One row each: the toggles' state once wrapped onto the title's line (V2).
                assert app.screen.query_one(part).region.height == 1, (path, part)
            menu = app.screen.query(NumberedMenu)
            if menu:
                region = menu.first().region
                assert region.bottom <= 24 - 1, path  # above the hint bar
            for _ in path:
                await pilot.press("escape")


async def test_going_back_from_a_typed_message_asks_first(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "escape")
        assert isinstance(app.screen, HomeScreen)  # nothing typed: straight back
        await pilot.press("2")
        await type_text(pilot, "Almost done")
        await pilot.press("escape")
        assert "Leave without sending?" in shown(app)
        await pilot.press("1")  # keep writing
        assert isinstance(app.screen, LeaveMessageScreen)
        assert app.screen.query_one(MessageBox).text == "Almost done"
        assert app.services.speech.last.endswith("11 of 500 letters used.")  # S1, by ear
        await pilot.press("backspace")  # in the box, Backspace deletes a letter
        assert app.screen.query_one(MessageBox).text == "Almost don"
        await pilot.press("escape", "2")
        assert isinstance(app.screen, HomeScreen)
        assert app.services.messages.find() == []


async def test_an_unexpected_stop_is_logged_with_its_reason(
    app: KioskApp, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 11.1: Textual giving up used to leave only "kiosk stopped" in kiosk.log."""
    async with app.run_test():
        app.panic("the input thread died: an example")
    assert "the kiosk stopped unexpectedly" in caplog.text
    assert "the input thread died: an example" in caplog.text
    assert not app.stopped_by_staff  # so `kiosk run` exits non-zero


def srt_stamp(seconds: float) -> str:
    return f"00:{int(seconds // 60):02d}:{seconds % 60:06.3f}".replace(".", ",")


@pytest.mark.parametrize("kind", ["draft", "srt"])
async def test_a_draft_or_srt_transcript_follows_the_story_too(
    content: Path, data: Path, clock: FakeClock, kind: str
) -> None:
    """Issue 13: staff's .srt, or the computer's draft, highlights each cue as it is said."""
    from kiosk.content.transcript import DRAFT_NOTE, read_transcript

    folder = content / "stories" / "small-steps-count"
    vtt = folder / "transcript.vtt"
    if kind == "draft":
        vtt.write_text(vtt.read_text().replace("WEBVTT\n", f"WEBVTT\n\n{DRAFT_NOTE}\n", 1))
    else:
        cues = read_transcript(vtt).cues
        vtt.unlink()
        (folder / "transcript.srt").write_text(
            "\n".join(
                f"{n}\n{srt_stamp(c.start or 0)} --> {srt_stamp(c.end or 0)}\n{c.text}\n"
                for n, c in enumerate(cues, 1)
            )
        )
    player = FakePlayer()
    app = build_app(content, data, player=player, speech=FakeSpeaker(), clock=clock)
    slugs = [s.slug for s in app.services.content.stories]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", str(slugs.index("small-steps-count") + 1))
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.story.transcript.draft == (kind == "draft")
        cue = screen.story.transcript.cues[3]
        player.advance((cue.start or 0) + 0.1)
        screen.refresh_progress()
        await pilot.pause()
        current = screen.query(".current")
        assert len(current) == 1
        assert str(current.first(Static).visual) == cue.text
