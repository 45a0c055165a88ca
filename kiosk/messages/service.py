"""The message service: each thing done with visitors' messages, in one place every front end calls.

Leaving a message (the limits, screening, the crisis route, saving, the usage count), hearing
the approved ones, and moderating them (the rules of kiosk/messages/moderation.py) all happen
here. The kiosk's screens, the `kiosk messages` commands, and later a sync service call it;
none of them reaches the store behind it (a `MessageRepository`), so a second kind of store
can stand in without any of them changing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.content.rules import Rules
from kiosk.core.clock import Clock
from kiosk.core.problems import Code
from kiosk.messages import moderation
from kiosk.messages.limits import MessageLimits
from kiosk.messages.repository import (
    Backups,
    Message,
    MessageRepository,
    Status,
    StoreError,
)
from kiosk.messages.screening import Screening, screen


class MessageEvents(Protocol):
    """Told what visitors did with messages, for usage counts that identify no one."""

    def message_left(self) -> None:
        """A visitor's message was saved."""
        ...

    def message_heard(self) -> None:
        """A visitor heard (or read) an approved message."""
        ...


class _NoEvents:
    """Nothing is counted (the command line, tests that do not count)."""

    def message_left(self) -> None:
        """Nothing to count."""

    def message_heard(self) -> None:
        """Nothing to count."""


@dataclass(frozen=True)
class Checked:
    """Whether a draft can be taken, and what comes next (the screen words each case)."""

    screening: Screening
    """What screening found (an empty one when the draft was not screened)."""
    empty: bool = False
    """There are no words to send."""
    limit: Code | None = None
    """Too many messages just now (Code.PER_VISIT or Code.PER_HOUR)."""
    refused: tuple[str, ...] = ()
    """The words the centre refuses outright that the draft has, for the screen to name
    (empty: none)."""

    @property
    def taken(self) -> bool:
        """True when the draft may go on to the preview."""
        return not (self.empty or self.limit or self.refused)

    @property
    def support_first(self) -> bool:
        """The crisis route: people to talk to are offered at once, before the preview.

        Taken when words suggest the writer may be in crisis.
        """
        return self.taken and self.screening.urgent


class MessageService:
    """Leave, hear and moderate messages, whatever keeps them."""

    def __init__(
        self,
        repository: MessageRepository,
        clock: Clock,
        *,
        limits: MessageLimits | None = None,
        events: MessageEvents | None = None,
        backups: Backups | None = None,
    ) -> None:
        """Leave, hear and moderate the messages in `repository`.

        `limits`: how many messages a visit and an hour may leave (None: no limit, for staff
        tools); `events`: told of each message left and heard; `backups`: copies of the store.
        """
        self.repository = repository
        """Where the messages are kept (tests look at it; front ends call the methods here)."""
        self.clock = clock
        self.limits = limits
        self.events: MessageEvents = events or _NoEvents()
        self._backups = backups

    # --- leaving a message -------------------------------------------------------------------

    def check(self, text: str, rules: Rules, country: str) -> Checked:
        """Whether the words `text` can be taken now, and whether the crisis route comes first.

        In order: words to send, the limits per visit and per hour, then screening (with the
        centre's `rules`, and `country` for phone numbers).
        """
        if not text.strip():
            return Checked(Screening(), empty=True)
        if self.limits is not None and (limit := self.limits.refusal()):
            return Checked(Screening(), limit=limit)
        found = screen(text, rules, country)
        return Checked(found, refused=tuple(found.refused))

    def leave(self, text: str, found: Screening) -> Message:
        """Save a visitor's message for staff to read, with what screening `found`.

        It is on disk when this returns (StoreError when it could not be saved: nothing is
        counted then, and the visitor may try again).
        """
        message = self.repository.add(
            text,
            self.clock.today(),
            reasons=found.reasons,
            urgent=found.urgent,
            held=found.held,
        )
        if self.limits is not None:
            self.limits.sent()
        self.events.message_left()
        return message

    def new_visit(self) -> None:
        """The kiosk started over for the next person: their own limit starts again."""
        if self.limits is not None:
            self.limits.new_visit()

    # --- hearing messages ----------------------------------------------------------------------

    def approved(self) -> list[Message]:
        """The messages other visitors may see and hear, newest first; only approved ones, ever."""
        return self.repository.find(Status.APPROVED, newest_first=True)

    def heard(self) -> None:
        """A visitor heard one of the approved messages (counted, never which)."""
        self.events.message_heard()

    # --- moderation ----------------------------------------------------------------------------

    def find(self, status: Status | None = None) -> list[Message]:
        """Messages with `status` (all when None), oldest first: for staff."""
        return self.repository.find(status)

    def get(self, message_id: int) -> Message:
        """One message by its number: for staff."""
        return self.repository.get(message_id)

    def queue(self) -> list[Message]:
        """Pending messages for staff: urgent ones first, then oldest first."""
        return sorted(self.repository.find(Status.PENDING), key=lambda m: (not m.urgent, m.id))

    def approve(
        self,
        message_id: int,
        *,
        read_in_full: bool,
        urgent_confirmed: bool = False,
        text: str | None = None,
    ) -> Message:
        """Approve a message by moderation's rules (ModerationRefused when they do not allow it)."""
        return moderation.approve(
            self.repository,
            message_id,
            self.clock.today(),
            read_in_full=read_in_full,
            urgent_confirmed=urgent_confirmed,
            text=text,
        )

    def reject(self, message_id: int) -> None:
        """Reject a message: no visitor will ever see it."""
        moderation.reject(self.repository, message_id, self.clock.today())

    def purge_rejected(self, retention_days: int) -> int:
        """Delete rejected messages decided more than `retention_days` ago; returns how many."""
        return moderation.purge_rejected(self.repository, self.clock.today(), retention_days)

    # --- backups -------------------------------------------------------------------------------

    def backup(self, target: Path) -> int:
        """Copy everything kept to `target` and check the copy; returns how many messages."""
        return self._need_backups().backup(target)

    def restore(self, source: Path) -> tuple[int, Path]:
        """Put a checked copy back; returns how many messages, and where the old copy went."""
        return self._need_backups().restore(source)

    def _need_backups(self) -> Backups:
        if self._backups is None:
            raise StoreError("This store cannot be backed up from here.")
        return self._backups
