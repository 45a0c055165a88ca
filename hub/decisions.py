"""Deciding a message, wherever the decision was made: the first decision wins.

A kiosk's staff (offline perhaps, days ago) and the hub's staff may decide the same
message. The hub applies whichever reaches it first; a later one on a message already
decided is written in the log as `overruled` and changes nothing, and every kiosk then
takes the hub's state. The log (`Decision`) is also the audit staff see: who, what, applied
or overruled, never the words.
"""

from __future__ import annotations

import datetime as dt
import logging

from hub.changes import lock_centre, take_seq
from hub.models import Decision, HubMessage, Kiosk

log = logging.getLogger(__name__)

APPLIED = Decision.Outcome.APPLIED
OVERRULED = Decision.Outcome.OVERRULED


def decide(
    message: HubMessage,
    status: str,
    day: dt.date,
    *,
    text: str | None = None,
    text_edited: bool = False,
    kiosk: Kiosk | None = None,
    staff: str = "",
) -> Decision.Outcome:
    """Approve or reject `message` unless it is decided already; returns the outcome.

    By a kiosk (`kiosk`) or by staff on the hub (`staff`, their user name). `text`: the
    edited words to approve with. A kiosk sending again a decision the hub already applied
    from it (its answer was lost) is told `applied` again, and nothing is logged twice.
    Call inside a transaction; the centre's lock is taken before the message is read again.
    """
    lock_centre(message.centre_id)
    message.refresh_from_db()
    if message.status != HubMessage.Status.PENDING:
        last = message.decisions.filter(outcome=APPLIED).order_by("-pk").first()
        if (
            kiosk is not None
            and last is not None
            and last.kiosk_id == kiosk.pk
            and last.status == status
        ):
            return APPLIED
        outcome, seq = OVERRULED, None
        log.info("decision on message %d overruled: it was already %s", message.pk, message.status)
    else:
        outcome, seq = APPLIED, take_seq(message.centre_id)
        message.status = status
        message.decided = day
        if text is not None:
            message.text = text
        message.seq = seq
        message.save(update_fields=["status", "decided", "text", "seq"])
        log.info("message %d %s (seq %d)", message.pk, status, seq)
    Decision.objects.create(
        message=message,
        status=status,
        text_edited=text is not None or text_edited,
        kiosk=kiosk,
        staff=staff,
        outcome=outcome,
        seq=seq,
        day=day,
    )
    return outcome
