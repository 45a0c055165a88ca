"""The sync service against a fake hub in memory: pushing, pulling, deciding, failing.

A fake clock and a seeded random number generator: nothing here sleeps or guesses.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from pathlib import Path
from typing import Any

import pytest
from ulid import ULID

from kiosk.messages.repository import Status
from kiosk.messages.store import SqliteStores, open_sqlite
from kiosk.sync.client import Failure, HubError
from kiosk.sync.service import MAX_BACKOFF, SyncService, SyncState
from tests.support.fake_hub import FakeHub, HubTransport

DAY = dt.date(2026, 12, 7)


class Clock:
    """Monotonic and wall time that move only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return 1_796_000_000.0 + self.now


@pytest.fixture
def hub() -> FakeHub:
    return FakeHub()


@pytest.fixture
def stores(tmp_path: Path) -> SqliteStores:
    return open_sqlite(tmp_path / "data")


def kiosk(
    stores: SqliteStores, hub: FakeHub, clock: Clock | None = None, **options: Any
) -> tuple[SyncService, HubTransport]:
    transport = HubTransport(hub, hub.add_kiosk("café"))
    clock = clock or Clock()
    service = SyncService(
        stores.outbox,
        transport,
        today=lambda: DAY,
        rng=random.Random(7),
        monotonic=clock.monotonic,
        wall=clock.wall,
        **options,
    )
    return service, transport


def other_kiosk_leaves(hub: FakeHub, text: str) -> str:
    """Another kiosk of the centre pushes a message; returns its uid."""
    token = hub.add_kiosk("quiet room")
    uid = str(ULID())
    message = {"uid": uid, "number": 1, "text": text, "day": DAY.isoformat()}
    message |= {"reasons": [], "urgent": False, "held": False}
    body = {"protocol": 1, "request": str(ULID()), "kiosk_today": DAY.isoformat(), "since": 0}
    body |= {"messages": [message], "decisions": [], "usage": [], "doctor": None}
    status, _ = hub.handle("/api/v1/sync", token, body)
    assert status == 200
    return uid


def test_messages_go_to_the_hub_oldest_first_and_are_marked_accepted(
    stores: SqliteStores, hub: FakeHub
) -> None:
    service, _ = kiosk(stores, hub)
    left = [stores.messages.add(f"Message {n}", DAY) for n in range(3)]
    done = service.run_once()
    assert done.messages == 3 and not stores.outbox.waiting()
    assert hub.order == [m.uid for m in left]
    body = hub.bodies[0]
    assert body["protocol"] == 1 and body["since"] == 0 and body["kiosk_today"] == "2026-12-07"
    assert [m["number"] for m in body["messages"]] == [1, 2, 3]
    ULID.from_str(body["request"])
    # Nothing waiting: the next request sends no message, and a new request id.
    service.run_once()
    assert hub.bodies[1]["messages"] == [] and hub.bodies[1]["request"] != body["request"]


def test_a_lost_answer_means_the_message_is_sent_again_and_kept_once(
    stores: SqliteStores, hub: FakeHub
) -> None:
    service, transport = kiosk(stores, hub)
    message = stores.messages.add("Hello", DAY)
    transport.lose_answers = 1
    with pytest.raises(HubError) as lost:
        service.run_once()
    assert lost.value.failure is Failure.TIMEOUT
    assert stores.outbox.waiting().messages == 1  # the kiosk does not know the hub has it
    service.run_once()
    assert list(hub.messages) == [message.uid] and not stores.outbox.waiting()
    assert [m.uid for m in stores.messages.find()] == [message.uid]  # not added twice


def test_changes_come_in_pages_until_there_are_no_more(stores: SqliteStores, hub: FakeHub) -> None:
    hub.page = 2
    uids = [other_kiosk_leaves(hub, f"From the café {n}") for n in range(5)]
    hub.decide(uids[1], "approved")
    hub.decide(uids[2], "rejected")
    service, _ = kiosk(stores, hub)
    done = service.run_once()
    assert done.requests == 3  # 2 + 2 + 1: asked again at once while there were more
    # Pending ones too (one queue for the centre); the rejected one is not added.
    assert [(m.uid, m.status) for m in stores.messages.find()] == [
        (uids[0], Status.PENDING),
        (uids[3], Status.PENDING),
        (uids[4], Status.PENDING),
        (uids[1], Status.APPROVED),
    ]
    assert stores.outbox.value("since") == str(hub.seq)
    assert hub.bodies[-1]["since"] == hub.bodies[-2]["since"] + 2
    # The hub approves one later: it arrives with the next sync, and only it.
    hub.decide(uids[0], "approved")
    assert service.run_once().changes == 1
    assert stores.messages.get(1).status is Status.APPROVED


def test_a_decision_here_is_applied_at_the_hub(stores: SqliteStores, hub: FakeHub) -> None:
    service, _ = kiosk(stores, hub)
    uid = other_kiosk_leaves(hub, "From the quiet room: call 07700 900123")
    service.run_once()
    [message] = stores.messages.find()
    stores.messages.edit(message.id, "From the quiet room")
    stores.messages.set_status(message.id, Status.APPROVED, DAY)
    done = service.run_once()
    assert (done.decisions, done.overruled) == (1, 0)
    assert hub.messages[uid].status == "approved"
    assert hub.messages[uid].text == "From the quiet room"  # the edited words
    assert not stores.outbox.waiting()


