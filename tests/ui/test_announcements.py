"""Announcements: words a screen both shows and says, stated once (issue 29, part 3).

An error under the message box, "Your message could not be saved", how a PIN try went: each
is one `Announcement`, shown in its widget and said, with what to do next said after it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Static

from kiosk.core.locale import english
from kiosk.messages.repository import StoreError
from kiosk.screens import LeaveMessageScreen, MessagePreviewScreen, PinScreen
from kiosk.ui.app import KioskApp
from kiosk.ui.pages import Announcement
from tests.support.fakes import FakeSpeaker
from tests.support.pilot import type_text

SIZE = (80, 24)
EN = english()


def words_in(app: KioskApp, where: str) -> str:
    widget = app.screen.query_one(f"#{where}", Static)
    return str(widget.render()) if widget.display else ""


def test_an_announcement_is_said_as_shown_then_what_to_do() -> None:
    assert Announcement("It is full.", then="Press Enter.").spoken == "It is full. Press Enter."
    assert Announcement("It is full.").spoken == "It is full."
    assert Announcement("").spoken == ""


async def test_an_empty_message_is_shown_and_said_once(app: KioskApp, speech: FakeSpeaker) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert isinstance(app.screen, LeaveMessageScreen)
        await pilot.press("enter")
        empty = EN.t("leave_message.empty")
        assert words_in(app, "message-error") == empty and speech.last == empty
        await type_text(pilot, "H")  # a letter clears the error, and says nothing of it
        assert words_in(app, "message-error") == ""


async def test_a_message_not_saved_is_shown_and_said_with_what_to_do(
    app: KioskApp, speech: FakeSpeaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(text: str, day: dt.date, **screening: object) -> None:
        raise StoreError("The message could not be saved: database or disk is full.")

    monkeypatch.setattr(app.services.messages.repository, "add", full_disk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await type_text(pilot, "Keep going")
        await pilot.press("enter", "1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MessagePreviewScreen)
        not_saved = EN.t("message_preview.not_saved")
        assert words_in(app, "send-status") == not_saved
        assert speech.last == f"{not_saved} {EN.t('message_preview.try_again')}"


async def test_a_pin_try_is_shown_and_said_alike(app: KioskApp, speech: FakeSpeaker) -> None:
    app.services.staff_lock.set_pin("258014")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0", "0", "0")
        assert isinstance(app.screen, PinScreen)
        await type_text(pilot, "111111")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        wrong = "That PIN is not right. 4 tries left."
        assert words_in(app, "pin-result") == wrong and speech.last == wrong
