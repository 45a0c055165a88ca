"""Staff mode on the kiosk itself: PIN, moderation, problems, counts, sound check."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.messages.repository import Reason, Status, Why
from kiosk.screens import (
    AskScreen,
    ContentProblemsScreen,
    EditMessageScreen,
    HomeScreen,
    ModerationScreen,
    PinScreen,
    ReadInFullScreen,
    SoundCheckScreen,
    StaffMenuScreen,
    UsageScreen,
)
from kiosk.ui.app import KioskApp
from tests.support.fakes import FakeClock, FakeSpeaker
from tests.support.pilot import shown, type_text, workers_done

SIZE = (80, 24)
PIN = "2580"


async def enter_staff(app: KioskApp, pilot, pin: str = PIN) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("0", "0", "0")
    assert isinstance(app.screen, PinScreen)
    await type_text(pilot, pin)
    await pilot.press("enter")
    await workers_done(pilot)
    await pilot.pause()


async def test_pin_entry_is_masked_and_never_spoken(app: KioskApp, speech: FakeSpeaker) -> None:
    """S6: each digit is "star"; no digit of the PIN is ever said, even in key help."""
    app.services.staff_lock.set_pin(PIN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0", "0", "0")
        assert isinstance(app.screen, PinScreen)
        speech.clear()
        await type_text(pilot, "1397")
        assert speech.said == ["star"] * 4
        assert "1397" not in shown(app) and "••••" in str(
            app.screen.query_one("Input").render_line(0).text
        )
        await pilot.press("f10", "5")
        assert speech.last == "Number keys type the PIN. The numbers are never said aloud."
        await pilot.press("f10", "backspace")
        assert speech.last == "deleted"
        await pilot.press("enter")
        assert "Checking. Please wait." in speech.said  # S13: the slow check is not silent
        await workers_done(pilot)
        await pilot.pause()
        assert "4 tries left" in speech.last and "4 tries left" in shown(app)
        assert not any(
            part in said
            for said in speech.said
            for part in ("1397", "139", "397", "13", "39", "97")
        )


async def test_no_pin_set_says_how_to_set_one(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await enter_staff(app, pilot)
        assert "No staff PIN is set. Run: kiosk staff set-pin" in shown(app)


async def test_moderate_from_the_kiosk(
    app: KioskApp, speech: FakeSpeaker, clock: FakeClock
) -> None:
    store = app.services.messages.repository
    app.services.staff_lock.set_pin(PIN)
    store.add("You are not alone", clock.today())
    store.add(
        "Ring 07700 900123 for a chat",
        clock.today(),
        reasons=[Reason(Why.IDENTIFYING, ("phone",))],
    )
    store.add(
        "Some days I want to die",
        clock.today(),
        reasons=[Reason(Why.URGENT)],
        urgent=True,
    )
    async with app.run_test(size=SIZE) as pilot:
        await enter_staff(app, pilot)
        assert isinstance(app.screen, StaffMenuScreen)
        assert "Messages to read (3 messages waiting, 1 URGENT)" in shown(app)
        await pilot.press("1")
        assert isinstance(app.screen, ModerationScreen)
        words = shown(app)
        assert (
            "Message 1 of 3" in words
            and "URGENT: words suggest" in words
            and "Some days I want to die" in words
        )
        await pilot.press("2")  # reject: asked first, since it is for good (issue 34.6)
        assert "Reject this message?" in shown(app)
        await pilot.press("1")  # no, keep it waiting
        assert "Message 1 of 3" in shown(app)
        assert store.get(3).status is Status.PENDING
        assert "Not rejected." in speech.last
        await pilot.press("2", "2")  # reject, then yes
        assert "Message 1 of 2" in shown(app)
        assert store.get(3).status is Status.REJECTED
        await pilot.press("1")  # approve "You are not alone"
        assert store.get(1).status is Status.APPROVED
        assert "Ring 07700 900123" in shown(app)
        await pilot.press("3")  # edit out the number, then approve
        assert isinstance(app.screen, EditMessageScreen)
        for _ in range(len("07700 900123 for a chat")):
            await pilot.press("backspace")
        await type_text(pilot, "the centre for a chat")
        await pilot.press("enter")
        assert isinstance(app.screen, ModerationScreen)
        assert (
            store.get(2).text == "Ring the centre for a chat"
            and store.get(2).status is Status.APPROVED
        )
        assert "No messages are waiting" in shown(app)
        # Pending words were shown to staff, never spoken on the open speaker.
        spoken = " ".join(speech.said)
        for words in ("You are not alone", "07700", "want to die"):
            assert words not in spoken
        await pilot.press("escape")
        assert "Messages to read (0 messages waiting)" in shown(app)


async def test_staff_screens_for_problems_counts_and_sound(
    content: Path, app: KioskApp, clock: FakeClock
) -> None:
    app.services.staff_lock.set_pin(PIN)
    app.services.usage.store.count(clock.today(), "visits")
    async with app.run_test(size=SIZE) as pilot:
        await enter_staff(app, pilot)
        await pilot.press("2")
        assert isinstance(app.screen, ContentProblemsScreen)
        assert "There are no problems in the content folder." in shown(app)
        await pilot.press("escape", "3")
        assert isinstance(app.screen, UsageScreen)
        assert "Visits per day" in shown(app) and re.search(r"█+ [12]\b", shown(app))
        await pilot.press("escape", "4")
        assert isinstance(app.screen, SoundCheckScreen)
        await pilot.pause(0.3)
        assert "Microphone" in shown(app)
        await pilot.press("1")
        assert "This is the kiosk's voice" in app.services.speech.last
        await pilot.press("escape", "5")
        assert isinstance(app.screen, HomeScreen)


async def test_staff_mode_leaves_by_itself(
    app: KioskApp, clock: FakeClock, speech: FakeSpeaker
) -> None:
    app.services.staff_lock.set_pin(PIN)
    async with app.run_test(size=SIZE) as pilot:
        await enter_staff(app, pilot)
        await pilot.press("1")
        speech.finish()
        clock.advance(app.services.content.config.idle_timeout_seconds + 1)
        app.check_walked_away()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_zero_pressed_slowly_is_just_zero(app: KioskApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await pilot.press("0")
            clock.advance(3)
        assert isinstance(app.screen, HomeScreen)


async def test_a_held_message_is_approved_only_after_it_is_opened_in_full(
    app: KioskApp, speech: FakeSpeaker, clock: FakeClock
) -> None:
    """The rule the CLI keeps with --read (kiosk/messages/moderation.py), on the kiosk too."""
    store = app.services.messages.repository
    app.services.staff_lock.set_pin(PIN)
    long_words = " ".join(
        f"Line {n} of a long message about the pills I was given." for n in range(60)
    )
    store.add(long_words, clock.today(), reasons=[Reason(Why.HELD, ("pills",))], held=True)
    async with app.run_test(size=SIZE) as pilot:
        await enter_staff(app, pilot)
        await pilot.press("1")
        assert isinstance(app.screen, ModerationScreen)
        assert "press 5 to read it in full" in shown(app)
        await pilot.press("1")  # approve at once: refused, and said why
        assert store.get(1).status is Status.PENDING
        assert "press 5 to read it in full" in speech.last
        await pilot.press("5")  # open it, and leave before the end: still not read in full
        assert isinstance(app.screen, ReadInFullScreen)
        await pilot.press("escape")
        await pilot.press("1")
        assert store.get(1).status is Status.PENDING
        await pilot.press("5")
        await pilot.press("end")  # to the last line
        await pilot.pause()
        await pilot.press("escape")
        assert "press 5" not in shown(app)
        await pilot.press("1")
        assert store.get(1).status is Status.APPROVED
        assert "long message" not in " ".join(speech.said)  # shown to staff, never spoken


async def test_an_urgent_message_is_approved_only_after_a_second_question(
    app: KioskApp, speech: FakeSpeaker, clock: FakeClock
) -> None:
    """Issue 11.9: one key is too easy for words written in crisis; "no" comes first."""
    store = app.services.messages.repository
    app.services.staff_lock.set_pin(PIN)
    store.add("Some days I want to die", clock.today(), urgent=True)
    async with app.run_test(size=SIZE) as pilot:
        await enter_staff(app, pilot)
        await pilot.press("1")
        assert isinstance(app.screen, ModerationScreen)
        await pilot.press("1")  # approve: a question first
        assert isinstance(app.screen, AskScreen)
        assert "Approve an urgent message?" in shown(app) and "safeguarding" in shown(app)
        assert store.get(1).status is Status.PENDING
        await pilot.press("1")  # No, keep it waiting
        assert isinstance(app.screen, ModerationScreen)
        assert store.get(1).status is Status.PENDING
        assert speech.last.startswith("Not approved.")
        await pilot.press("1", "escape")  # Back is no, too
        assert store.get(1).status is Status.PENDING
        await pilot.press("1", "2")  # Yes, approve it
        assert isinstance(app.screen, ModerationScreen)
        assert store.get(1).status is Status.APPROVED
        assert "want to die" not in " ".join(speech.said)


async def test_staff_mode_asks_for_a_longer_pin_when_the_one_used_is_short(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    """Issue 11.5: a PIN set before 6 digits were asked for still opens staff mode, and says so."""
    app.services.staff_lock.set_pin(PIN)  # 4 digits, from an older kiosk
    async with app.run_test(size=SIZE) as pilot:
        await enter_staff(app, pilot)
        assert isinstance(app.screen, StaffMenuScreen)
        assert "shorter than 6 digits" in shown(app) and "shorter than 6 digits" in speech.last
        await pilot.press("5")  # leave staff mode
        app.services.staff_lock.set_pin("258014")
        await enter_staff(app, pilot, "258014")
        assert isinstance(app.screen, StaffMenuScreen)
        assert "shorter than" not in shown(app)


async def test_a_draft_transcript_is_a_note_not_a_problem(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker
) -> None:
    from kiosk.content.transcript import DRAFT_NOTE
    from tests.support.apps import build_app
    from tests.support.fakes import FakePlayer

    vtt = content / "stories" / "small-steps-count" / "transcript.vtt"
    vtt.write_text(vtt.read_text().replace("WEBVTT\n", f"WEBVTT\n\n{DRAFT_NOTE}\n", 1))
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    assert "small-steps-count" in [s.slug for s in app.services.content.stories]
    app.services.staff_lock.set_pin(PIN)
    async with app.run_test(size=SIZE) as pilot:
        await enter_staff(app, pilot)
        assert "Content problems (0 problems)" in shown(app)
        await pilot.press("2")
        assert isinstance(app.screen, ContentProblemsScreen)
        assert "There are 0 problems. 1 note to read as well." in shown(app)
        assert "Note: stories/small-steps-count/transcript.vtt: this transcript is a" in shown(app)
