"""Staff deciding on the hub: the kiosk's own moderation rules, the log, and the command line."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hub import staff
from hub.cli import main
from hub.localdb import free_port
from hub.models import Centre, Decision, HubMessage
from hub.repository import HubRepository
from kiosk.messages.moderation import ModerationRefused, Refusal
from kiosk.messages.repository import Status, StoreError
from tests.hub.conftest import ROOT, KioskClient
from tests.support.hubs import decision, hub_command, message


def _pushed(kiosk: KioskClient, *messages: dict[str, object]) -> list[int]:
    assert kiosk.sync(messages=list(messages))[0] == 200
    return [HubMessage.objects.get(uid=m["uid"]).pk for m in messages]


def test_staff_approve_follows_the_kiosks_rules(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    kiosk = join(centre)
    held, urgent, plain = _pushed(
        kiosk,
        message("watched word", 1, held=True),
        message("in crisis", 2, urgent=True),
        message("call me on 07700 900123", 3),
    )
    with pytest.raises(ModerationRefused) as refused:
        staff.approve(held, "sam", read_in_full=False)
    assert refused.value.refusal is Refusal.HELD_UNREAD
    with pytest.raises(ModerationRefused) as refused:
        staff.approve(urgent, "sam", read_in_full=True)
    assert refused.value.refusal is Refusal.URGENT_UNCONFIRMED
    assert not Decision.objects.exists()
    assert staff.approve(held, "sam", read_in_full=True)[1] == "applied"
    assert staff.approve(urgent, "sam", read_in_full=True, urgent_confirmed=True)[1] == "applied"
    approved, outcome = staff.approve(plain, "sam", read_in_full=True, text="call me")
    assert (approved.text, approved.status, outcome) == ("call me", Status.APPROVED, "applied")
    logged = Decision.objects.get(message_id=plain)
    assert (logged.staff, logged.kiosk_id, logged.text_edited) == ("sam", None, True)
    changes = {c["uid"]: c for c in kiosk.sync(since=0)[1]["changes"]}
    assert {c["status"] for c in changes.values()} == {"approved"}
    assert HubMessage.objects.get(pk=plain).uid in changes
    assert changes[HubMessage.objects.get(pk=plain).uid]["text"] == "call me"


def test_a_staff_decision_after_a_kiosks_is_overruled(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    kiosk = join(centre)
    left = message("decided at the kiosk")
    (number,) = _pushed(kiosk, left)
    kiosk.sync(decisions=[decision(left["uid"], "rejected")])
    _, outcome = staff.approve(number, "sam", read_in_full=True)
    assert outcome == "overruled"
    assert HubMessage.objects.get().status == "rejected"
    assert list(Decision.objects.order_by("pk").values_list("outcome", "staff")) == [
        ("applied", ""),
        ("overruled", "sam"),
    ]
    # And a kiosk's decision after the hub's is overruled in turn.
    other = message("decided on the hub")
    (second,) = _pushed(kiosk, other)
    staff.reject(second, "sam")
    answer = kiosk.sync(decisions=[decision(other["uid"], "approved")])[1]
    assert answer["decisions"] == [{"uid": other["uid"], "outcome": "overruled"}]


def test_the_repository_serves_the_queue_in_arrival_order(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    kiosk = join(centre)
    first, second = _pushed(kiosk, message("b", 1, day="2030-01-01"), message("a", 2))
    repository = HubRepository(centre, "sam")
    assert [m.id for m in repository.find(Status.PENDING)] == [first, second]
    assert [m.id for m in repository.find(newest_first=True)] == [second, first]
    with pytest.raises(StoreError):
        repository.add("from the hub", repository.get(first).day)
    with pytest.raises(StoreError):
        repository.get(99999)


def test_the_command_line_for_staff(
    centre: Centre, join: Callable[..., KioskClient], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["centre", "add", "Quiet room"]) == 0
    assert main(["centre", "add", "Quiet room"]) == 1
    assert "already a centre" in capsys.readouterr().err
    assert main(["join-code", "Quiet room", "--valid-hours", "2"]) == 0
    assert len(capsys.readouterr().out.strip()) == 23
    assert main(["join-code", "Nowhere"]) == 1
    assert "no centre named 'Nowhere'" in capsys.readouterr().err
    kiosk = join(centre, "café corner")
    urgent, plain = _pushed(kiosk, message("in crisis", 1, urgent=True), message("hello", 2))
    assert main(["messages", "Café"]) == 0
    queue = capsys.readouterr().out.splitlines()
    assert queue[0].startswith(f"{urgent}\t") and "URGENT" in queue[0]
    assert main(["approve", str(urgent), "--by", "sam"]) == 1
    assert "--urgent-confirmed" in capsys.readouterr().err
    assert main(["approve", str(urgent), "--urgent-confirmed", "--by", "sam"]) == 0
    assert main(["reject", str(plain), "--by", "sam"]) == 0
    assert main(["reject", str(plain), "--by", "ali"]) == 1
    assert "first decision stands" in capsys.readouterr().err
    assert main(["approve", "99999", "--by", "sam"]) == 1
    assert main(["kiosks", "Café"]) == 0
    assert "café corner\tactive" in capsys.readouterr().out
    assert main(["revoke", str(kiosk.id)]) == 0
    assert kiosk.post("/api/v1/ping")[0] == 401
    assert main(["revoke", "99999"]) == 1


def test_the_command_line_says_plainly_when_postgres_is_away() -> None:
    port = free_port()
    result = hub_command(f"postgresql://hub@127.0.0.1:{port}/hub", ROOT / "cli-data", "kiosks")
    assert result.returncode == 3
    assert (
        result.stderr.strip()
        == f"Cannot reach the hub's database at 127.0.0.1:{port}: is PostgreSQL running?"
    )
