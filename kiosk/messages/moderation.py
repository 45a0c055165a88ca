"""The rules of moderation: the message service applies them for the CLI and staff screens.

The service (kiosk/messages/service.py) is what the CLI and the kiosk's staff screens call.

No message reaches another visitor until a person has read it. A message held by a watched
word needs more: it must be read in full (on the kiosk, opened in full; at the command line,
confirmed with --read) before it can be approved. A message marked urgent (crisis words) is approved only when staff
confirm it, a second time, after the centre's own safeguarding steps. Rejected messages are kept only for the
centre's retention period.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging

from kiosk.messages.repository import Message, MessageRepository, Status

log = logging.getLogger(__name__)


class Refusal(enum.Enum):
    """Why a decision cannot be made (worded by whichever front end asked)."""

    HELD_UNREAD = "held_unread"
    """The message is held for a second look and has not been read in full."""

    URGENT_UNCONFIRMED = "urgent_unconfirmed"
    """The message is marked urgent and staff have not confirmed approving it."""


class ModerationRefused(Exception):
    """A decision the rules do not allow; `refusal` says which rule."""

    def __init__(self, message: Message, refusal: Refusal) -> None:
        super().__init__(f"message {message.id}: {refusal.value}")
        self.message = message
        self.refusal = refusal


def approve(
    store: MessageRepository,
    message_id: int,
    today: dt.date,
    *,
    read_in_full: bool,
    urgent_confirmed: bool = False,
    text: str | None = None,
) -> Message:
    """Approve a message, with `text` instead of its words when staff edited a detail out.

    Staff who write the words themselves (`text`) have read them. Raises ModerationRefused
    for a held message not read in full, and for an urgent one not confirmed (one key is
    too easy to press for words written in crisis); StoreError when the store cannot do it.
    """
    message = store.get(message_id)
    if message.held and not read_in_full and text is None:
        raise ModerationRefused(message, Refusal.HELD_UNREAD)
    if message.urgent and not urgent_confirmed:
        raise ModerationRefused(message, Refusal.URGENT_UNCONFIRMED)
    if text is not None:
        store.edit(message_id, text)
    store.set_status(message_id, Status.APPROVED, today)
    return store.get(message_id)


def reject(store: MessageRepository, message_id: int, today: dt.date) -> None:
    """Reject a message: no visitor will ever see it; it is deleted after the retention period."""
    store.set_status(message_id, Status.REJECTED, today)


def purge_rejected(store: MessageRepository, today: dt.date, retention_days: int) -> int:
    """Delete rejected messages decided more than `retention_days` ago; returns how many."""
    removed = store.purge_rejected(today - dt.timedelta(days=retention_days))
    if removed:
        log.info("deleted %d rejected messages older than %d days", removed, retention_days)
    return removed
