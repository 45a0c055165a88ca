"""The kiosk as most tests want it: every key a deliberate press, the visitor already told
how it works."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk import wiring
from kiosk.core.clock import Clock
from kiosk.core.debounce import KeyGate
from kiosk.ui.app import KioskApp
from tests.support.fakes import DeliberatePresses, FakePlayer, FakeSpeaker


def build_app(*args: Any, oriented: bool = True, **kwargs: Any) -> KioskApp:
    """`kiosk.wiring.build_app`, with a key gate that sees the test's keys a second apart.

    Tests about anything but the debounce (row I5) press keys with no time passing; a real
    visitor's presses are further apart. Tests of the gate use the `timed_app` fixture.

    `oriented`: the first visitor has already heard how the kiosk works, so what a test's
    first key makes the kiosk say is only that (tests of the orientation pass False; the
    next visitor, after a reset, hears it as every visitor does).
    """
    app = wiring.build_app(*args, **kwargs)
    app.key_gate = KeyGate(DeliberatePresses(app.services.clock))
    app.services.choices.oriented = oriented
    return app


def app_with_settings(
    content: Path,
    data: Path,
    clock: Clock,
    *changes: tuple[str, str],
    speech: FakeSpeaker | None = None,
    oriented: bool = True,
) -> KioskApp:
    """The kiosk on `content` with kiosk.toml changed first: each (old, new) replaced once."""
    config = content / "kiosk.toml"
    text = config.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, f"kiosk.toml has no {old!r}"
        text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    return build_app(
        content,
        data,
        player=FakePlayer(),
        speech=speech or FakeSpeaker(),
        clock=clock,
        oriented=oriented,
    )
