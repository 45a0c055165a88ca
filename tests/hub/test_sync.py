"""The sync API against a real PostgreSQL: exactly hub/protocol.md, and refusals change nothing."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hub.kiosks import add_centre
from hub.models import Centre, Decision, HubMessage, Kiosk, SeenRequest, UsageCount
from tests.hub.conftest import KioskClient, post
from tests.support.hubs import decision, message, new_uid, sync_body, today


def state() -> tuple[Any, ...]:
    """Everything a sync may change, to compare before and after a refusal."""
    return (
        list(HubMessage.objects.order_by("pk").values()),
        list(Decision.objects.order_by("pk").values()),
        list(UsageCount.objects.order_by("pk").values()),
        SeenRequest.objects.count(),
        list(Kiosk.objects.order_by("pk").values("last_contact", "clock_skew_days", "doctor")),
    )


def test_a_push_is_idempotent_by_uid(centre: Centre, join: Callable[..., KioskClient]) -> None:
    kiosk = join(centre)
    left = [message("first", 1), message("second", 2)]
    status, answer = kiosk.sync(messages=left)
    assert status == 200
    assert answer["accepted"] == [m["uid"] for m in left]
    assert [c["text"] for c in answer["changes"]] == ["first", "second"]
    assert all(c["mine"] and c["status"] == "pending" for c in answer["changes"])
    again = kiosk.sync(messages=left, since=0)[1]
    assert again["accepted"] == [m["uid"] for m in left]
    assert HubMessage.objects.count() == 2
    assert again["cursor"] == answer["cursor"]


def test_a_uid_of_another_kiosk_is_forbidden_and_nothing_applied(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    mine, other = join(centre), join(centre)
    theirs = message("theirs")
    assert other.sync(messages=[theirs])[0] == 200
    before = state()
    status, answer = mine.sync(
        messages=[message("new one"), theirs],
        usage=[{"day": today(), "name": "story_heard", "item": "", "count": 3}],
        doctor={"ok": True},
    )
    assert (status, answer["error"]) == (403, "forbidden")
    assert state() == before


def test_a_replayed_request_is_refused(centre: Centre, join: Callable[..., KioskClient]) -> None:
    kiosk = join(centre)
    body = sync_body(messages=[message()])
    assert kiosk.post("/api/v1/sync", body)[0] == 200
    before = state()
    body["messages"] = [message("sneaked in")]
    status, answer = kiosk.post("/api/v1/sync", body)
    assert (status, answer["error"]) == (409, "replayed")
    assert state() == before


def _bad_bodies() -> list[tuple[str, Any]]:
    good = sync_body(messages=[message()])
    cases: list[tuple[str, Any]] = [
        ("a list", []),
        ("no protocol", {k: v for k, v in good.items() if k != "protocol"}),
        ("protocol 2", {**good, "protocol": 2}),
        ("protocol true", {**good, "protocol": True}),
        ("a field unknown", {**good, "extra": 1}),
        ("request not a ULID", {**good, "request": "hello"}),
        ("since negative", {**good, "since": -1}),
        ("since a string", {**good, "since": "0"}),
        ("since a float", {**good, "since": 1.5}),
        ("kiosk_today not a date", {**good, "kiosk_today": "2026-02-30"}),
        ("messages an object", {**good, "messages": {}}),
    ]
    for field, value in [
        ("uid", "lowercase-not-ulid-000000000"),
        ("number", 0),
        ("number", True),
        ("text", ""),
        ("text", "x" * 2001),
        ("text", "nul \x00 here"),
        ("text", "half \ud800 pair"),
        ("day", "yesterday"),
        ("reasons", [{"code": "urgent"}]),
        ("reasons", "urgent"),
        ("urgent", 1),
        ("held", None),
    ]:
        cases.append(
            (
                f"message {field}={value!r:.20}",
                {**good, "messages": [{**good["messages"][0], field: value}]},
            )
        )
    cases.append(("decision status", {**good, "decisions": [decision(new_uid(), "maybe")]}))
    cases.append(
        ("decision text on reject", {**good, "decisions": [decision(new_uid(), "rejected", "x")]})
    )
    cases.append(
        (
            "usage count negative",
            {**good, "usage": [{"day": today(), "name": "a", "item": "", "count": -1}]},
        )
    )
    cases.append(("doctor a list", {**good, "doctor": [1]}))
    cases.append(("doctor with a NUL", {**good, "doctor": {"a": "\x00"}}))
    return cases


@pytest.mark.parametrize(("what", "body"), _bad_bodies(), ids=[c[0] for c in _bad_bodies()])
def test_malformed_requests_are_refused_and_change_nothing(
    centre: Centre, join: Callable[..., KioskClient], what: str, body: Any
) -> None:
    kiosk = join(centre)
    before = state()
    status, answer = kiosk.post("/api/v1/sync", body)
    assert (status, answer["error"]) == (400, "malformed"), what
    assert answer["detail"]
    assert state() == before


@pytest.mark.parametrize(
    "raw", [b"", b"{", b"\xff\xfe", b"NaN", b'{"since": Infinity}', b"[" * 100_000]
)
def test_bodies_that_are_not_json_are_refused(
    centre: Centre, join: Callable[..., KioskClient], raw: bytes
) -> None:
    kiosk = join(centre)
    before = state()
    status, answer = kiosk.post("/api/v1/sync", raw=raw)
    assert (status, answer["error"]) == (400, "malformed")
    assert state() == before


def test_oversized_requests_are_refused(centre: Centre, join: Callable[..., KioskClient]) -> None:
    kiosk = join(centre)
    before = state()
    big = sync_body(messages=[message("x" * 2000, n) for n in range(1, 600)])
    status, answer = kiosk.post("/api/v1/sync", big)
    assert (status, answer["error"]) == (413, "too_large")
    many = sync_body(messages=[message("hi", n) for n in range(1, 502)])
    assert kiosk.post("/api/v1/sync", many)[0] == 413
    doctor = sync_body(doctor={"log": "y" * 70_000})
    assert kiosk.post("/api/v1/sync", doctor)[0] == 413
    assert state() == before


def test_the_first_decision_wins_and_the_later_is_logged(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    one, two = join(centre), join(centre)
    left = message("to decide")
    one.sync(messages=[left])
    two.sync()
    status, answer = one.sync(decisions=[decision(left["uid"], "approved")])
    assert answer["decisions"] == [{"uid": left["uid"], "outcome": "applied"}]
    status, answer = two.sync(decisions=[decision(left["uid"], "rejected")])
    assert status == 200
    assert answer["decisions"] == [{"uid": left["uid"], "outcome": "overruled"}]
    assert HubMessage.objects.get().status == "approved"
    log = list(Decision.objects.order_by("pk").values_list("kiosk_id", "status", "outcome"))
    assert log == [(one.id, "approved", "applied"), (two.id, "rejected", "overruled")]
    # A decision sent again (its answer was lost) is applied again, and not logged twice.
    again = one.sync(decisions=[decision(left["uid"], "approved")])[1]
    assert again["decisions"] == [{"uid": left["uid"], "outcome": "applied"}]
    assert Decision.objects.count() == 2


def test_an_edited_approval_and_a_rejection_reach_the_other_kiosks(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    one, two = join(centre), join(centre)
    kept, dropped = message("call me on 0123"), message("something unkind")
    one.sync(messages=[kept, dropped])
    assert [c["status"] for c in two.sync()[1]["changes"]] == ["pending", "pending"]
    one.sync(
        decisions=[
            decision(kept["uid"], "approved", "call me"),
            decision(dropped["uid"], "rejected"),
        ]
    )
    changes = two.sync()[1]["changes"]
    assert [(c["text"], c["status"], c["mine"]) for c in changes] == [
        ("call me", "approved", False),
        ("", "rejected", False),
    ]
    assert Decision.objects.get(status="approved").text_edited


def test_changes_come_in_pages_of_500(centre: Centre, join: Callable[..., KioskClient]) -> None:
    one, two = join(centre), join(centre)
    for start in (1, 501):
        one.sync(messages=[message(f"m{n}", n) for n in range(start, start + 300)])
    first = two.sync()[1]
    assert len(first["changes"]) == 500 and first["more"]
    second = two.sync()[1]
    assert len(second["changes"]) == 100 and not second["more"]
    seen = [c["seq"] for c in first["changes"] + second["changes"]]
    assert seen == sorted(seen) and len(set(seen)) == 600
    assert two.sync()[1]["changes"] == []


def test_a_kiosk_never_sees_or_decides_another_centres_messages(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    elsewhere = add_centre("Elsewhere")
    ours, theirs = join(centre), join(elsewhere)
    secret = message("only for the other centre")
    theirs.sync(messages=[secret])
    assert ours.sync(since=0)[1]["changes"] == []
    before = state()
    status, answer = ours.sync(decisions=[decision(secret["uid"], "approved")])
    assert (status, answer["error"]) == (403, "forbidden")
    status, _ = ours.sync(messages=[secret])
    assert status == 403
    assert state() == before
    assert HubMessage.objects.get().status == "pending"


def test_usage_counts_are_absolute_and_doctor_is_kept(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    kiosk = join(centre)
    row = {"day": today(), "name": "stories started", "item": "s1", "count": 4}
    kiosk.sync(usage=[row, {**row, "item": ""}], doctor={"checks": [{"ok": True}]})
    kiosk.sync(usage=[{**row, "count": 7}, {**row, "count": 9}])
    counts = dict(UsageCount.objects.values_list("item", "count"))
    assert counts == {"s1": 9, "": 4}
    assert Kiosk.objects.get().doctor == {"checks": [{"ok": True}]}


def test_a_wrong_kiosk_clock_is_noted_and_never_reorders(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    ahead, right, behind = join(centre), join(centre), join(centre)
    hub_today = dt.date.fromisoformat(today())
    later = (hub_today + dt.timedelta(days=30)).isoformat()
    earlier = (hub_today - dt.timedelta(days=10)).isoformat()
    ahead.sync(messages=[message("from the future", day=later)], kiosk_today=later)
    right.sync(messages=[message("on time")])
    behind.sync(messages=[message("from the past", day=earlier)], kiosk_today=earlier)
    skews = dict(Kiosk.objects.values_list("pk", "clock_skew_days"))
    assert skews == {ahead.id: 30, right.id: 0, behind.id: -10}
    changes = right.sync(since=0)[1]["changes"]
    assert [c["text"] for c in changes] == ["from the future", "on time", "from the past"]
    assert HubMessage.objects.get(text="from the future").day.isoformat() == later


def test_no_message_text_reaches_the_logs(
    centre: Centre, join: Callable[..., KioskClient], caplog: pytest.LogCaptureFixture
) -> None:
    words = "Zebra-quokka-marmalade 4471"
    one, two = join(centre), join(centre)
    with caplog.at_level(logging.DEBUG):
        left = message(words)
        one.sync(messages=[left])
        one.sync(messages=[left])  # acknowledged again
        two.sync(messages=[left])  # refused: another kiosk's
        one.post("/api/v1/sync", {**sync_body(), "messages": [{**left, "urgent": "no"}]})
        one.sync(decisions=[decision(left["uid"], "approved", words + " edited")])
    assert caplog.records
    assert "Zebra" not in caplog.text and "quokka" not in caplog.text


def test_a_bearer_token_never_reaches_staff_pages(
    client: Client, centre: Centre, join: Callable[..., KioskClient]
) -> None:
    kiosk = join(centre)
    for path in ("/admin/", "/admin/hub/hubmessage/", "/admin/hub/kiosk/"):
        response = client.get(path, headers={"Authorization": f"Bearer {kiosk.token}"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"], path
    # Nor can it post to a staff page without a session and its CSRF token.
    response = client.post(
        "/admin/hub/centre/add/", {"name": "x"}, headers={"Authorization": f"Bearer {kiosk.token}"}
    )
    assert response.status_code in (302, 403)
    assert not Centre.objects.filter(name="x").exists()


def test_the_api_takes_only_post(client: Client, centre: Centre) -> None:
    assert client.get("/api/v1/sync").status_code == 405
    assert post(client, "/api/v1/sync")[0] == 401
