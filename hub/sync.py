"""One sync request, applied whole or not at all (hub/protocol.md, `POST /api/v1/sync`).

Order inside the one transaction: refuse a replayed request id; keep the kiosk's new
messages (arrival order is the order it sent them, whatever its clock says); apply its
decisions (the first decision wins: hub/decisions.py); replace its usage counts; note its
doctor's results and clock; then read the centre's changes since its cursor, which include
what this request did. Any refusal raises, and the transaction takes everything back.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from typing import Any

from django.db import connection
from django.utils import timezone

from hub.changes import lock_centre, take_seqs
from hub.decisions import decide
from hub.models import HubMessage, Kiosk, SeenRequest, UsageCount
from hub.payloads import SyncIn

log = logging.getLogger(__name__)

MAX_CHANGES = 500
SEEN_KEEP_DAYS = 7
"""How long a request id is remembered to refuse it replayed."""
PRUNE_ONE_IN = 20
"""Forget old request ids on about one sync in this many (a kiosk's own, by index)."""


class Forbidden(Exception):
    """A uid of another kiosk or centre (403)."""


class Replayed(Exception):
    """A request id this kiosk has sent before (409)."""


def _remember_request(kiosk: Kiosk, request: str, today: dt.date) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO hub_seenrequest (kiosk_id, request, day) VALUES (%s, %s, %s) "
            "ON CONFLICT (kiosk_id, request) DO NOTHING RETURNING id",
            [kiosk.pk, request, today],
        )
        if cursor.fetchone() is None:
            raise Replayed(f"This kiosk has sent request {request} before.")
    if random.randrange(PRUNE_ONE_IN) == 0:  # not a secret: it spreads the work
        SeenRequest.objects.filter(
            kiosk=kiosk, day__lt=today - dt.timedelta(days=SEEN_KEEP_DAYS)
        ).delete()


def _keep_messages(kiosk: Kiosk, request: SyncIn) -> list[str]:
    """Keep the new messages in the order sent; returns every uid (accepted)."""
    ordered: dict[str, Any] = {}
    for message in request.messages:
        ordered.setdefault(message.uid, message)
    if not ordered:
        return []
    lock_centre(kiosk.centre_id)
    held = dict(HubMessage.objects.filter(uid__in=ordered).values_list("uid", "kiosk_id"))
    if any(owner != kiosk.pk for owner in held.values()):
        raise Forbidden("A message id in this request belongs to another kiosk.")
    new = [m for uid, m in ordered.items() if uid not in held]
    seqs = take_seqs(kiosk.centre_id, len(new))
    HubMessage.objects.bulk_create(
        [
            HubMessage(
                uid=m.uid,
                centre_id=kiosk.centre_id,
                kiosk=kiosk,
                number=m.number,
                text=m.text,
                day=m.day,
                status=HubMessage.Status.PENDING,
                reasons=[r.stored() for r in m.reasons],
                urgent=m.urgent,
                held=m.held,
                seq=seq,
                first_seq=seq,
            )
            for m, seq in zip(new, seqs, strict=True)
        ],
        ignore_conflicts=True,
    )
    # A uid another centre's kiosk sent at the same moment: the insert was skipped; refuse.
    owners = set(HubMessage.objects.filter(uid__in=ordered).values_list("kiosk_id", flat=True))
    if owners != {kiosk.pk}:
        raise Forbidden("A message id in this request belongs to another kiosk.")
    return list(ordered)


def _apply_decisions(kiosk: Kiosk, request: SyncIn, today: dt.date) -> list[dict[str, str]]:
    if not request.decisions:
        return []
    lock_centre(kiosk.centre_id)
    uids = {d.uid for d in request.decisions}
    messages = {
        m.uid: m for m in HubMessage.objects.filter(uid__in=uids, centre_id=kiosk.centre_id)
    }
    if uids - messages.keys():
        raise Forbidden("A decision is on a message this kiosk's centre does not have.")
    answers = []
    for decision in request.decisions:
        outcome = decide(
            messages[decision.uid], decision.status, today, text=decision.text, kiosk=kiosk
        )
        answers.append({"uid": decision.uid, "outcome": str(outcome)})
    return answers


def _keep_usage(kiosk: Kiosk, request: SyncIn) -> None:
    latest = {(u.day, u.name, u.item): u.count for u in request.usage}
    if not latest:
        return
    UsageCount.objects.bulk_create(
        [
            UsageCount(kiosk=kiosk, day=day, name=name, item=item, count=count)
            for (day, name, item), count in latest.items()
        ],
        update_conflicts=True,
        unique_fields=["kiosk", "day", "name", "item"],
        update_fields=["count"],
    )


def change(message: HubMessage, kiosk: Kiosk) -> dict[str, Any]:
    """A message as a kiosk of its centre is sent it (a rejected one without its words)."""
    rejected = message.status == HubMessage.Status.REJECTED
    return {
        "uid": message.uid,
        "seq": message.seq,
        "text": "" if rejected else message.text,
        "day": message.day.isoformat(),
        "status": message.status,
        "reasons": message.reasons,
        "urgent": message.urgent,
        "held": message.held,
        "mine": message.kiosk_id == kiosk.pk,
    }


def changes(kiosk: Kiosk, since: int) -> tuple[list[dict[str, Any]], int, bool]:
    """The centre's changes after `since`, in seq order: (changes, cursor, more)."""
    found = list(
        HubMessage.objects.filter(centre_id=kiosk.centre_id, seq__gt=since).order_by("seq")[
            : MAX_CHANGES + 1
        ]
    )
    more = len(found) > MAX_CHANGES
    found = found[:MAX_CHANGES]
    cursor = found[-1].seq if found else since
    return [change(m, kiosk) for m in found], cursor, more


def skew_days(kiosk_today: dt.date, today: dt.date) -> int:
    """Days between the kiosk's date and the hub's when over one (0 within a day)."""
    days = (kiosk_today - today).days
    return days if abs(days) > 1 else 0


def sync(kiosk: Kiosk, request: SyncIn) -> dict[str, Any]:
    """Apply `request` from `kiosk` and answer it. Call inside one transaction."""
    now = timezone.now()
    today = timezone.localdate(now)
    _remember_request(kiosk, request.request, today)
    accepted = _keep_messages(kiosk, request)
    decisions = _apply_decisions(kiosk, request, today)
    _keep_usage(kiosk, request)
    kiosk.last_contact = now
    kiosk.clock_skew_days = skew_days(request.kiosk_today, today)
    fields = ["last_contact", "clock_skew_days"]
    if request.doctor is not None:
        kiosk.doctor = request.doctor
        fields.append("doctor")
    kiosk.save(update_fields=fields)
    found, cursor, more = changes(kiosk, request.since)
    log.info(
        "sync kiosk %d: %d messages, %d decisions, %d usage rows, %d changes sent",
        kiosk.pk,
        len(accepted),
        len(decisions),
        len(request.usage),
        len(found),
    )
    return {
        "accepted": accepted,
        "decisions": decisions,
        "changes": found,
        "cursor": cursor,
        "more": more,
    }
