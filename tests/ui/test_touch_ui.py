"""Every journey by touch alone: a finger on the screen, no key pressed (issue 12).

Many kiosks have only a touch screen. Each test below uses only taps (Pilot's `click`) on
what a visitor sees: the choices in a list, the buttons along the bottom, the player's
buttons and the letters of the on-screen keyboard. A tap presses the key it stands for
(kiosk/ui/widgets/touch.py), so it keeps the rows the keys keep: I5 (a double tap acts
once), I3 (key help describes a tap instead of acting), S4 (a tap cuts speech short).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from textual.widgets import Button

from kiosk.audio import PlayerState
from kiosk.messages.repository import Status
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
    PlayerScreen,
    SearchWordsScreen,
    StoryListScreen,
    ThanksScreen,
)
from kiosk.ui.app import KioskApp
from kiosk.ui.navigation import Place
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.widgets.message_box import MessageBox, WordsBox
from kiosk.ui.widgets.touch import TapButton
from tests.support.apps import app_with_settings
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.pilot import shown, tap, tap_choice, tap_text, workers_done

SIZE = (80, 24)
TALL = (120, 40)
"""A screen of many (so small) rows, where buttons are three rows high."""


async def test_hear_a_story_by_touch(app: KioskApp, player: FakePlayer) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, 1)
        assert isinstance(app.screen, StoryListScreen)
        await tap_choice(pilot, 1)
        assert isinstance(app.screen, PlayerScreen)
        assert player.state is PlayerState.PLAYING
        await tap(pilot, "play_pause")
        assert player.state is PlayerState.PAUSED
        await tap(pilot, "play_pause")
        assert player.state is PlayerState.PLAYING
        await tap(pilot, "forward")
        await tap(pilot, "forward")
        assert player.position == pytest.approx(20)
        await tap(pilot, "rewind")
        assert player.position == pytest.approx(10)
        await tap(pilot, "stop")
        assert player.state is PlayerState.PAUSED and player.position == 0
        await tap(pilot, "back")
        assert isinstance(app.screen, StoryListScreen)
        await tap(pilot, "home")
        assert isinstance(app.screen, HomeScreen)


async def test_a_story_with_a_note_asks_first_by_touch(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, 1)
        slugs = [item.value.slug for item in app.screen.query_one(NumberedMenu).items]
        await tap_choice(pilot, slugs.index("other-ways-through") + 1)
        assert isinstance(app.screen, ContentNoteScreen)
        assert "self-harm" in shown(app)
        await tap_choice(pilot, 1)  # listen
        assert isinstance(app.screen, PlayerScreen)


async def test_leave_a_message_by_touch(app: KioskApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, 2)
        assert isinstance(app.screen, LeaveMessageScreen)
        await tap_text(pilot, "You are kind, it's true.")
        assert "24 of 500 letters used" in shown(app)
        await tap(pilot, "delete")
        assert "23 of 500 letters used" in shown(app)
        await tap(pilot, "done")
        assert isinstance(app.screen, MessagePreviewScreen)
        assert "You are kind, it's true" in shown(app)
        await tap_choice(pilot, 1)  # send it
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        [saved] = app.services.messages.find()
        assert saved.text == "You are kind, it's true"
        assert saved.status is Status.PENDING
        await tap(pilot, "back")
        assert isinstance(app.screen, HomeScreen)


async def test_back_from_a_written_message_asks_first_by_touch(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, 2)
        await tap_text(pilot, "hello")
        await tap(pilot, "back")
        assert "Leave without sending?" in shown(app)
        await tap_choice(pilot, 1)  # keep writing
        assert isinstance(app.screen, LeaveMessageScreen)
        await tap_text(pilot, " there")
        assert "hello there" in app.screen.draft


async def test_hear_messages_by_touch(app: KioskApp, clock: FakeClock) -> None:
    store = app.services.messages.repository
    for words in ("First kind words", "Second kind words"):
        store.set_status(store.add(words, clock.today()).id, Status.APPROVED, clock.today())
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, 3)
        assert isinstance(app.screen, HearMessagesScreen)
        assert "Message 1 of 2" in shown(app)
        await tap_choice(pilot, 1)  # next
        assert "Message 2 of 2" in shown(app)
        await tap_choice(pilot, 2)  # previous
        assert "Message 1 of 2" in shown(app)


async def test_find_a_group_by_touch(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, 4)
        assert isinstance(app.screen, GroupsScreen)
        await tap_choice(pilot, 4)  # search words
        assert isinstance(app.screen, SearchWordsScreen)
        await tap_text(pilot, "wlaking")
        await tap(pilot, "done")
        assert "Search words: wlaking" in shown(app)
        await tap_choice(pilot, 5)
        assert isinstance(app.screen, GroupListScreen)
        assert "Sunday Walking Group" in shown(app)
        await tap_choice(pilot, 1)
        assert isinstance(app.screen, GroupDetailScreen)
        assert "Phone:" in shown(app)
        await tap(pilot, "back")
        assert isinstance(app.screen, GroupListScreen)


async def test_a_long_list_turns_its_page_by_touch(app: KioskApp) -> None:
    async with app.run_test(size=TALL) as pilot:
        await tap_choice(pilot, 4)
        await tap_choice(pilot, 5)
        assert isinstance(app.screen, GroupListScreen)
        groups = app.screen.groups
        await tap_choice(pilot, 0)  # "More"
        await tap_choice(pilot, 1)
        assert isinstance(app.screen, GroupDetailScreen)
        assert app.screen.group == groups[9]


async def test_help_volume_and_say_again_by_touch(app: KioskApp, speech: FakeSpeaker) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await tap(pilot, "louder")
        assert "Volume 8 of 10" in speech.last
        await tap(pilot, "quieter")
        assert "Volume 7 of 10" in speech.last
        await tap(pilot, "repeat")
        assert "Volume 7 of 10" in speech.last
        await tap(pilot, "help")
        assert isinstance(app.screen, HelpScreen)
        assert not app.screen.query("#tap-help")  # help is open: no button for it
        await tap(pilot, "back")
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query("#tap-back")  # Home has nowhere to go back to


async def test_i5_a_double_tap_acts_once(timed_app: KioskApp, clock: FakeClock) -> None:
    app = timed_app
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, 1)
        await tap_choice(pilot, 1)  # the same instant: the finger bounced
        assert isinstance(app.screen, StoryListScreen)
        clock.advance(1.0)
        back = app.screen.query_one("#tap-back").region.center
        await pilot.click(offset=back)
        await pilot.click(offset=back)  # the finger bounced: Home has another button there
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2


async def test_i3_key_help_describes_a_tap_instead(app: KioskApp, speech: FakeSpeaker) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await tap_choice(pilot, 1)
        assert isinstance(app.screen, HomeScreen)  # described, not done
        assert "Hear a story" in speech.last
        await tap(pilot, "louder")
        assert "louder" in speech.last.lower() and "Volume" not in speech.last


@pytest.mark.parametrize("size", [SIZE, TALL])
async def test_the_buttons_fit_and_keep_the_list_in_sight(
    app: KioskApp, size: tuple[int, int]
) -> None:
    """Row V2 with touch: at 80x24 and on a taller screen, every button is on the screen,
    none covers another or the list, and the story list's seven choices all show."""
    async with app.run_test(size=size) as pilot:
        for path in ([], [1], [1, 1], [2], [4], [4, 4], [5]):
            for number in path:
                await tap_choice(pilot, number)
            buttons = [b.region for b in app.screen.query(Button) if b.display]
            assert buttons, path
            width, height = size
            for region in buttons:
                assert region.right <= width and region.bottom <= height, (size, path)
                # 9 mm (see kiosk.tcss): two rows to tap; a letter's face is one and a half.
                assert region.height >= (2 if height <= 32 else 3), (size, path)
            for first, other in itertools.combinations(buttons, 2):
                # Apart, not touching: a gap shows where one ends and the next begins.
                assert not first.grow((0, 1, 0, 1)).overlaps(other), (size, path)
            menus = app.screen.query(NumberedMenu)
            if menus:
                menu = menus.first().region
                assert not any(menu.overlaps(region) for region in buttons), (size, path)
            if path == [1]:
                visible = menus.first().scrollable_content_region.height
                assert visible >= 14, (size, "seven stories, two lines each")
            for _ in path:
                await tap(pilot, "back")


