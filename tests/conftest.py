"""Shared fixtures. The developer's own machine (content, data, devices) stays out of tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.debounce import KeyGate
from kiosk.ui.app import KioskApp
from tests.support.apps import build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.paths import SAMPLE_CONTENT


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the real user's settings or data folder."""
    monkeypatch.delenv("KIOSK_CONTENT", raising=False)
    monkeypatch.delenv("KIOSK_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # A suite run by systemd (CI in a service) must not tell it the tests' kiosks are ready.
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    monkeypatch.delenv("INVOCATION_ID", raising=False)  # nor log to its journal
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the sample content, free to break."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target, ignore=shutil.ignore_patterns("README.md"))
    return target


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """An empty data folder."""
    return tmp_path / "data"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def player() -> FakePlayer:
    return FakePlayer()


@pytest.fixture
def speech() -> FakeSpeaker:
    return FakeSpeaker()


@pytest.fixture
def app(
    content: Path, data: Path, player: FakePlayer, speech: FakeSpeaker, clock: FakeClock
) -> Iterator[KioskApp]:
    """The kiosk on the sample content, with a fake player, voice and clock.

    Every key is a deliberate press: the key gate (row I5) sees them a second apart.
    """
    yield build_app(content, data, player=player, speech=speech, clock=clock)


@pytest.fixture
def timed_app(app: KioskApp, clock: FakeClock) -> KioskApp:
    """The kiosk whose key gate keeps the test's own time: keys arrive when `clock` says."""
    app.key_gate = KeyGate(clock)
    return app
