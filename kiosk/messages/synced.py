"""What a kiosk keeps about sharing its messages with the centre's hub (issue 35), as values.

The SQLite outbox (kiosk/messages/store.py) reads and writes these; the sync service
(kiosk/sync/) turns them into the protocol's JSON and back (hub/protocol.md). They live
down here, beside the messages, so the store needs nothing from the layer above it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.messages.repository import Status


@dataclass(frozen=True)
class Decision:
    """A decision made at this kiosk that the hub has not acknowledged yet."""

    uid: str
    status: Status
    """Approved or rejected (a message only edited, still pending, is not a decision yet)."""
    text: str | None
    """The edited words when staff edited before deciding, else None."""
    day: dt.date
    """The day it was decided."""
    version: int
    """The row's version when read: a decision made after this (while the request is in
    flight) is newer, so the hub's answer to this one does not settle it."""
    pushed: bool = True
    """The hub has the message itself (a decision goes only with or after its message)."""


@dataclass(frozen=True)
class Change:
    """A message as the hub now has it (one of the response's `changes`)."""

    uid: str
    text: str
    """The words; "" for a rejected message (its words never leave the hub again)."""
    day: dt.date
    status: Status
    reasons: tuple[dict[str, object], ...] = ()
    """Screening reasons as stored (codes with their details)."""
    urgent: bool = False
    held: bool = False


@dataclass(frozen=True)
class Resolved:
    """The hub's answer to one decision, with the version of the row that was sent."""

    uid: str
    version: int
    overruled: bool
    """The hub already had a decision: this one changed nothing, the hub's state stands."""


@dataclass(frozen=True)
class Waiting:
    """What this kiosk has for the hub that the hub has not acknowledged."""

    messages: int
    decisions: int

    def __bool__(self) -> bool:
        """True when something is waiting."""
        return bool(self.messages or self.decisions)
