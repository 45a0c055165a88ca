"""The message service: leaving, hearing and moderating messages, whatever store keeps them.

Each test runs on both stores, SQLite's and one in memory: the service, and every front end
that calls it, must not care which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content.rules import Action, Rules, WatchedWord
from kiosk.core.problems import Code
from kiosk.messages.limits import HOUR, MessageLimits
from kiosk.messages.moderation import ModerationRefused, Refusal
from kiosk.messages.repository import MessageRepository, Reason, Status, StoreError, Why
from kiosk.messages.service import MessageService
from kiosk.messages.store import open_sqlite
from tests.support.fakes import CountedEvents, FakeClock, MemoryMessages

RULES = Rules(
    (WatchedWord("idiot", Action.REFUSE), WatchedWord("pills", Action.HOLD)),
    crisis=("want to die",),
)


@pytest.fixture(params=["sqlite", "memory"])
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MessageRepository]:
    if request.param == "sqlite":
        yield open_sqlite(tmp_path / "data").messages
    else:
        yield MemoryMessages()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def events() -> CountedEvents:
    return CountedEvents()


@pytest.fixture
def service(
    repository: MessageRepository, clock: FakeClock, events: CountedEvents
) -> MessageService:
    return MessageService(
        repository, clock, limits=MessageLimits(clock, per_visit=2, per_hour=3), events=events
    )


def test_a_plain_message_goes_to_the_preview_and_is_saved_and_counted(
    service: MessageService, events: CountedEvents, clock: FakeClock
) -> None:
    checked = service.check("You are not alone", RULES, "GB")
    assert checked.taken and not checked.support_first
    saved = service.leave("You are not alone", checked.screening)
    assert (saved.text, saved.day, saved.status) == (
        "You are not alone",
        clock.date,
        Status.PENDING,
    )
    assert [m.text for m in service.queue()] == ["You are not alone"]
    assert events.left == 1 and service.limits is not None and service.limits.this_visit == 1


def test_what_is_not_taken_and_why(service: MessageService) -> None:
    assert service.check("   ", RULES, "GB").empty
    refused = service.check("you idiot", RULES, "GB")
    assert not refused.taken and not refused.support_first
    assert refused.refused == ("idiot",)  # the word, for the screen to name (issue 34)


def test_the_limits_per_visit_and_per_hour(
    service: MessageService, clock: FakeClock, events: CountedEvents
) -> None:
    for _ in range(2):
        service.leave("Hello", service.check("Hello", RULES, "GB").screening)
    assert service.check("Hello", RULES, "GB").limit is Code.PER_VISIT
    service.new_visit()  # the next visitor
    service.leave("Hello", service.check("Hello", RULES, "GB").screening)
    service.new_visit()
    assert service.check("Hello", RULES, "GB").limit is Code.PER_HOUR
    clock.advance(HOUR + 1)
    assert service.check("Hello", RULES, "GB").taken
    assert events.left == 3


def test_crisis_words_take_the_crisis_route_and_are_saved_urgent(service: MessageService) -> None:
    checked = service.check("Some days I want to die, call 07700 900123", RULES, "GB")
    assert checked.taken and checked.support_first
    saved = service.leave("Some days I want to die, call 07700 900123", checked.screening)
    assert saved.urgent
    kept = service.get(saved.id)
    # Codes with their details, never sentences: each front end words them.
    assert kept.reasons == (Reason(Why.URGENT), Reason(Why.IDENTIFYING, ("phone",)))


def test_a_message_not_saved_is_neither_counted_nor_spent(
    clock: FakeClock, events: CountedEvents
) -> None:
    broken = MemoryMessages()
    broken.broken = True
    limits = MessageLimits(clock, per_visit=2, per_hour=3)
    service = MessageService(broken, clock, limits=limits, events=events)
    with pytest.raises(StoreError):
        service.leave("Hello", service.check("Hello", RULES, "GB").screening)
    assert events.left == 0 and limits.this_visit == 0


def test_only_approved_messages_are_heard_newest_first(
    service: MessageService, events: CountedEvents
) -> None:
    for words in ("First", "Second", "Third"):
        service.leave(words, service.check(words, RULES, "GB").screening)
        service.new_visit()
    service.approve(1, read_in_full=False)
    service.approve(3, read_in_full=False)
    assert [m.text for m in service.approved()] == ["Third", "First"]
    service.heard()
    assert events.heard == 1


def test_moderation_keeps_its_rules(service: MessageService, clock: FakeClock) -> None:
    held = service.leave("I hid the pills", service.check("I hid the pills", RULES, "GB").screening)
    service.new_visit()
    urgent = service.leave("I want to die", service.check("I want to die", RULES, "GB").screening)
    assert held.held and [m.id for m in service.queue()] == [urgent.id, held.id]  # urgent first
    with pytest.raises(ModerationRefused) as refused:
        service.approve(held.id, read_in_full=False)
    assert refused.value.refusal is Refusal.HELD_UNREAD
    with pytest.raises(ModerationRefused) as refused:
        service.approve(urgent.id, read_in_full=True)
    assert refused.value.refusal is Refusal.URGENT_UNCONFIRMED
    assert service.approve(held.id, read_in_full=True).status is Status.APPROVED
    service.reject(urgent.id)
    assert service.get(urgent.id).status is Status.REJECTED
    assert service.purge_rejected(30) == 0
    clock.date += dt.timedelta(days=31)
    assert service.purge_rejected(30) == 1
    assert [m.id for m in service.find()] == [held.id]


def test_staff_may_approve_their_own_words(service: MessageService) -> None:
    saved = service.leave("Call Jo on 07700 900123", service.check("x", RULES, "GB").screening)
    approved = service.approve(saved.id, read_in_full=False, text="Call the centre")
    assert approved.text == "Call the centre" and approved.status is Status.APPROVED


def test_backups_need_a_store_that_has_them(tmp_path: Path, clock: FakeClock) -> None:
    with pytest.raises(StoreError):
        MessageService(MemoryMessages(), clock).backup(tmp_path / "copy")
    stores = open_sqlite(tmp_path / "data")
    service = MessageService(stores.messages, clock, backups=stores.database)
    service.leave("Kept", service.check("Kept", RULES, "GB").screening)
    assert service.backup(tmp_path / "copy.sqlite3") == 1
    count, safety = service.restore(tmp_path / "copy.sqlite3")
    assert count == 1 and safety.is_file()
