"""Slowing down a visitor who sends many messages in a row, kindly, without losing words."""

from __future__ import annotations

from collections import deque

from kiosk.core.clock import Clock
from kiosk.core.problems import Code

HOUR = 3600.0


class MessageLimits:
    """A limit per visit and an hourly limit for the whole kiosk.

    Times are kept in memory only (never stored): they say nothing about who sent what.
    """

    def __init__(self, clock: Clock, per_visit: int, per_hour: int) -> None:
        self._clock = clock
        self.per_visit = per_visit
        self.per_hour = per_hour
        self.this_visit = 0
        self._recent: deque[float] = deque()

    def _forget_old(self) -> None:
        now = self._clock.monotonic()
        while self._recent and now - self._recent[0] > HOUR:
            self._recent.popleft()

    def refusal(self) -> Code | None:
        """Why another message cannot be taken just now (the UI words it kindly); None if it can."""
        self._forget_old()
        if self.this_visit >= self.per_visit:
            return Code.PER_VISIT
        if len(self._recent) >= self.per_hour:
            return Code.PER_HOUR
        return None

    def sent(self) -> None:
        """A message was saved."""
        self.this_visit += 1
        self._recent.append(self._clock.monotonic())

    def new_visit(self) -> None:
        """The kiosk started over for the next person."""
        self.this_visit = 0
