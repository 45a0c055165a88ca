"""The kiosk's `MessageRepository` over the hub's messages of one centre: staff on the hub.

Staff deciding on the hub go through the very rules a kiosk's staff do
(`kiosk.messages.moderation`: a held message read in full, an urgent one confirmed, words
edited before approving), called with this repository in place of the kiosk's SQLite store.
Each change takes a `seq` under the centre's lock (hub/changes.py) and each decision is
logged with the staff user's name (hub/decisions.py), so kiosks hear of it at their next
sync. A message's `id` here is the hub's own number for it, the one `mutuality-hub
messages` shows. Messages are left at kiosks, never here: `add` refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from hub.changes import lock_centre, take_seq
from hub.decisions import decide
from hub.models import Centre, Decision, HubMessage
from kiosk.core.text import clean
from kiosk.messages.repository import Message, Reason, Status, StoreError


def as_message(row: HubMessage) -> Message:
    """A hub row as the kiosk's `Message` (its id the hub's number)."""
    return Message(
        id=row.pk,
        text=row.text,
        day=row.day,
        status=Status(row.status),
        reasons=tuple(Reason.from_stored(r) for r in row.reasons or ()),
        urgent=row.urgent,
        held=row.held,
        uid=row.uid,
    )


class HubRepository:
    """One centre's messages on the hub, decided by staff user `staff`."""

    def __init__(self, centre: Centre, staff: str) -> None:
        if not staff.strip():
            raise ValueError("a decision on the hub needs the staff member's name")
        self.centre = centre
        self.staff = staff
        self.outcomes: list[Decision.Outcome] = []
        """What became of each status change asked of it, in order (the first decision wins)."""
        self._edited: set[int] = set()

    def _row(self, message_id: int) -> HubMessage:
        row = HubMessage.objects.filter(centre=self.centre, pk=message_id).first()
        if row is None:
            raise StoreError(f"There is no message number {message_id} at {self.centre.name}.")
        return row

    def add(
        self,
        text: str,
        day: dt.date,
        *,
        reasons: Sequence[Reason] = (),
        urgent: bool = False,
        held: bool = False,
    ) -> Message:
        """Refused: visitors leave messages at kiosks, which send them here."""
        raise StoreError("Messages are left at kiosks; the hub takes them only by sync.")

    def find(self, status: Status | None = None, *, newest_first: bool = False) -> list[Message]:
        """The centre's messages with `status`, in the order the hub first received them."""
        rows = HubMessage.objects.filter(centre=self.centre)
        if status is not None:
            rows = rows.filter(status=status.value)
        rows = rows.order_by("-first_seq" if newest_first else "first_seq")
        return [as_message(r) for r in rows]

    def get(self, message_id: int) -> Message:
        """One message by the hub's number for it."""
        return as_message(self._row(message_id))

    def edit(self, message_id: int, text: str) -> None:
        """Change a pending message's words (a new change for kiosks); decided ones stay."""
        words = clean(text).strip()
        if not words:
            raise StoreError("The message would be empty.")
        with transaction.atomic():
            lock_centre(self.centre)
            row = self._row(message_id)
            if row.status != HubMessage.Status.PENDING:
                raise StoreError(
                    f"Message {message_id} was already {row.status}: the first decision stands."
                )
            row.text = words
            row.seq = take_seq(self.centre)
            row.save(update_fields=["text", "seq"])
        self._edited.add(message_id)

    def set_status(self, message_id: int, status: Status, day: dt.date) -> None:
        """Decide a message; on one already decided, the log notes it overruled (`outcomes`)."""
        if status is Status.PENDING:
            raise StoreError("A decided message is not put back in the queue.")
        with transaction.atomic():
            outcome = decide(
                self._row(message_id),
                status.value,
                day,
                text_edited=message_id in self._edited,
                staff=self.staff,
            )
        self._edited.discard(message_id)
        self.outcomes.append(outcome)

    def purge_rejected(self, older_than: dt.date) -> int:
        """Delete the centre's rejected messages decided before `older_than`."""
        deleted = HubMessage.objects.filter(
            centre=self.centre, status=HubMessage.Status.REJECTED, decided__lt=older_than
        ).delete()
        return int(deleted[1].get("hub.HubMessage", 0))
