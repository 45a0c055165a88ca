"""Centres, join codes and kiosk tokens: who may call the hub, and as which kiosk.

A kiosk's token and a join code are secrets the hub hands out once; it keeps only their
SHA-256, so a copy of the database lets no one act as a kiosk. Revoking a kiosk refuses its
token from then on and touches no other kiosk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from hub.models import Centre, JoinCode, Kiosk

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
"""Join codes are typed by staff: no 0/O, 1/I/L or U to mistake."""
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 5


class NoSuchCode(Exception):
    """The join code is unknown, used or expired."""


def digest(secret: str) -> str:
    """The SHA-256 (hex) the hub keeps instead of a secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _normal_code(code: str) -> str:
    """A join code as staff may type it (lower case, spaces, dashes) made canonical."""
    return "".join(c for c in code.upper() if c.isalnum())


def add_centre(name: str, content_folder: Path | None = None) -> Centre:
    """A new centre (IntegrityError if the name is taken).

    `content_folder`: where staff keep its content, when not the default (hub/sharing.py).
    """
    return Centre.objects.create(name=name, content_folder=str(content_folder or ""))


def make_join_code(centre: Centre, valid_hours: float = 24) -> str:
    """A new one-time join code for `centre`; only its hash is kept. Returns the code."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    JoinCode.objects.create(
        centre=centre,
        code_hash=digest(raw),
        expires=timezone.now() + dt.timedelta(hours=valid_hours),
    )
    groups = [raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH)]
    return "-".join(groups)


def join(code: str, name: str, syncthing_device_id: str = "") -> tuple[Kiosk, str]:
    """Use up `code` and make a kiosk of its centre; returns it and its token (shown once).

    Raises NoSuchCode for a code unknown, used or expired. Two kiosks racing with one code:
    the row lock lets one have it.
    """
    with transaction.atomic():
        found = (
            JoinCode.objects.select_for_update()
            .select_related("centre")
            .filter(code_hash=digest(_normal_code(code)), used_at=None)
            .first()
        )
        now = timezone.now()
        if found is None or found.expires <= now:
            raise NoSuchCode("That join code is unknown, already used or expired.")
        found.used_at = now
        found.save(update_fields=["used_at"])
        token = secrets.token_urlsafe(32)
        kiosk = Kiosk.objects.create(
            centre=found.centre,
            name=name,
            token_hash=digest(token),
            syncthing_device_id=syncthing_device_id,
        )
    return kiosk, token


def authenticate(authorization: str) -> Kiosk | None:
    """The kiosk whose `Authorization: Bearer <token>` this is; None if none or revoked."""
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    kiosk = Kiosk.objects.select_related("centre").filter(token_hash=digest(token)).first()
    if kiosk is None or kiosk.revoked_at is not None:
        return None
    return kiosk


def revoke(kiosk_id: int) -> Kiosk:
    """Refuse a kiosk's token from now on (Kiosk.DoesNotExist when there is no such kiosk)."""
    kiosk = Kiosk.objects.get(pk=kiosk_id)
    if kiosk.revoked_at is None:
        kiosk.revoked_at = timezone.now()
        kiosk.save(update_fields=["revoked_at"])
    return kiosk
