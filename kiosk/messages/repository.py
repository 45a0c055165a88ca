"""What a message is, why screening flagged it, and the small interface that keeps messages.

The SQLite store (kiosk/messages/store.py) is one implementation of `MessageRepository`; a
second (PostgreSQL, through the centre's hub) can stand beside it. Screens and the CLI never
reach a repository themselves: they call the message service (kiosk/messages/service.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol


class Status(StrEnum):
    """Where a message is in moderation: only approved ones reach other visitors."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Why(StrEnum):
    """Why screening wants staff to look closely (each front end words it: `staff.reasons.*`)."""

    URGENT = "urgent"
    """Words suggest the writer may be in crisis."""
    IDENTIFYING = "identifying"
    """Details that could identify someone; `details` names their kinds ("phone", "email")."""
    HELD = "held"
    """A watched word asked for a second look; `details` holds the word."""
    WATCHED = "watched"
    """A watched word to look out for; `details` holds the word."""
    NOTE = "note"
    """Words kept from an older kiosk that no code fits; `details` holds them as they were."""


@dataclass(frozen=True)
class Reason:
    """One reason a message was flagged: a code and its details, never a sentence."""

    why: Why
    details: tuple[str, ...] = ()

    def stored(self) -> dict[str, Any]:
        """As kept in a store (JSON)."""
        return {"code": self.why.value, "details": list(self.details)}

    @classmethod
    def from_stored(cls, value: object) -> Reason:
        """Read a stored reason: a code with details, or an older kiosk's English sentence.

        A code this kiosk does not know (kept by a newer one) is kept as a NOTE, code first.
        """
        if isinstance(value, dict):
            code, details = str(value.get("code", "")), tuple(map(str, value.get("details", ())))
            if code in {why.value for why in Why}:
                return cls(Why(code), details)
            return cls(Why.NOTE, (" ".join((code, *details)).strip(),))
        return from_sentence(str(value))


_DETAIL_NAMES = {
    "phone number": "phone",
    "email address": "email",
    "web link": "link",
    "social media name": "handle",
    "postcode": "postcode",
    "address": "address",
}
"""The kinds of detail as older kiosks wrote them in their sentences."""
_IDENTIFYING = re.compile(r"May identify someone: (.+)\.")
_QUOTED = re.compile(r'(Held for a second look|Watched word): "(.*)"\.')


def from_sentence(sentence: str) -> Reason:
    """An older kiosk's reason ("URGENT: ...", "May identify someone: phone number.") as a code.

    A sentence no code fits is kept whole as a NOTE, so nothing staff were told is lost.
    """
    if sentence.startswith("URGENT:"):
        return Reason(Why.URGENT)
    if found := _IDENTIFYING.fullmatch(sentence):
        kinds = [_DETAIL_NAMES.get(name.strip()) for name in found[1].split(",")]
        if all(kinds):
            return Reason(Why.IDENTIFYING, tuple(k for k in kinds if k))
    if found := _QUOTED.fullmatch(sentence):
        why = Why.HELD if found[1].startswith("Held") else Why.WATCHED
        return Reason(why, (found[2],))
    return Reason(Why.NOTE, (sentence,))


@dataclass(frozen=True)
class Message:
    """One visitor's message."""

    id: int
    """The kiosk's own number for it, the one staff use (`kiosk messages show 3`)."""
    text: str
    day: dt.date
    status: Status
    reasons: tuple[Reason, ...] = ()
    """Why screening wants staff to look closely; empty when nothing was found."""
    urgent: bool = False
    """Words suggest the writer may be in crisis."""
    held: bool = False
    """A watched word asked for a second look: approve only after reading it in full."""
    uid: str = ""
    """An id unique across kiosks (a ULID: it sorts by the day the message was left)."""


class StoreError(Exception):
    """A store could not do what was asked; the message says why in plain words, for staff."""


class MessageRepository(Protocol):
    """Where messages are kept. `add` returns only once the message is safe from a power cut."""

    def add(
        self,
        text: str,
        day: dt.date,
        *,
        reasons: Sequence[Reason] = (),
        urgent: bool = False,
        held: bool = False,
    ) -> Message:
        """Keep a visitor's message as pending; raises StoreError when it cannot."""
        ...

    def find(self, status: Status | None = None, *, newest_first: bool = False) -> list[Message]:
        """Messages with `status` (all when None), oldest first unless `newest_first`."""
        ...

    def get(self, message_id: int) -> Message:
        """One message by its number (StoreError when there is none)."""
        ...

    def edit(self, message_id: int, text: str) -> None:
        """Change a message's words."""
        ...

    def set_status(self, message_id: int, status: Status, day: dt.date) -> None:
        """Move a message to `status`, noting the day it was decided."""
        ...

    def purge_rejected(self, older_than: dt.date) -> int:
        """Delete rejected messages decided before `older_than`; returns how many."""
        ...


class Backups(Protocol):
    """Copies of everything a kiosk keeps, taken and put back by staff."""

    def backup(self, target: Path) -> int:
        """Write a consistent copy to `target` and check it; returns how many messages it holds."""
        ...

    def restore(self, source: Path) -> tuple[int, Path]:
        """Put a checked copy back, keeping what it replaces.

        Returns how many messages it holds and where the replaced copy was kept.
        """
        ...
