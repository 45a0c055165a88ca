"""Screening and limits as a visitor meets them, and the usage counts they leave behind."""

from __future__ import annotations

import pytest

from kiosk.core.locale import english
from kiosk.core.problems import Code
from kiosk.messages.repository import Status
from kiosk.screens import (
    HomeScreen,
    LeaveMessageScreen,
    MessagePreviewScreen,
    SupportNowScreen,
    ThanksScreen,
)
from kiosk.staff.wording import reason_words
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets.message_box import MessageBox
from tests.support.fakes import FakeClock, FakeSpeaker
from tests.support.pilot import every_choice_in_sight, shown, type_text, workers_done

SIZE = (80, 24)


async def send(app: KioskApp, pilot, words: str) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, words)
    await pilot.press("enter")


async def test_crisis_words_bring_support_contacts_at_once(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await send(app, pilot, "Some days I want to die but you all help")
        assert isinstance(app.screen, SupportNowScreen)
        words = shown(app)
        assert "If you are struggling right now, you can talk to someone." in words
        assert "Samaritans. Phone 116 123" in words
        assert "Phone 1 1 6, 1 2 3" in speech.last
        await pilot.press("1")  # carry on
        assert isinstance(app.screen, MessagePreviewScreen)
        await pilot.press("1")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        [saved] = app.services.messages.find()
        assert saved.urgent and reason_words(english(), saved.reasons[0]).startswith("URGENT")


async def test_after_crisis_words_the_words_match_what_happens(app: KioskApp) -> None:
    """Issue 11.9: nothing is sent before the visitor chooses, and nothing promises others see it."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await send(app, pilot, "I can't go on")
        words = shown(app)
        assert "will also read your message" not in words  # it had not been sent
        assert "Your message is not sent yet." in words
        assert app.services.messages.find() == []
        await pilot.press("1")  # carry on
        words = shown(app)
        assert "other visitors can then read" not in words
        assert "decide with care whether other visitors should see it" in words


async def test_a_message_without_crisis_words_says_staff_decide(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await send(app, pilot, "You are doing so well")
        assert isinstance(app.screen, MessagePreviewScreen)
        assert "If they agree, other visitors can then read and hear it." in shown(app)


async def test_support_screen_can_go_back_to_the_words(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await send(app, pilot, "I can't go on")
        await pilot.press("2")
        assert isinstance(app.screen, LeaveMessageScreen)
        assert app.screen.query_one(MessageBox).text == "I can't go on"


async def test_identifying_details_are_hidden_in_the_preview_and_flagged(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await send(app, pilot, "Text me on 07700 900123 anytime")
        assert isinstance(app.screen, MessagePreviewScreen)
        words = shown(app)
        assert "Text me on [phone number hidden] anytime" in words
        assert "07700" not in words
        assert "Details that could identify someone" in speech.last  # said as well as shown
        await pilot.press("4")  # hear it read aloud: the hidden detail is said, not dropped
        assert "Text me on, phone number hidden, anytime" in speech.last, speech.last
        assert "07700" not in speech.last
        await pilot.press("1")
        await workers_done(pilot)
        await pilot.pause()
        [saved] = app.services.messages.find()
        assert saved.text == "Text me on 07700 900123 anytime"  # staff see it whole, and decide
        assert [reason_words(english(), r) for r in saved.reasons] == [
            "May identify someone: phone number."
        ]


async def test_refused_words_are_asked_about_kindly_and_nothing_is_lost(
    app: KioskApp, speech: FakeSpeaker
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await send(app, pilot, "You idiot")
        assert isinstance(app.screen, LeaveMessageScreen)
        assert "cannot be shared here" in shown(app)
        assert "cannot be shared here" in speech.last
        assert app.screen.query_one(MessageBox).text == "You idiot"
        assert app.services.messages.find() == []


async def test_many_messages_in_a_row_are_slowed_kindly(app: KioskApp, clock: FakeClock) -> None:
    limit = app.services.content.config.messages_per_visit
    async with app.run_test(size=SIZE) as pilot:
        for number in range(limit):
            await pilot.press("2")
            await send(app, pilot, f"Kind words {number}")
            await pilot.press("1")
            await workers_done(pilot)
            await pilot.pause()
            assert isinstance(app.screen, ThanksScreen)
            await pilot.press("1")
        await pilot.press("2")
        await send(app, pilot, "One more")
        assert isinstance(app.screen, LeaveMessageScreen)
        assert "That is as many as one visit can leave" in shown(app)
        assert app.screen.query_one(MessageBox).text == "One more"  # nothing lost
        assert len(app.services.messages.find()) == limit
        # The next visitor can leave messages again.
        clock.advance(10_000)
        app.check_walked_away()
        await pilot.pause()
        await pilot.press("2")
        await send(app, pilot, "New visitor here")
        assert isinstance(app.screen, MessagePreviewScreen)


async def test_the_hourly_limit_for_the_whole_kiosk(app: KioskApp, clock: FakeClock) -> None:
    limits = app.services.messages.limits
    assert limits is not None
    for _ in range(limits.per_hour):
        limits.new_visit()
        limits.sent()
    assert limits.refusal() is Code.PER_HOUR
    clock.advance(3601)
    assert limits.refusal() is None


async def test_usage_counts_identify_no_one(app: KioskApp, clock: FakeClock) -> None:
    store = app.services.messages.repository
    message = store.add("Approved words", clock.today())
    store.set_status(message.id, Status.APPROVED, clock.today())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1", "escape", "escape", "3", "1", "escape", "4", "5", "1")
        while not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")
        clock.advance(10_000)
        app.check_walked_away()
        await pilot.press("5")
    app.services.usage.flush()
    counts = {(name, item): n for day, name, item, n in app.services.usage.counts()}
    assert counts[("visits", "")] == 2
    assert counts[("visits using keys", "")] == 2
    assert counts[("stories started", "a-cup-of-tea-on-thursdays")] == 1
    assert counts[("messages heard", "")] == 2
    assert sum(n for (name, _), n in counts.items() if name == "groups viewed") == 1
    assert all(day == clock.today() for day, *_ in app.services.usage.counts())


async def test_a_pasted_lone_surrogate_is_saved_without_it(app: KioskApp) -> None:
    """Issue 11.2: pasting "\\ud800" and sending used to raise in the store and end the app."""
    from textual import events

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        app.screen.query_one(MessageBox).post_message(events.Paste("You are \ud800not alone"))
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, MessagePreviewScreen)
        await pilot.press("1")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        [saved] = app.services.messages.find()
        assert saved.text == "You are not alone"


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_crisis_route_ends_with_thanks_staff_and_the_contacts_again(
    app: KioskApp, speech: FakeSpeaker, size: tuple[int, int]
) -> None:
    """Issue 34.2: "some days I feel suicidal", Enter, 1, 1 ends with care, not a promise."""
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await send(app, pilot, "some days I feel suicidal")
        assert isinstance(app.screen, SupportNowScreen)
        await every_choice_in_sight(pilot)  # "1 Carry on / 2 Go back" were below 80x24's last row
        await pilot.press("1", "1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        words = shown(app)
        assert "other visitors can hear it" not in words.casefold()
        assert "Thank you for writing this." in words
        assert "A member of staff will read it soon." in words
        assert "Samaritans. Phone 116 123" in words
        assert "other visitors can hear it" not in speech.last.casefold()
        assert "If you want to talk to someone now:" in speech.last
        assert "Phone 1 1 6, 1 2 3" in speech.last
        await every_choice_in_sight(pilot)
        await pilot.press("1")
        assert isinstance(app.screen, HomeScreen)


async def test_a_message_without_crisis_words_still_ends_as_it_did(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await send(app, pilot, "You are doing so well")
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        assert "Then other visitors can hear it." in shown(app)
        assert "Samaritans" not in shown(app)
