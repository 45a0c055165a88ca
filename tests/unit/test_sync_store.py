"""The store's side of syncing with the hub: schema 4, and the outbox's reads and writes."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kiosk.messages.repository import Status, StoreError
from kiosk.messages.store import MIGRATIONS, Database, SqliteOutbox, open_sqlite
from kiosk.messages.synced import Change, Resolved

DAY = dt.date(2026, 12, 7)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def make_schema_3(path: Path) -> None:
    """A database as the kiosk made it before the hub: messages, counts, the PIN."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    for steps in MIGRATIONS[:3]:
        for step in steps:
            if isinstance(step, str):
                db.execute(step)
            else:
                step(db)
    db.execute("PRAGMA user_version = 3")
    rows = [
        ("Waiting for staff", "pending", None, "01KBZ0000000000000000000A1"),
        ("Keep going", "approved", "2026-12-01", "01KBZ0000000000000000000A2"),
        ("Not for the wall", "rejected", "2026-12-02", "01KBZ0000000000000000000A3"),
    ]
    for text, status, decided, uid in rows:
        db.execute(
            "INSERT INTO messages (text, day, status, decided, uid) VALUES (?, '2026-11-30', ?, ?, ?)",
            (text, status, decided, uid),
        )
    db.execute("INSERT INTO usage (day, name, item, count) VALUES ('2026-11-30', 'visits', '', 4)")
    db.execute("INSERT INTO staff (key, value) VALUES ('pin', 'hash')")
    db.close()


def test_schema_4_keeps_everything_and_has_it_all_waiting_for_the_hub(data: Path) -> None:
    make_schema_3(data / "kiosk.sqlite3")
    stores = open_sqlite(data)
    assert stores.database.schema_version == len(MIGRATIONS) == 4
    kept = stores.messages.find()
    assert [(m.id, m.text, m.status) for m in kept] == [
        (1, "Waiting for staff", Status.PENDING),
        (2, "Keep going", Status.APPROVED),
        (3, "Not for the wall", Status.REJECTED),
    ]
    assert stores.usage.counts() == [(dt.date(2026, 11, 30), "visits", "", 4)]
    assert stores.staff.setting("pin") == "hash"
    outbox = stores.outbox
    # Every message goes to the hub; the decisions made before it go too, with their day.
    assert [m.id for m in outbox.to_push(10)] == [1, 2, 3]
    decisions = outbox.decisions(10)
    assert [(d.uid[-2:], d.status, d.text, d.day, d.pushed) for d in decisions] == [
        ("A2", Status.APPROVED, None, dt.date(2026, 12, 1), False),
        ("A3", Status.REJECTED, None, dt.date(2026, 12, 2), False),
    ]
    assert outbox.waiting().messages == 3 and outbox.waiting().decisions == 2


def test_decisions_and_edits_made_here_wait_for_the_hub(data: Path) -> None:
    stores = open_sqlite(data)
    first = stores.messages.add("Call me on 07700 900123", DAY)
    second = stores.messages.add("Hello", DAY)
    outbox = stores.outbox
    outbox.apply([first.uid, second.uid], [], [], {}, DAY)
    assert not outbox.waiting()
    stores.messages.edit(first.id, "Call me")
    assert outbox.decisions(10) == []  # only edited, still pending: not a decision yet
    stores.messages.set_status(first.id, Status.APPROVED, DAY)
    stores.messages.set_status(second.id, Status.REJECTED, DAY)
    found = outbox.decisions(10)
    assert [(d.status, d.text, d.pushed) for d in found] == [
        (Status.APPROVED, "Call me", True),  # the edited words go with the decision
        (Status.REJECTED, None, True),
    ]
    outbox.apply([], [Resolved(d.uid, d.version, False) for d in found], [], {}, DAY)
    assert outbox.decisions(10) == [] and not outbox.waiting()


def test_a_decision_made_while_a_request_is_in_flight_is_kept(data: Path) -> None:
    stores = open_sqlite(data)
    message = stores.messages.add("Hello", DAY)
    outbox = stores.outbox
    outbox.apply([message.uid], [], [], {}, DAY)
    stores.messages.set_status(message.id, Status.APPROVED, DAY)
    [sent] = outbox.decisions(10)
    # In flight: staff change their mind here; then the hub's answer to the first arrives,
    # with the hub's state as it was (approved by this very request).
    stores.messages.set_status(message.id, Status.REJECTED, DAY)
    hub_state = Change(message.uid, "Hello", DAY, Status.APPROVED)
    outbox.apply([], [Resolved(message.uid, sent.version, False)], [hub_state], {}, DAY)
    assert stores.messages.get(message.id).status is Status.REJECTED  # not overwritten
    [waiting] = outbox.decisions(10)  # and not marked acknowledged: it goes next time
    assert waiting.status is Status.REJECTED and waiting.version > sent.version


