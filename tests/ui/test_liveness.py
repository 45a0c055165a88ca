"""The kiosk tells systemd it is up (READY=1) and still answering (WATCHDOG=1), only when asked."""

from __future__ import annotations

import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.screens import HomeScreen
from kiosk.system.notify import DEFAULT_WATCHDOG_SECONDS, Liveness
from tests.support.apps import build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker


@pytest.fixture
def notify_socket(monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """A socket in systemd's place: NOTIFY_SOCKET names it, WatchdogSec is 0.2 s."""
    # A short path: AF_UNIX addresses are limited to about 100 bytes.
    with tempfile.TemporaryDirectory(prefix="notify-", dir="/tmp") as folder:
        path = Path(folder) / "sock"
        server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        server.bind(str(path))
        server.setblocking(False)
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        monkeypatch.setenv("WATCHDOG_USEC", "200000")
        yield server
        server.close()


def received(server: socket.socket) -> list[str]:
    lines = []
    while True:
        try:
            lines.append(server.recv(4096).decode())
        except BlockingIOError:
            return lines


async def test_a_kiosk_under_systemd_says_ready_then_keeps_saying_it_is_alive(
    notify_socket: socket.socket, content: Path, data: Path
) -> None:
    app = build_app(content, data, player=FakePlayer(), speech=FakeSpeaker(), clock=FakeClock())
    assert app.liveness.active
    assert app.liveness.watchdog_seconds == pytest.approx(0.1)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        for _ in range(100):
            await pilot.pause(0.05)
            said += received(notify_socket)
            if said.count("WATCHDOG=1") >= 2:
                break
        app.stop_for_staff()
    said += received(notify_socket)
    assert said[0] == "READY=1"
    assert said.count("READY=1") == 1
    assert said.count("WATCHDOG=1") >= 2
    assert said[-1] == "STOPPING=1"


async def test_without_systemd_nothing_is_sent(content: Path, data: Path) -> None:
    app = build_app(content, data, player=FakePlayer(), speech=FakeSpeaker(), clock=FakeClock())
    assert not app.liveness.active
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


def test_the_watchdog_interval_is_half_what_systemd_waits() -> None:
    assert Liveness.from_environment({"WATCHDOG_USEC": "30000000"}).watchdog_seconds == 15
    assert Liveness.from_environment({}).watchdog_seconds == DEFAULT_WATCHDOG_SECONDS
    assert Liveness.from_environment({"WATCHDOG_USEC": "junk"}).watchdog_seconds == 10
    assert not Liveness.from_environment({"WATCHDOG_USEC": "30000000"}).active


def test_no_watchdog_before_ready() -> None:
    """The watchdog's timer may fire before the first screen is drawn: it waits for READY."""
    sent: list[str] = []

    class Recorder:
        def notify(self, state: str) -> None:
            sent.append(state)

    liveness = Liveness(Recorder(), 0.1)
    liveness.alive()
    liveness.ready()
    liveness.alive()
    assert sent == ["READY=1", "WATCHDOG=1"]
