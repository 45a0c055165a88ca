"""Time, behind a small interface so tests can move it by hand."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol


class Clock(Protocol):
    """Where the kiosk gets the time from."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; only differences mean anything."""
        ...

    def today(self) -> dt.date:
        """Today's date on the kiosk."""
        ...

    def local_time(self) -> dt.datetime:
        """The local date and time (for the speech log, which is for testing only)."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        """Return `time.monotonic()`."""
        return time.monotonic()

    def today(self) -> dt.date:
        """Return the local date."""
        return dt.date.today()

    def local_time(self) -> dt.datetime:
        """Return the local date and time."""
        return dt.datetime.now()