def test_first_decision_wins_and_the_kiosk_takes_the_hubs(
    stores: SqliteStores, hub: FakeHub
) -> None:
    service, _ = kiosk(stores, hub)
    message = stores.messages.add("Hello", DAY)
    service.run_once()
    hub.decide(message.uid, "rejected")  # at the hub, while this kiosk is offline
    stores.messages.set_status(message.id, Status.APPROVED, DAY)  # here, offline
    done = service.run_once()
    assert (done.decisions, done.overruled) == (1, 1)
    assert stores.messages.get(message.id).status is Status.REJECTED
    assert hub.messages[message.uid].status == "rejected"
    assert not stores.outbox.waiting()


def test_a_decision_made_in_flight_is_not_lost_to_the_answer(
    stores: SqliteStores, hub: FakeHub
) -> None:
    service, transport = kiosk(stores, hub)
    message = stores.messages.add("Hello", DAY)
    service.run_once()
    stores.messages.set_status(message.id, Status.APPROVED, DAY)
    real = transport.sync

    def staff_reject_meanwhile(body: dict[str, Any]) -> dict[str, Any]:
        answer = real(body)  # the hub applied the approval...
        stores.messages.set_status(message.id, Status.REJECTED, DAY)  # ...as staff reject here
        return answer

    transport.sync = staff_reject_meanwhile  # type: ignore[method-assign]
    service.run_once()
    assert stores.messages.get(message.id).status is Status.REJECTED  # the answer did not undo it
    assert stores.outbox.waiting().decisions == 1  # and it still goes to the hub
    transport.sync = real  # type: ignore[method-assign]
    done = service.run_once()
    # The hub had the approval first: the later rejection is overruled, all sides agree.
    assert done.overruled == 1
    assert stores.messages.get(message.id).status is Status.APPROVED
    assert hub.messages[message.uid].status == "approved"


def test_usage_goes_as_absolute_counts_only_when_changed(
    stores: SqliteStores, hub: FakeHub
) -> None:
    service, _ = kiosk(stores, hub)
    stores.usage.count(DAY - dt.timedelta(days=3), "visits", by=5)
    stores.usage.count(DAY, "visits", by=2)
    service.run_once()
    kiosk_number = max(hub.names)
    assert hub.usage[kiosk_number, "2026-12-04", "visits", ""] == 5
    assert hub.usage[kiosk_number, "2026-12-07", "visits", ""] == 2
    service.run_once()
    assert hub.bodies[-1]["usage"] == []  # nothing changed
    stores.usage.count(DAY, "visits")
    service.run_once()
    assert hub.bodies[-1]["usage"] == [
        {"day": "2026-12-07", "name": "visits", "item": "", "count": 3}
    ]


def test_the_doctors_results_go_at_most_hourly(stores: SqliteStores, hub: FakeHub) -> None:
    clock = Clock()
    runs: list[int] = []

    def doctor() -> dict[str, Any]:
        runs.append(1)
        return {"checks": [{"mark": "OK", "finding": "disk_enough", "details": {"free_mb": 9}}]}

    service, _ = kiosk(stores, hub, clock, doctor=doctor)
    service.run_once()
    clock.now += 1800
    service.run_once()
    clock.now += 1801
    service.run_once()
    assert [body["doctor"] is not None for body in hub.bodies] == [True, False, True]
    assert len(runs) == 2


def test_a_revoked_token_stops_syncing(stores: SqliteStores, hub: FakeHub) -> None:
    service, _ = kiosk(stores, hub)
    hub.revoked.add(max(hub.names))
    waits: list[float] = []
    service.run_forever(threading.Event(), lambda seconds: bool(waits.append(seconds)))
    assert service.state is SyncState.REVOKED and waits == []
    assert stores.outbox.value("problem") == "unauthorised"


def test_the_hub_away_means_backing_off_with_jitter_then_catching_up(
    stores: SqliteStores, hub: FakeHub
) -> None:
    clock = Clock()
    service, _ = kiosk(stores, hub, clock)
    message = stores.messages.add("Left while the hub is away", DAY)
    hub.failures = [503] * 12
    waits: list[float] = []
    stop = threading.Event()

    def wait(seconds: float) -> bool:
        waits.append(seconds)
        clock.now += seconds
        if message.uid in hub.messages and len(waits) > 14:
            stop.set()
        return stop.is_set()

    service.run_forever(stop, wait)
    backoffs = waits[:12]
    ceilings = [min(MAX_BACKOFF, 2.0 * 2**n) for n in range(12)]
    assert all(0 < w <= c for w, c in zip(backoffs, ceilings, strict=True))
    assert max(backoffs) > 60  # it does back off...
    assert len(set(backoffs)) == 12  # ...with jitter, so kiosks do not knock together
    assert message.uid in hub.messages and not stores.outbox.waiting()
    assert service.state is SyncState.STOPPED and service.failures == 0
    assert stores.outbox.value("problem") == ""


def test_something_waiting_is_pushed_within_seconds_not_at_the_interval(
    stores: SqliteStores, hub: FakeHub
) -> None:
    clock = Clock()
    service, _ = kiosk(stores, hub, clock, interval=60.0, quick=1.0)
    stop = threading.Event()
    pushed_at: list[float] = []

    def wait(seconds: float) -> bool:
        clock.now += seconds
        if clock.now == 1003.0:
            stores.messages.add("Hello", DAY)
            left_at.append(clock.now)
        if hub.messages and not pushed_at:
            pushed_at.append(clock.now)
        if clock.now >= 1200:
            stop.set()
        return stop.is_set()

    left_at: list[float] = []
    service.run_forever(stop, wait)
    assert pushed_at[0] - left_at[0] <= 2.0
    # Full syncs every interval besides: 1000, then the push, 1064, 1124, 1184.
    assert len(hub.bodies) == 5
