"""Staff's decisions on the hub, by the kiosk's own rules: the CLI now, the console later.

Each decision is one transaction under the centre's lock, so words edited then approved
reach kiosks together, and a kiosk's decision cannot slip in between. A message already
decided (at a kiosk, perhaps) is not decided again: the attempt is logged as overruled.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hub.changes import lock_centre
from hub.decisions import APPLIED, OVERRULED
from hub.models import Decision, HubMessage
from hub.repository import HubRepository
from kiosk.messages import moderation
from kiosk.messages.repository import Message, Status, StoreError


def _repository(message_id: int, by: str) -> HubRepository:
    row = HubMessage.objects.select_related("centre").filter(pk=message_id).first()
    if row is None:
        raise StoreError(f"There is no message number {message_id}.")
    return HubRepository(row.centre, by)


def approve(
    message_id: int,
    by: str,
    *,
    read_in_full: bool,
    urgent_confirmed: bool = False,
    text: str | None = None,
) -> tuple[Message, Decision.Outcome]:
    """Approve by moderation's rules (ModerationRefused, StoreError); returns it and the outcome."""
    repository = _repository(message_id, by)
    today = timezone.localdate()
    with transaction.atomic():
        lock_centre(repository.centre)
        message = repository.get(message_id)
        if message.status is not Status.PENDING:
            repository.set_status(message_id, Status.APPROVED, today)
            return repository.get(message_id), OVERRULED
        decided = moderation.approve(
            repository,
            message_id,
            today,
            read_in_full=read_in_full,
            urgent_confirmed=urgent_confirmed,
            text=text,
        )
    return decided, repository.outcomes[-1] if repository.outcomes else APPLIED


def reject(message_id: int, by: str) -> tuple[Message, Decision.Outcome]:
    """Reject a message; returns it and the outcome (overruled when already decided)."""
    repository = _repository(message_id, by)
    with transaction.atomic():
        lock_centre(repository.centre)
        moderation.reject(repository, message_id, timezone.localdate())
    return repository.get(message_id), repository.outcomes[-1]