def test_changes_from_the_hub_by_uid(data: Path) -> None:
    stores = open_sqlite(data)
    mine = stores.messages.add("Left here", DAY)
    outbox = stores.outbox
    changes = [
        Change(mine.uid, "Left here", DAY, Status.APPROVED),
        Change("01KC00000000000000000000B1", "From the café", DAY, Status.PENDING),
        Change("01KC00000000000000000000B0", "From the quiet room", DAY, Status.APPROVED),
        Change("01KC00000000000000000000B2", "", DAY, Status.REJECTED),
    ]
    added = outbox.apply([mine.uid], [], changes, {"since": "9"}, DAY)
    assert added == 2
    # In the order pulled (pending ones too: one queue for the centre); a rejected message
    # this kiosk never had is not added.
    assert [(m.text, m.status) for m in stores.messages.find()] == [
        ("Left here", Status.APPROVED),
        ("From the café", Status.PENDING),
        ("From the quiet room", Status.APPROVED),
    ]
    assert outbox.value("since") == "9"
    assert not outbox.waiting()  # what came from the hub is not pushed back to it
    # Rejected at the hub: rejected here, the words kept here until the purge deletes them.
    cafe = stores.messages.find()[1]
    outbox.apply([], [], [Change(cafe.uid, "", DAY, Status.REJECTED)], {}, DAY)
    assert (stores.messages.get(cafe.id).status, stores.messages.get(cafe.id).text) == (
        Status.REJECTED,
        "From the café",
    )
    assert stores.messages.purge_rejected(DAY + dt.timedelta(days=1)) == 1


def test_a_local_decision_waits_for_the_hub_and_an_overruled_one_takes_the_hubs(
    data: Path,
) -> None:
    stores = open_sqlite(data)
    message = stores.messages.add("Hello", DAY)
    outbox = stores.outbox
    outbox.apply([message.uid], [], [], {}, DAY)
    stores.messages.set_status(message.id, Status.APPROVED, DAY)  # offline, here
    # The hub's staff rejected it first: the change comes before this kiosk's decision goes.
    outbox.apply([], [], [Change(message.uid, "", DAY, Status.REJECTED)], {}, DAY)
    assert stores.messages.get(message.id).status is Status.APPROVED  # not yet settled
    [decision] = outbox.decisions(10)
    outbox.apply([], [Resolved(message.uid, decision.version, True)], [], {}, DAY)
    settled = stores.messages.get(message.id)
    assert (settled.status, settled.text) == (Status.REJECTED, "Hello")
    assert not outbox.waiting()


def test_an_answer_is_taken_whole_or_not_at_all(data: Path) -> None:
    stores = open_sqlite(data)
    message = stores.messages.add("Hello", DAY)
    outbox = stores.outbox
    other = Change("01KC00000000000000000000C1", "From the café", DAY, Status.APPROVED)
    broken = {"since": object()}  # cannot be stored: the transaction fails at its end
    with pytest.raises(StoreError):
        outbox.apply([message.uid], [], [other], broken, DAY)  # type: ignore[dict-item]
    assert outbox.waiting().messages == 1
    assert [m.text for m in stores.messages.find()] == ["Hello"]
    assert outbox.value("since") is None


def test_usage_and_values(data: Path) -> None:
    stores = open_sqlite(data)
    stores.usage.count(DAY - dt.timedelta(days=1), "visits", by=3)
    stores.usage.count(DAY, "visits")
    stores.usage.count(DAY, "stories started", "rain")
    outbox: SqliteOutbox = stores.outbox
    assert outbox.usage(None, 10)[0] == (DAY - dt.timedelta(days=1), "visits", "", 3)
    assert outbox.usage(DAY, 10) == [(DAY, "stories started", "rain", 1), (DAY, "visits", "", 1)]
    assert outbox.usage(None, 1) == [(DAY - dt.timedelta(days=1), "visits", "", 3)]
    outbox.set_values({"a": "1", "b": "2"})
    outbox.set_values({"a": "3"})
    assert (outbox.value("a"), outbox.value("b"), outbox.value("c")) == ("3", "2", None)


def test_a_backup_from_before_the_hub_is_brought_up_to_date(data: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    make_schema_3(old)
    database = Database(data)
    database.restore(old)
    assert database.schema_version == 4
    assert SqliteOutbox(database).waiting().messages == 3
