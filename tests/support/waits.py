"""How long a test may wait for something that takes real time, on a machine however busy.

Tests wait on events and states; where a real limit is needed it is generous (it is there
only to end a test that would otherwise hang) and scaled by one factor for the whole suite:
`KIOSK_TEST_TIME_SCALE` (default 1; 3 on a very slow or very busy machine). A limit that
runs out under load hides real failures and teaches people to re-run (issue 30.6).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

SCALE = max(1.0, float(os.environ.get("KIOSK_TEST_TIME_SCALE", "1") or 1))
"""How much longer than usual every limit is."""


def generous(seconds: float) -> float:
    """`seconds`, scaled for the machine the suite runs on."""
    return seconds * SCALE


def limit(seconds: float = 30.0) -> float:
    """A deadline `seconds` (scaled) from now, on the monotonic clock."""
    return time.monotonic() + generous(seconds)


async def until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, seconds: float = 30.0
) -> None:
    """Let the app run until `condition()` holds; fail saying `what` if it never does.

    For what another thread brings about (a spoken command, a model loading): the test goes
    on the moment it holds, and only a kiosk that never gets there meets the limit.
    """
    deadline = limit(seconds)
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not so after {generous(seconds):.0f} s")
        await pilot.pause(0.05)


def until_sync(condition: Callable[[], object], what: str, seconds: float = 30.0) -> None:
    """`until` for tests with no app in them (a real process, a terminal)."""
    deadline = limit(seconds)
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not so after {generous(seconds):.0f} s")
        time.sleep(0.05)
