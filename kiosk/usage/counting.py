"""Usage counts that identify no one: per day, per thing, never per visitor or time of day.

Counting happens on a background thread so a visitor never waits for the disk; a count that
cannot be written is logged and dropped (counts are useful, not precious).
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import queue
import threading
from typing import Protocol

from kiosk.core.clock import Clock
from kiosk.messages.repository import StoreError

log = logging.getLogger(__name__)

VISIT = "visits"
VISIT_KEYS = "visits using keys"
VISIT_VOICE = "visits using voice"
STORY_STARTED = "stories started"
STORY_FINISHED = "stories finished"
MESSAGE_LEFT = "messages left"
MESSAGE_HEARD = "messages heard"
GROUP_VIEWED = "groups viewed"


class Means(enum.Enum):
    """How a visitor used the kiosk: each is counted once a visit."""

    KEYS = VISIT_KEYS
    VOICE = VISIT_VOICE
    """Spoken commands, and the talk key that opens the microphone for them."""


class UsageCounts(Protocol):
    """Where counts are kept (kiosk/messages/store.py's SQLite is one such store)."""

    def count(self, day: dt.date, name: str, item: str = "", by: int = 1) -> None:
        """Add `by` to `day`'s count of `name` (and `item`); StoreError when it cannot."""
        ...

    def counts(self, since: dt.date | None = None) -> list[tuple[dt.date, str, str, int]]:
        """Counts as (day, name, item, count), oldest day first."""
        ...


class Usage:
    """Counts things for today's totals (and is told of messages left and heard)."""

    def __init__(self, store: UsageCounts, clock: Clock) -> None:
        self.store = store
        """Where the counts are kept."""
        self._clock = clock
        self._visit_counted = False
        self._means: set[Means] = set()
        self._flushed = threading.Event()
        self._queue: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="usage", daemon=True)
        self._thread.start()

    def count(self, name: str, item: str = "") -> None:
        """Add one to today's `name` (for `item`, such as a story's folder)."""
        self._queue.put((name, item))

    def message_left(self) -> None:
        """A visitor's message was saved (the message service tells)."""
        self.count(MESSAGE_LEFT)

    def message_heard(self) -> None:
        """A visitor heard an approved message (the message service tells)."""
        self.count(MESSAGE_HEARD)

    def counts(self, since: dt.date | None = None) -> list[tuple[dt.date, str, str, int]]:
        """The counts kept, from `since` on, as (day, name, item, count); StoreError if unread."""
        return self.store.counts(since)

    def visitor_acted(self, means: Means) -> None:
        """A key or a spoken command: a visit starts with the first (and ends at the reset).

        A visit by keys and voice both counts once in each of those columns.
        """
        if not self._visit_counted:
            self._visit_counted = True
            self.count(VISIT)
        if means not in self._means:
            self._means.add(means)
            self.count(means.value)

    def new_visit(self) -> None:
        """The kiosk started over: the next key or command is a new visit."""
        self._visit_counted = False
        self._means.clear()

    def flush(self) -> None:
        """Wait until every count so far is written (tests, shutdown)."""
        self._flushed.clear()
        self._queue.put(("__flush__", ""))
        self._flushed.wait(5)

    def close(self) -> None:
        """Write what is waiting and stop."""
        self.flush()
        self._queue.put(None)

    def _run(self) -> None:
        while (entry := self._queue.get()) is not None:
            name, item = entry
            if name == "__flush__":
                self._flushed.set()
                continue
            try:
                self.store.count(self._clock.today(), name, item)
            except StoreError as error:
                log.warning("usage count not saved: %s", error)
