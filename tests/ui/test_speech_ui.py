"""What the kiosk says, screen by screen, heard through a recording fake voice.

Each test names the rows of ../shared/accessibility.md it shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.audio import PlayerState
from kiosk.core.locale import english
from kiosk.core.problems import Code
from kiosk.screens import (
    GroupDetailScreen,
    GroupsScreen,
    HelpScreen,
    HomeScreen,
    LeaveMessageScreen,
    MessagePreviewScreen,
    PlayerScreen,
    StillThereScreen,
    StoryListScreen,
)
from kiosk.speech.manager import QUIET_TICKS
from kiosk.speech.speaker import RATES, SpeechDefaults
from kiosk.speech.words import is_decoration, speakable
from kiosk.ui.app import KioskApp
from kiosk.ui.controls import CONTROLS
from kiosk.ui.session import Echo
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.widgets.message_box import MessageBox
from tests.support.apps import app_with_settings, build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.pilot import seen, shown, type_text
from tests.support.waits import until

SIZE = (80, 24)
SIZES = [(80, 24), (100, 30)]
KIOSKS = {
    "keyboard": (),
    "keypad": (
        ("keypad = false", "keypad = true"),
        ("touch_screen = true", "touch_screen = false"),
    ),
}
"""A kiosk with a keyboard and a touch screen (the sample's), and one with a keypad alone."""


def each_kiosk(content: Path, data: Path, clock: FakeClock, kind: str) -> KioskApp:
    """The sample kiosk as `kind` (KIOSKS) has it, with its fake player and voice."""
    return app_with_settings(content, data, clock, *KIOSKS[kind], speech=FakeSpeaker())


def labels(app: KioskApp) -> list[str]:
    return [item.label for item in app.screen.query_one(NumberedMenu).page_items()]


async def test_the_first_screen_speaks_without_any_setup(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """I8, S1: title, the centre's name, welcome, one instruction, every option with its key."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = speech.last
        assert said.startswith("Welcome. Riverside Drop-in (sample content). Hello, and welcome.")
        assert "Press a number to choose." in said
        for number, label in enumerate(labels(app), 1):
            assert f"Press {number}: {label}." in said


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", KIOSKS)
async def test_every_screen_says_its_title_and_each_option_shown(
    content: Path, data: Path, clock: FakeClock, size: tuple[int, int], kind: str
) -> None:
    """S1 on every screen a visitor can reach by keys, at 80x24 and 100x30, on a keyboard
    kiosk and a keypad one (issue 34: each has its own words for the keys)."""
    app = each_kiosk(content, data, clock, kind)
    speech = app.services.speech
    assert isinstance(speech, FakeSpeaker)
    journeys = [
        ["1"],
        ["1", "5"],
        ["2"],
        ["3"],
        ["4"],
        ["4", "1"],
        ["4", "2"],
        ["4", "3"],
        ["4", "5"],
        ["5"],
        ["5", "1"],
        ["6"],
    ]
    async with app.run_test(size=size) as pilot:
        for keys in journeys:
            await pilot.press(*keys)
            await pilot.pause()
            screen = app.screen
            said = speech.last
            assert said.startswith(f"{screen.title_text}."), (keys, said)
            menus = screen.query(NumberedMenu)
            if menus:
                for number, item in enumerate(menus.first().page_items(), 1):
                    # Each choice with its second line, as a sighted visitor sees it (S1).
                    listed = speakable(item.listed)
                    ends = "" if listed.endswith((".", "?", "!")) else "."  # a kind message
                    assert f"Press {number}: {listed}{ends}" in said, (keys, listed)
            if keys == ["1"]:  # "(sample)" once for the list, not with each of 7 titles
                assert "(sample)" not in said and said.count("sample stories") == 1
            while not isinstance(app.screen, HomeScreen):
                await pilot.press("escape")


async def test_moving_says_the_item_and_where_it_is(app: KioskApp, speech: FakeSpeaker) -> None:
    """S2: "..., Story 2 of 7": what it is (as shown: title, then its second line) and where."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "down")
        story = app.services.content.stories[1]
        assert speech.last.startswith(f"{story.title}. told by {story.told_by}, ")
        assert story.summary in speech.last  # what it is about, as well as its title
        assert speech.last.endswith(f"Story 2 of {len(app.services.content.stories)}.")
        # V1: the line of what was said shows what the list does not: summary and place.
        said = str(app.screen.query_one("#said").render())
        assert said.startswith(story.summary[:20]) and said.endswith("Story 2 of 7.")
        await pilot.press("escape", "down", "down")
        assert speech.last.endswith("Choice 3 of 6.")


async def test_each_arrival_says_the_screen_once(app: KioskApp, speech: FakeSpeaker) -> None:
    """S1 by ear: Home said its welcome twice on every arrival, the first cut off at once."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [s for s in speech.said if s.startswith("Welcome.")] == [speech.said[-1]]
        for keys, title in [(("1",), "Hear a story."), (("home",), "Welcome."), (("2",), "Leave")]:
            before = len(speech.said)
            await pilot.press(*keys)
            await pilot.pause(0.2)
            arrivals = [s for s in speech.said[before:] if s.startswith(title)]
            assert len(arrivals) == 1, (keys, speech.said[before:])


async def test_repeat_pause_and_stop(app: KioskApp, speech: FakeSpeaker) -> None:
    """S3: repeat re-speaks; pause keeps the place. S4: a key cuts speech short."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        intro = speech.last
        stops = speech.stops
        await pilot.press("f4")
        assert not speech.speaking and speech.stops > stops
        await pilot.press("f2")
        assert speech.last == intro and speech.speaking
        await pilot.press("f3")
        assert speech.paused and speech.speaking  # paused in its place, not stopped
        assert "Paused (F3)" in shown(app)
        await pilot.press("f3")
        assert not speech.paused and speech.speaking
        await pilot.press("asterisk")  # the keypad's star repeats too
        assert speech.said[-1] == intro


async def test_any_key_cuts_speech_short(app: KioskApp, speech: FakeSpeaker) -> None:
    """S4."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("down", "x", "tab", "f12"):
            speech._speaking = True
            before = speech.stops
            await pilot.press(key)
            assert speech.stops == before + 1, key


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", KIOSKS)
async def test_nothing_decorative_reaches_the_voice(
    content: Path, data: Path, clock: FakeClock, size: tuple[int, int], kind: str
) -> None:
    """S5: no box drawing, bars or markup in anything said on a full journey, at both sizes,
    by keyboard and by keypad (help's keys and the group's code included)."""
    app = each_kiosk(content, data, clock, kind)
    speech, player = app.services.speech, app.services.player
    assert isinstance(speech, FakeSpeaker) and isinstance(player, FakePlayer)
    store = app.services.messages.repository
    message = store.add("[bold]Hold on[/bold] ░▒▓ ──", app.services.clock.today())
    from kiosk.messages.repository import Status

    store.set_status(message.id, Status.APPROVED, app.services.clock.today())
    async with app.run_test(size=size) as pilot:
        for keys in (["1", "1"], ["3"], ["4", "5", "1", "2"], ["5", "1"], ["6"], ["2"]):
            await pilot.press(*keys)
            player.advance(30)
            await pilot.pause(0.3)
            while not isinstance(app.screen, HomeScreen):
                await pilot.press("escape")
        everything = " ".join(speech.said)
        assert not any(is_decoration(ch) for ch in everything)
        assert "[bold]" not in everything and "Hold on" in everything
        assert "·" not in everything and "→" not in everything


async def test_volume_and_speed_step_confirm_and_reset(
    app: KioskApp, speech: FakeSpeaker, clock: FakeClock
) -> None:
    """S9, S12: steps confirmed aloud; back to the defaults for the next visitor."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        assert speech.last == "Louder. Volume 8 of 10."
        await pilot.press("f8", "f8", "f8")
        assert speech.last == "No change. Volume 10 of 10. That is the loudest."
        await pilot.press("f7")
        assert speech.last == "Quieter. Volume 9 of 10."
        await pilot.press("f5")
        assert speech.last == f"Slower. Speed 3 of {len(RATES)}."
        assert speech.rate == RATES[2]
        await pilot.press("f6", "f6")
        assert "Speed 5" in shown(app)

        await pilot.press("2")
        speech.finish()
        clock.advance(app.services.content.config.idle_timeout_seconds + 1)
        app.check_walked_away()
        await pilot.pause()
        assert speech.volume == SpeechDefaults().volume
        assert speech.rate == 175


async def test_speech_off_is_said_and_shown_and_comes_back(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """I4."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        assert speech.last == "Voice off. Press F9 to turn it back on."
        assert "Voice off (F9)" in shown(app)
        count = len(speech.said)
        await pilot.press("1")
        assert len(speech.said) == count  # nothing more is said
        await pilot.press("f9")
        assert speech.last == "Voice on."
        assert "Voice on" in shown(app)


async def test_key_help_describes_and_does_nothing(app: KioskApp, speech: FakeSpeaker) -> None:
    """I3: in key help mode, a key says what it does and acts on nothing."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        assert speech.last.startswith("Key help on.")
        assert "KEY HELP ON" in shown(app)
        await pilot.press("1")
        assert speech.last == "1 chooses: Hear a story."
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("escape")
        assert speech.last == "This key does nothing here: this is the first screen."
        await pilot.press("f8")
        assert speech.last == "F8, or plus: Speaks louder."
        assert speech.volume == 7
        await pilot.press("f10")
        assert speech.last == "Key help off. Keys work again."
        await pilot.press("1")
        assert isinstance(app.screen, StoryListScreen)


async def test_privacy_hides_the_screen_and_speech_goes_on(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """V4: what is drawn on the screen is only the note; the voice goes on."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f11")
        assert speech.last.startswith("Screen hidden.")
        assert "The screen is hidden" in seen(app)
        assert "Hear a story" not in seen(app)
        await pilot.press("1")
        assert isinstance(app.screen, StoryListScreen)
        assert speech.last.startswith("Hear a story.")  # the voice goes on
        assert "A cup of tea" not in seen(app)
        await pilot.press("f11")
        await pilot.pause()
        assert "A cup of tea" in seen(app)


async def test_keys_go_on_working_while_the_screen_is_hidden(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """V4: hiding the screen keeps the focus where it was: arrows, Enter and typing work."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f11", "down")
        assert speech.last.startswith("Leave a message")  # the highlight moved, and said so
        await pilot.press("enter")
        assert isinstance(app.screen, LeaveMessageScreen)
        await type_text(pilot, "Hello")
        assert app.screen.query_one(MessageBox).text == "Hello"
        assert "Hello" not in seen(app)


async def test_a_screen_coming_back_stays_hidden(app: KioskApp, speech: FakeSpeaker) -> None:
    """V4: back to a screen already open while the screen is hidden: it is hidden too."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "f11", "escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.pause()
        assert "Hear a story" not in seen(app)
        assert "The screen is hidden" in seen(app)


async def test_a_tap_on_the_hidden_screen_shows_it(app: KioskApp, speech: FakeSpeaker) -> None:
    """V4 by touch: the note says to tap it, and a tap shows the screen again."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f11")
        assert "tap here" in seen(app)
        await pilot.click("#privacy-note")
        await pilot.pause()
        assert speech.last == "Screen showing."
        assert "Hear a story" in seen(app)


async def test_typing_is_quiet_until_the_visitor_chooses_to_hear_it(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """Issue 11.6: S7 (nothing private on the open speaker unless chosen) with S1 (what was
    typed can be heard): quiet at first and said so; F12 for words, again for letters."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert "What you type is not said aloud" in speech.last
        speech.clear()
        await type_text(pilot, "I feel alone ")
        await pilot.press("backspace")
        assert speech.said == ["Deleted"]  # that a key worked, never what went
        assert "F12" in shown(app) and "Typing said aloud" not in shown(app)

        await pilot.press("f12")
        assert speech.last.startswith("Typing said aloud.")
        assert "Typing said aloud" in shown(app)  # the top bar (row I4)
        speech.clear()
        await type_text(pilot, " and ")
        assert speech.said == ["alone", "and"]  # "alone" is finished by the space
        await pilot.press("backspace")
        assert speech.last == "space deleted"

        await pilot.press("f12")
        await type_text(pilot, "ok")
        assert speech.said[-2:] == ["o", "k"]

        await pilot.press("f12")
        assert speech.last == "Typing is quiet again. What you type is not said aloud."
        speech.clear()
        await type_text(pilot, " now ")
        assert speech.said == []


async def test_an_empty_message_says_which_field_and_how_to_fix_it(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """S11."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "enter")
        assert speech.last == "Your message is empty. Type a few words, then press Enter."


async def test_own_message_is_read_aloud_only_when_chosen(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """S7."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await type_text(pilot, "Private words here")
        speech.clear()
        await pilot.press("enter")
        assert isinstance(app.screen, MessagePreviewScreen)
        assert "Private words here" not in " ".join(speech.said)
        assert "not read aloud unless you press 4" in speech.last
        await pilot.press("4")
        assert speech.last == "Your message: Private words here"


async def test_a_story_waits_for_its_introduction(
    app: KioskApp, speech: FakeSpeaker, player: FakePlayer
) -> None:
    """S1 on the player, S8 handled by the engine (see test_engine), S13 for slow loading."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        assert isinstance(app.screen, PlayerScreen)
        assert speech.last.startswith(
            "A cup of tea on Thursdays. Told by Ray. "
            "After losing his wife, Ray found company at a bereavement café. "
            "Press 1 to pause or play."
        )
        # Held until the introduction ends: not "Playing 0:00" (by ear, issue 12).
        app.screen.refresh_progress()
        assert "The story starts after these words" in shown(app)
        speech.finish()
        app.screen.refresh_progress()
        assert "Playing" in shown(app) and "after these words" not in shown(app)
        await pilot.press("3")
        assert speech.last == "Forward 10 seconds. 10 seconds of 1 minute 25 seconds."
        await pilot.press("1")
        assert speech.last.startswith("Paused at 10 seconds.")
        await pilot.press("4")
        assert speech.last == "Stopped. Press 1 to play from the start."
        await pilot.press("1")
        player.advance(1000)
        app.screen.refresh_progress()
        assert speech.last.startswith("The story has finished.")


async def test_a_slow_story_says_please_wait(content: Path, data: Path, clock: FakeClock) -> None:
    """S13: a wait is said, with what follows, but never over the introduction's key words."""

    class SlowPlayer(FakePlayer):
        def open(self, path: Path, *, play: bool = True) -> None:
            super().open(path, play=play)
            self._state = PlayerState.LOADING

    speech = FakeSpeaker()
    app = build_app(content, data, player=SlowPlayer(), speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        intro = speech.last
        assert "Press 1 to pause or play." in intro
        clock.advance(3)
        screen.refresh_progress()
        assert speech.last == intro  # the introduction goes on: it is what covers the wait
        speech.finish()
        screen.refresh_progress()
        assert speech.last == intro  # quiet, but not yet a second
        clock.advance(1.5)
        screen.refresh_progress()
        assert speech.last == "The story is nearly ready. Please wait. It will start by itself."


async def test_no_sound_is_said(content: Path, data: Path, clock: FakeClock) -> None:
    speech = FakeSpeaker()
    app = build_app(
        content, data, player=FakePlayer(problem=Code.NO_SOUND), speech=speech, clock=clock
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        app.screen.refresh_progress()
        assert speech.last == english().t("problems.no_sound")


async def test_walking_away_is_warned_aloud_then_everything_resets(
    app: KioskApp, speech: FakeSpeaker, clock: FakeClock
) -> None:
    """I7: warning by screen and speech; any key gives more time; reset stops and forgets."""
    timeout = app.services.content.config.idle_timeout_seconds
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12", "f10", "f10", "f11", "f8", "2")
        speech.finish()
        clock.advance(timeout - 10)
        app.check_walked_away()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        assert speech.last.startswith("Are you still there? The kiosk will start again")
        await pilot.press("space")
        assert isinstance(app.screen, LeaveMessageScreen)
        speech.finish()
        clock.advance(timeout + 1)
        app.check_walked_away()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert speech.volume == 7 and speech.enabled
        choices = app.services.choices
        assert choices.typing is Echo.QUIET
        assert not (choices.describe_keys or choices.privacy)
        assert "-privacy" not in app.screen.classes


async def test_the_voice_follows_the_story_language(
    content: Path, data: Path, clock: FakeClock
) -> None:
    """S10: a story told in Polish is announced in a Polish voice."""
    settings = content / "stories" / "a-long-way-from-home" / "story.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "pl"'))
    speech = FakeSpeaker()
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "down")
        assert speech.last.startswith("A long way from home")
        assert speech.languages[-1] == "pl"
        await pilot.press("escape")
        assert speech.languages[-1] == "en"


async def test_help_speaks_contacts_keys_and_every_control(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Samaritans. Phone 1 1 6, 1 2 3." in speech.last
        await pilot.press("1")  # every key is on help's second layer (issue 34)
        said = speech.last
        pack = app.services.pack
        for control in CONTROLS:
            assert f"{control.said(pack)}: {control.does(pack)}" in said
            assert f"{control.label(pack)}: {control.does(pack)}" in shown(app)


async def test_group_details_are_spoken_with_phone_digits(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """By ear (issue 12): what, when, where and the phone number first; addresses as words;
    1 says the number again on its own."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "5", "1")
        assert isinstance(app.screen, GroupDetailScreen)
        group = app.screen.group
        said = speech.last
        assert said.startswith(f"{group.name}. What happens: {group.what}")
        assert "Phone: 0 1 6 3 2, 9 6 0" in said
        order = [said.index(f"{heading}:") for heading in ("What happens", "When", "Where")]
        order += [said.index("Phone:"), said.index("Cost:"), said.index("Website:")]
        assert order == sorted(order), said
        assert "example dot org slash peer dash circle" in said and "https" not in said
        assert "circle at example dot org" in said
        await pilot.press("1")
        assert speech.last == "Phone: 0 1 6 3 2, 9 6 0 1 0 1.", group.phone


async def test_a_phone_extension_is_shown_and_said_in_words(
    content: Path, data: Path, player: FakePlayer, speech: FakeSpeaker, clock: FakeClock
) -> None:
    """Open Referral's example phone has an extension: the group shows, and says it plainly."""
    groups = content / "groups.csv"
    groups.write_text(groups.read_text().replace("01632 960101", "01632 960101 ext. 12"))
    app = build_app(content, data, player=player, speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "5", "1")
        assert isinstance(app.screen, GroupDetailScreen)
        assert "01632 960101, extension 12" in shown(app)
        await pilot.press("1")
        assert speech.last == "Phone: 0 1 6 3 2, 9 6 0 1 0 1, extension 1 2."


async def test_coming_back_from_a_choice_says_the_change(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "2", "2")
        await pilot.pause()
        assert isinstance(app.screen, GroupsScreen)
        assert speech.last.startswith("Day: Monday.")
        assert speech.last.endswith("match. Press 5 to show them.")


def test_typing_echo_handles_keys_arriving_together() -> None:
    from kiosk.ui.widgets.typing_echo import TypingEcho

    said: list[str] = []
    echo = TypingEcho(said.append, lambda: Echo.WORDS)
    echo.changed("You are not alone ")
    assert said == ["You are not alone"]
    echo.changed("You are not alone. Keep")
    echo.changed("You are not alone. Keep going!")
    assert said[-1] == "Keep going"  # "Keep" was never finished on its own
    echo.changed("You are not alone. Keep going")
    assert said[-1] == "exclamation mark deleted"


async def test_every_prompt_said_is_also_shown(app: KioskApp, speech: FakeSpeaker) -> None:
    """V1: what is said and not already on the screen has a line of its own."""
    async with app.run_test(size=SIZE) as pilot:
        said = app.screen.query_one("#said")
        assert not said.display  # the welcome is the screen itself: nothing said twice
        await pilot.press("7")
        assert speech.last == "7 does nothing here."
        assert said.display and "7 does nothing here." in seen(app)
        await pilot.press("1", "down")
        said = app.screen.query_one("#said")
        assert "Story 2 of 7." in speech.last
        assert "Story 2 of 7." in " ".join(seen(app).split())  # as wrapped on the screen
        await pilot.press("f9")  # the voice off: the line is then the only way to get it
        await pilot.press("f7")
        assert "Quieter" in str(said.visual)


async def test_every_visit_begins_with_how_the_kiosk_works(
    content: Path, data: Path, clock: FakeClock
) -> None:
    """Issue 12, orientation: said once a visit, after the words the visitor's first action
    brought (row S4: those come at once), and shown."""
    speech = FakeSpeaker()
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock, oriented=False)
    how = "This kiosk talks. Tap Say again or press star to hear it again."
    async with app.run_test(size=SIZE) as pilot:
        assert not speech.last.startswith("This kiosk talks")  # nobody has come up yet
        await pilot.press("1")
        assert speech.last.startswith("Hear a story."), speech.last  # what they asked for
        speech.finish()
        await until(pilot, lambda: speech.last.startswith(how), "the orientation follows")
        assert "headphones" in speech.last and "Staff at the desk" in speech.last
        assert "This kiosk talks" in shown(app)  # said, and shown (row V1)
        # At 80x24 it leaves the whole list in sight: all seven stories, none under it.
        menu = app.screen.query_one(NumberedMenu)
        await pilot.pause()
        body = app.screen.query_one("#body")
        assert menu.option_count == 7 and menu.max_scroll_y == 0
        assert menu.region.bottom <= body.region.bottom  # not clipped by the body either
        await pilot.press("escape")
        assert speech.last.startswith("Welcome.")  # once a visit
        assert "This kiosk talks" not in shown(app)
        # The next visitor hears it too.
        speech.finish()
        clock.advance(app.services.content.config.idle_timeout_seconds + 1)
        app.check_walked_away()
        await pilot.pause()
        await pilot.press("down")
        assert speech.last.startswith("Leave a message")
        speech.finish()
        await until(pilot, lambda: speech.last.startswith(how), "the orientation follows")


async def test_a_new_screen_is_said_at_once_and_cuts_the_orientation(
    content: Path, data: Path, clock: FakeClock
) -> None:
    """S4, by ear ("walk by ear"): 4 pressed during how the kiosk works opened Find a group,
    but the orientation went on and the screen's own words waited behind it (it went first
    of them): a blind visitor heard 12 seconds of the wrong words. A screen's words come at
    once; the orientation follows the first words a visitor hears whole, on its own, and
    the next key or screen cuts it like any other speech."""
    speech = FakeSpeaker()
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock, oriented=False)
    how = "This kiosk talks. Tap Say again or press star to hear it again."
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert speech.last.startswith("Leave a message."), speech.last  # what they asked for
        speech.finish()  # heard whole: how the kiosk works follows, said on its own
        await until(pilot, lambda: speech.last.startswith(how), "the orientation follows")
        assert "This kiosk talks" in shown(app)  # said, and shown (row V1)
        stops = speech.stops
        await pilot.press("4")  # while it is being said
        assert isinstance(app.screen, GroupsScreen)
        assert speech.stops > stops  # the key cut it short
        assert speech.last.startswith("Find a group."), speech.last  # the new screen, at once
        assert "This kiosk talks" not in speech.last
        speech.finish()
        for _ in range(QUIET_TICKS * 2):
            app.speech_manager.tick()
        assert sum("This kiosk talks" in said for said in speech.said) == 1  # once a visit


async def test_a_first_key_that_opens_a_screen_hears_the_screen_first(
    content: Path, data: Path, clock: FakeClock
) -> None:
    """S4: the visitor's first key opens Find a group; its words come at once, not after
    the orientation (which follows them, and a key before then cuts nothing of it)."""
    speech = FakeSpeaker()
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock, oriented=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        assert speech.last.startswith("Find a group."), speech.last
        await pilot.press("down")  # before the screen's words ended: no orientation yet
        assert "This kiosk talks" not in " ".join(speech.said)
        speech.finish()  # this time heard to the end: the orientation follows
        await until(
            pilot, lambda: speech.last.startswith("This kiosk talks."), "the orientation follows"
        )


async def test_a_keypad_kiosk_says_which_keys_without_the_buttons(
    content: Path, data: Path, clock: FakeClock
) -> None:
    speech = FakeSpeaker()
    keypad_only = ("touch_screen = true", "touch_screen = false")
    app = app_with_settings(content, data, clock, keypad_only, speech=speech, oriented=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        assert speech.last.startswith("Find a group.")
        speech.finish()
        how = "This kiosk talks. Press star or F2 to hear it again."
        await until(pilot, lambda: speech.last.startswith(how), "the orientation follows")
        assert "tap" not in speech.last


async def test_a_key_that_does_nothing_says_so(app: KioskApp, speech: FakeSpeaker) -> None:
    """S1: a key that cut the speech short and did nothing else says so, and it is shown."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        assert speech.last == "This key does nothing here."
        assert "This key does nothing here." in shown(app)
        await pilot.press("1", "down")  # keys that do something are not taken for nothing
        assert speech.last.startswith("A long way from home")
        await pilot.press("escape", "2", "x")  # typing: a letter
        assert speech.last != "This key does nothing here."
