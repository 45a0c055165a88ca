"""How long a test may wait for something that takes real time, on a machine however busy.

Tests wait on events and states; where a real limit is needed it is generous (it is there
only to end a test that would otherwise hang) and scaled by one factor for the whole suite:
`KIOSK_TEST_TIME_SCALE` (default 1; 3 on a very slow or very busy machine). A limit that
runs out under load hides real failures and teaches people to re-run (issue 30.6).
"""

from __future__ import annotations

import os

SCALE = max(1.0, float(os.environ.get("KIOSK_TEST_TIME_SCALE", "1") or 1))
"""How much longer than usual every limit is."""


def generous(seconds: float) -> float:
    """`seconds`, scaled for the machine the suite runs on."""
    return seconds * SCALE