async def test_words_on_the_buttons_change_with_the_language(
    content: Path, data: Path, clock: FakeClock
) -> None:
    app = app_with_settings(content, data, clock, ('language = "en"', 'languages = ["en", "ko"]'))
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, number_of(app, Place.LANGUAGE))
        await tap_choice(pilot, number_of(app, "ko"))
        assert isinstance(app.screen, HomeScreen)
        labels = {str(b.label) for b in app.screen.query(TapButton)}
        assert "다시 듣기" in labels and "Say again" not in labels
        await tap_choice(pilot, 2)
        labels = {str(b.label) for b in app.screen.query(TapButton)}
        assert "지우기" in labels and "Delete" not in labels  # the keyboard's keys too
        # A Korean keyboard: a letter a tap, joined into syllables as they are typed.
        await tap_text(pilot, "ㄱㅗㅁㅏㅂㅅㅡㅂㄴㅣㄷㅏ ㄷㅏㄹㄱ ")
        await tap(pilot, "capital")  # 쌍자음: the next letter is doubled, ㅅ becomes ㅆ
        await tap_text(pilot, "ㅅㅏ")
        assert app.screen.query_one(MessageBox).text == "고맙습니다 닭 싸"
        for after in ("고맙습니다 닭 ㅆ", "고맙습니다 닭 ", "고맙습니다 닭", "고맙습니다 달"):
            await tap(pilot, "delete")  # a letter a tap back, as it was typed
            assert app.screen.query_one(MessageBox).text == after
        await tap(pilot, "done")
        assert isinstance(app.screen, MessagePreviewScreen)


