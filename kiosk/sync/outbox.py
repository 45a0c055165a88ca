"""What the sync service needs of the kiosk's store, as a small interface.

The SQLite store's `SqliteOutbox` (kiosk/messages/store.py) is the real one; tests give a
fake, so the sync logic is tested without a database or a hub.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

from kiosk.messages.repository import Message
from kiosk.messages.synced import Change, Decision, Resolved, Waiting


class Outbox(Protocol):
    """The kiosk's side of what it shares with the hub."""

    def to_push(self, limit: int) -> list[Message]:
        """Messages left here that the hub has not acknowledged, oldest first."""
        ...

    def decisions(self, limit: int) -> list[Decision]:
        """Decisions made here that the hub has not acknowledged."""
        ...

    def waiting(self) -> Waiting:
        """How many messages and decisions the hub has not acknowledged."""
        ...

    def usage(self, since: dt.date | None, limit: int) -> list[tuple[dt.date, str, str, int]]:
        """Usage counts as (day, name, item, count) from the day `since` on, oldest first."""
        ...

    def value(self, key: str) -> str | None:
        """One of the sync service's values, or None."""
        ...

    def set_values(self, values: Mapping[str, str]) -> None:
        """Keep some of the sync service's values."""
        ...

    def apply(
        self,
        accepted: Sequence[str],
        resolved: Sequence[Resolved],
        changes: Sequence[Change],
        values: Mapping[str, str],
        today: dt.date,
    ) -> int:
        """Take one answer from the hub, all of it or nothing; returns how many messages are new."""
        ...
