"""Twenty kiosks and one hub on this machine, through the real parts (issue 35).

A real PostgreSQL, the real hub server (gunicorn and Django), and twenty kiosks, each the real
`kiosk hub sync` on a data folder of its own. Visitors' messages are left through each kiosk's
own message service. The tests wait on states; where the issue names a time ("within 5 s",
"within 60 s") it is the limit of that wait (scaled for a busy machine, tests/support/waits.py),
and the figure seen is printed.

The kiosks are shared by the tests of this module, in order: online first, then the faults,
each ending with every kiosk and the hub agreeing.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.messages.repository import Status
from tests.support.fakes import FakeClock
from tests.support.hub_rig import Hub, Kiosk, centre_with_kiosks, files_of, logs_text
from tests.support.waits import generous, until_sync

pytestmark = pytest.mark.timeout(1800)

KIOSKS = 20
CENTRE = "Riverside"
# The kiosks sync often in the tests, and come back quickly after the hub was away.
SYNC = ("--interval", "3", "--max-backoff", "4")


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Hub, list[Kiosk]]]:
    with centre_with_kiosks(
        tmp_path_factory.mktemp("centre"), KIOSKS, centre=CENTRE, sync_args=SYNC, sharing=True
    ) as (hub, kiosks):
        yield hub, kiosks


def content_everywhere(hub: Hub, kiosks: list[Kiosk], what: str, seconds: float) -> float:
    """Wait until every kiosk's content folder holds the centre's; returns the seconds taken."""
    began = time.monotonic()
    wanted = files_of(hub.content)
    until_sync(lambda: all(files_of(k.content) == wanted for k in kiosks), what, seconds)
    return time.monotonic() - began


def change_content(hub: Hub, mark: str) -> None:
    """Staff change the centre's content on the hub: a new story, and a group's new time."""
    story = next((hub.content / "stories").iterdir())
    shutil.copytree(story, hub.content / "stories" / f"new-{mark}")
    groups = hub.content / "groups.csv"
    groups.write_text(groups.read_text().replace("10:00", "10:30", 1) + "\n", encoding="utf-8")


def agree(hub: Hub, kiosks: list[Kiosk]) -> str | None:
    """None when every kiosk holds what the hub holds; else what differs, in words."""
    held = hub.messages(CENTRE)
    shown = {uid: state for uid, state in held.items() if state[0] != Status.REJECTED}
    for kiosk in kiosks:
        mine = kiosk.messages()
        visible = {uid: state for uid, state in mine.items() if state[0] != Status.REJECTED}
        if visible != shown:
            missing = len(set(shown) - set(visible))
            extra = len(set(visible) - set(shown))
            return f"{kiosk.name}: {missing} missing, {extra} extra or different"
        for uid, (status, _) in mine.items():
            if status == Status.REJECTED and held.get(uid, ("",))[0] != Status.REJECTED:
                return f"{kiosk.name}: {uid} rejected here but not on the hub"
    return None


def wait_agree(hub: Hub, kiosks: list[Kiosk], seconds: float = 120) -> None:
    until_sync(lambda: agree(hub, kiosks) is None, "every kiosk agrees with the hub", seconds)


def on(day: dt.date) -> FakeClock:
    """A kiosk clock that says `day`."""
    clock = FakeClock()
    clock.date = day
    return clock


def hub_id(hub: Hub, uid: str) -> int:
    return int(str(hub.query("SELECT id FROM hub_hubmessage WHERE uid = %s", uid)[0][0]))


def test_the_centres_content_reaches_all_twenty_and_a_change_within_60_s(
    centre: tuple[Hub, list[Kiosk]],
) -> None:
    hub, kiosks = centre
    took = content_everywhere(hub, kiosks, "the centre's content at every kiosk", 180)
    print(f"\nthe centre's content at all {KIOSKS} kiosks: {took:.1f} s after the last joined")
    change_content(hub, "online")
    took = content_everywhere(hub, kiosks, "the change at every kiosk", 60)
    print(f"a change (a new story, groups.csv edited) at all {KIOSKS} kiosks: {took:.1f} s")


def test_a_message_reaches_the_hub_within_5_s_and_an_approval_every_kiosk_within_60_s(
    centre: tuple[Hub, list[Kiosk]],
) -> None:
    hub, kiosks = centre
    arrivals = []
    for kiosk in kiosks[:5]:
        message = kiosk.leave(f"From {kiosk.name}: you are not alone here.")
        started = time.monotonic()
        uid = message.uid
        until_sync(lambda: uid in hub.messages(CENTRE), "in the hub's queue", 5)  # noqa: B023
        arrivals.append(time.monotonic() - started)
    print(f"\nmessage to the hub's queue: worst {max(arrivals):.2f} s of 5 allowed")

    uid = next(iter(kiosks[0].messages()))
    started = time.monotonic()
    hub.command("approve", str(hub_id(hub, uid)), "--read", "--by", "Sam")
    until_sync(lambda: all(uid in k.approved() for k in kiosks), "approved on every kiosk", 60)
    print(f"approval on the hub to all {KIOSKS} kiosks: {time.monotonic() - started:.2f} s")
    # The centre shares one queue: every kiosk holds every kiosk's message.
    wait_agree(hub, kiosks)


def test_a_week_without_the_hub_loses_nothing_and_a_clash_of_decisions_settles(
    centre: tuple[Hub, list[Kiosk]],
) -> None:
    hub, kiosks = centre
    before = set(hub.messages(CENTRE))
    # A message every kiosk holds, to be decided on both sides while they cannot talk.
    clash = kiosks[1].leave("Decided twice while apart.")
    until_sync(lambda: all(clash.uid in k.messages() for k in kiosks), "shared", 60)
    hub.stop()

    left: list[str] = []
    for day in range(7):
        for kiosk in kiosks:
            kiosk.service.clock = on(dt.date(2026, 12, 1) + dt.timedelta(days=day))
            left.append(kiosk.leave(f"Day {day} at {kiosk.name}: one step at a time.").uid)
    # Staff on the hub reject it (the hub's own command, straight to its database) while
    # staff at kiosk 5 approve it there: the hub hears of its own decision first.
    hub.command("reject", str(hub_id(hub, clash.uid)), "--by", "Sam")
    number = next(m.id for m in kiosks[5].service.find() if m.uid == clash.uid)
    kiosks[5].service.approve(number, read_in_full=True)
    assert clash.uid in kiosks[5].approved()

    hub.start()
    until_sync(lambda: set(left) <= set(hub.messages(CENTRE)), "every message of the week", 120)
    wait_agree(hub, kiosks)
    held = hub.messages(CENTRE)
    assert len(held) == len(before) + 1 + len(left)  # none lost, none twice
    assert held[clash.uid][0] == Status.REJECTED
    assert clash.uid not in kiosks[5].approved()
    outcomes = hub.query(
        "SELECT outcome FROM hub_decision d JOIN hub_hubmessage m ON m.id = d.message_id "
        "WHERE m.uid = %s ORDER BY d.seq",
        clash.uid,
    )
    assert [o for (o,) in outcomes] == ["applied", "overruled"]


def test_postgres_stopped_and_started_again_loses_nothing(
    centre: tuple[Hub, list[Kiosk]],
) -> None:
    hub, kiosks = centre
    hub.postgres.stop()
    left = [k.leave(f"While the database slept, {k.name} kept this.").uid for k in kiosks]
    hub.postgres.start()
    until_sync(lambda: set(left) <= set(hub.messages(CENTRE)), "every message", 120)
    wait_agree(hub, kiosks)


def test_kill_9_of_the_hub_and_of_kiosks_200_times_loses_and_doubles_nothing(
    centre: tuple[Hub, list[Kiosk]],
) -> None:
    hub, kiosks = centre
    chance = random.Random(35)
    left: list[str] = []
    tally = {"hub": 0, "kiosk": 0}
    for _ in range(200):
        kiosk = chance.choice(kiosks)
        left.append(kiosk.leave(f"Message {len(left)} from {kiosk.name}.").uid)
        # A random point: somewhere in the next sync, or the one after.
        deadline = time.monotonic() + chance.uniform(0, generous(1.5))
        while time.monotonic() < deadline:
            time.sleep(0.01)
        if chance.random() < 0.5:
            hub.kill()
            tally["hub"] += 1
            hub.start()
        else:
            victim = chance.choice(kiosks)
            victim.kill()
            tally["kiosk"] += 1
            victim.start(*SYNC)
    print(f"\nkilled with SIGKILL: hub {tally['hub']} times, kiosks {tally['kiosk']} times")
    until_sync(lambda: set(left) <= set(hub.messages(CENTRE)), "every message", 180)
    wait_agree(hub, kiosks)
    held = hub.query("SELECT uid, count(*) FROM hub_hubmessage GROUP BY uid HAVING count(*) > 1")
    assert held == []
    print(f"lost 0 of {len(left)}, doubled 0; {KIOSKS} kiosks and the hub agree")
    # Content too comes back after it all: a change reaches every kiosk within 60 s.
    change_content(hub, "after-kills")
    took = content_everywhere(hub, kiosks, "a change at every kiosk after the kills", 60)
    print(f"a content change at all {KIOSKS} kiosks after the kills: {took:.1f} s")


def test_a_kiosk_whose_clock_is_days_ahead_neither_loses_nor_reorders(
    centre: tuple[Hub, list[Kiosk]],
) -> None:
    hub, kiosks = centre
    ahead = kiosks[7]
    ahead.service.clock = on(dt.date.today() + dt.timedelta(days=9))
    behind = kiosks[8]
    behind.service.clock = on(dt.date.today() - dt.timedelta(days=9))
    order = []
    for n in range(6):
        # One at a time, each at the hub before the next is left: the order they arrived in.
        writer = ahead if n % 2 == 0 else behind
        order.append(writer.leave(f"{writer.name} {n}.").uid)
        until_sync(lambda: set(order) <= set(hub.messages(CENTRE)), "arrived", 30)
    rows = hub.query("SELECT uid FROM hub_hubmessage WHERE uid = ANY(%s) ORDER BY first_seq", order)
    assert [uid for (uid,) in rows] == order
    wait_agree(hub, kiosks)
    # The other kiosks hold the centre's messages in the hub's order too (the two that wrote
    # them hold their own in the order they were left, and the other's as they arrived).
    for kiosk in kiosks[:7] + kiosks[9:]:
        held = [m.uid for m in kiosk.service.find() if m.uid in set(order)]
        assert held == order, kiosk.name


def test_no_message_text_in_the_hubs_logs(centre: tuple[Hub, list[Kiosk]], tmp_path: Path) -> None:
    hub, kiosks = centre
    secret = "Only for staff eyes 7f3a."
    message = kiosks[3].leave(secret)
    until_sync(lambda: message.uid in hub.messages(CENTRE), "arrived", 30)
    logs = logs_text(hub.log, hub.postgres.log, *(k.log for k in kiosks))
    assert "7f3a" not in logs