def number_of(app: KioskApp, value: object) -> int:
    """The number of the choice that stands for `value` on the screen's list."""
    items = app.screen.query_one(NumberedMenu).items
    return next(number for number, item in enumerate(items, 1) if item.value == value)


async def test_no_buttons_for_a_keypad_kiosk(content: Path, data: Path, clock: FakeClock) -> None:
    app = app_with_settings(content, data, clock, ("touch_screen = true", "touch_screen = false"))
    async with app.run_test(size=SIZE) as pilot:
        assert not app.screen.query(Button)
        await pilot.press("2")
        assert not app.screen.query(Button)  # no letters to tap either


async def test_korean_search_words_join_as_they_are_tapped(
    content: Path, data: Path, clock: FakeClock
) -> None:
    app = app_with_settings(content, data, clock, ('language = "en"', 'language = "ko"'))
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, 4)
        await tap_choice(pilot, 4)
        assert isinstance(app.screen, SearchWordsScreen)
        await tap_text(pilot, "ㅅㅏㄴㅊㅐㄱ")
        assert app.screen.query_one(WordsBox).value == "산책"
        await tap(pilot, "delete")  # one tap back is one letter back, not the syllable
        assert app.screen.query_one(WordsBox).value == "산채"
        await tap_text(pilot, "ㄱ")
        assert app.screen.query_one(WordsBox).value == "산책"
        await tap(pilot, "done")
        assert isinstance(app.screen, GroupsScreen)
        assert "산책" in shown(app)


async def test_a_long_message_leaves_its_choices_in_sight(app: KioskApp) -> None:
    """V2 at 80x24: a 500-letter message in the preview does not push the answers away."""
    async with app.run_test(size=SIZE) as pilot:
        await tap_choice(pilot, 2)
        app.screen.query_one(MessageBox).text = "You are not alone. " * 26  # 494 letters
        await tap(pilot, "done")
        assert isinstance(app.screen, MessagePreviewScreen)
        menu = app.screen.query_one(NumberedMenu)
        assert menu.region.bottom <= SIZE[1] and menu.region.height >= len(menu.options)
        assert menu.scrollable_content_region.height >= len(menu.options)
        await tap_choice(pilot, 1)  # and a finger can reach "Yes, send it"
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
