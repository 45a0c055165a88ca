"""`kiosk hub ...` as staff run it, against a small fake hub over real HTTP on loopback.

The real hub (Django on PostgreSQL) is tested with many kiosks in the hub's own tests;
here the kiosk's commands, its hub.json and its sync loop are tested as processes.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from ulid import ULID

from kiosk.messages.repository import Status
from kiosk.messages.store import open_sqlite
from kiosk.sync.link import HubLink
from tests.support.fake_hub import FakeHub, serve_hub
from tests.support.waits import generous, until_sync

DAY = dt.date(2026, 12, 7)


def kiosk(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    """The `kiosk` command as staff run it, with the usual umask."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args, "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=generous(60),
        preexec_fn=lambda: os.umask(0o022),
        start_new_session=True,
    )


@pytest.fixture
def hub() -> FakeHub:
    return FakeHub(centre="Riverside")


@pytest.fixture
def url(hub: FakeHub) -> Iterator[str]:
    with serve_hub(hub) as address:
        yield address


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def other_kiosk_leaves(hub: FakeHub, text: str) -> str:
    token = hub.add_kiosk("quiet room")
    uid = str(ULID())
    message = {"uid": uid, "number": 1, "text": text, "day": DAY.isoformat()}
    message |= {"reasons": [], "urgent": False, "held": False}
    body = {"protocol": 1, "request": str(ULID()), "kiosk_today": DAY.isoformat(), "since": 0}
    body |= {"messages": [message], "decisions": [], "usage": [], "doctor": None}
    assert hub.handle("/api/v1/sync", token, body)[0] == 200
    return uid


def test_join_keeps_a_private_hub_json_and_refuses_twice(
    hub: FakeHub, url: str, data: Path
) -> None:
    wrong = kiosk("hub", "join", url, "NOT-A-CODE", data=data)
    assert wrong.returncode == 1 and "did not accept that code" in wrong.stderr
    assert not HubLink.path(data).exists()
    joined = kiosk("hub", "join", url, "JOIN-ME", "--name", "Café", data=data)
    assert joined.returncode == 0, joined.stderr
    assert 'this kiosk is number 1, "Café", of centre "Riverside"' in joined.stdout
    path = HubLink.path(data)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    link = HubLink.load(data)
    assert link is not None and link.token in hub.tokens and link.url == url
    again = kiosk("hub", "join", url, "JOIN-ME", data=data)
    assert again.returncode == 1 and "already joined" in again.stderr


def test_join_says_when_the_hub_cannot_be_reached(data: Path) -> None:
    # A port nothing listens on (the fake hub's server, closed again).
    with serve_hub(FakeHub()) as gone:
        pass
    result = kiosk("hub", "join", gone, "JOIN-ME", data=data)
    assert result.returncode == 1 and "could not be reached" in result.stderr
    assert not HubLink.path(data).exists()


def test_sync_once_status_and_leave(hub: FakeHub, url: str, data: Path) -> None:
    stores = open_sqlite(data)
    mine = stores.messages.add("Left in the café", DAY)
    assert kiosk("hub", "join", url, "JOIN-ME", data=data).returncode == 0
    waiting = kiosk("hub", "status", data=data)
    assert "Not synced yet." in waiting.stdout
    assert "Waiting for the hub: 1 message and 0 decisions." in waiting.stdout
    theirs = other_kiosk_leaves(hub, "From the quiet room")
    hub.decide(theirs, "approved")
    once = kiosk("hub", "sync", "--once", data=data)
    assert once.returncode == 0, once.stderr
    assert "took 1 message and 0 decisions" in once.stdout and "1 new message here" in once.stdout
    assert hub.order == [theirs, mine.uid]
    assert [(m.text, m.status) for m in stores.messages.find()] == [
        ("Left in the café", Status.PENDING),
        ("From the quiet room", Status.APPROVED),
    ]
    status = kiosk("hub", "status", data=data)
    assert "Last sync:" in status.stdout and "Nothing waiting" in status.stdout
    left = kiosk("hub", "leave", data=data)
    assert left.returncode == 0 and "left the hub" in left.stdout
    assert not HubLink.path(data).exists()
    alone = kiosk("hub", "sync", "--once", data=data)
    assert alone.returncode == 2 and "has not joined a hub" in alone.stderr


def test_the_sync_loop_pushes_within_seconds_and_stops_on_sigterm(
    hub: FakeHub, url: str, data: Path
) -> None:
    assert kiosk("hub", "join", url, "JOIN-ME", data=data).returncode == 0
    stores = open_sqlite(data)
    loop = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "hub", "sync", "--interval", "60", "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        until_sync(lambda: hub.bodies, "the first sync", seconds=30)
        message = stores.messages.add("Please hear this", DAY)
        until_sync(lambda: message.uid in hub.messages, "the message at the hub", seconds=5)
        # Approved at the hub: it reaches this kiosk at the next full sync (60 s here), or
        # sooner when this kiosk has something to push; push a decision to bring it now.
        theirs = other_kiosk_leaves(hub, "From the quiet room")
        hub.decide(theirs, "approved")
        stores.messages.set_status(message.id, Status.REJECTED, DAY)
        until_sync(
            lambda: (
                [m.status for m in stores.messages.find()] == [Status.REJECTED, Status.APPROVED]
            ),
            "the centre's approved message here",
            seconds=10,
        )
        assert hub.messages[message.uid].status == "rejected"
        loop.send_signal(signal.SIGTERM)
        assert loop.wait(timeout=generous(30)) == 0
    finally:
        if loop.poll() is None:
            loop.kill()
        _, err = loop.communicate()
    assert "Please hear this" not in err and "quiet room" not in err  # no words in the log
    assert "hub sync stopped" in err


def test_a_revoked_kiosk_stops_and_says_why(hub: FakeHub, url: str, data: Path) -> None:
    assert kiosk("hub", "join", url, "JOIN-ME", data=data).returncode == 0
    hub.revoked.add(1)
    result = kiosk("hub", "sync", data=data)
    assert result.returncode == 3
    assert "refused this kiosk's token" in result.stderr
    assert "kiosk hub leave" in kiosk("hub", "status", data=data).stdout


def test_kiosk_run_syncs_on_a_thread_of_its_own(hub: FakeHub, url: str, data: Path) -> None:
    from kiosk.wiring import build_sync

    assert build_sync(data) is None  # not joined: the kiosk works alone
    assert kiosk("hub", "join", url, "JOIN-ME", data=data).returncode == 0
    sync = build_sync(data)
    assert sync is not None
    stores = open_sqlite(data)
    theirs = other_kiosk_leaves(hub, "From the quiet room")
    hub.decide(theirs, "approved")
    sync.start()
    try:
        # Approved at another kiosk: here for visitors without a restart.
        until_sync(lambda: stores.messages.find(Status.APPROVED), "the approved message here")
        message = stores.messages.add("Left while running", DAY)
        until_sync(lambda: message.uid in hub.messages, "the message at the hub", seconds=5)
    finally:
        sync.close()
    assert sync.service.state.value == "stopped"
