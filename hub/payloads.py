"""Reading a kiosk's request strictly: every field, type and bound of hub/protocol.md.

A request is read into small frozen dataclasses before anything touches the database, so a
malformed one is refused whole (400 `malformed`, or 413 `too_large` for too many items) and
changes nothing. The words in `Malformed` name the field, never what was in it: a message's
text must not reach a log. Strings that PostgreSQL cannot keep (a NUL, half a surrogate pair)
are refused here rather than failing in the database.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any

PROTOCOL = 1
MAX_BODY = 1024 * 1024
"""A request body's limit in bytes (413 over it)."""
MAX_MESSAGES = 500
MAX_DECISIONS = 500
MAX_USAGE = 2000
MAX_TEXT = 2000
MAX_REASONS = 20
MAX_DETAILS = 20
MAX_DETAIL = 500
MAX_NAME = 80
MAX_ITEM = 255
"""A usage item: a story's folder name, at most 255 characters."""
MAX_DOCTOR = 64 * 1024
"""The doctor's results' limit in bytes, encoded as JSON."""
MAX_DOCTOR_DEPTH = 32
MAX_INT = 2**63 - 1
STATUSES = ("approved", "rejected")

_ULID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_DEVICE_ID = re.compile(r"[A-Z2-7]{7}(-[A-Z2-7]{7}){7}")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Malformed(Exception):
    """The request is not what the protocol says (400); the words say which field and why."""


class TooLarge(Exception):
    """More items than the protocol's limits (413)."""


@dataclass(frozen=True)
class ReasonIn:
    """A screening reason: a code and its details."""

    code: str
    details: tuple[str, ...]

    def stored(self) -> dict[str, Any]:
        """As kept and sent back (the kiosk's `Reason.stored()` shape)."""
        return {"code": self.code, "details": list(self.details)}


@dataclass(frozen=True)
class MessageIn:
    """A message the kiosk pushes."""

    uid: str
    number: int
    text: str
    day: dt.date
    reasons: tuple[ReasonIn, ...]
    urgent: bool
    held: bool


@dataclass(frozen=True)
class DecisionIn:
    """A decision staff made at the kiosk."""

    uid: str
    status: str
    text: str | None
    day: dt.date


@dataclass(frozen=True)
class UsageIn:
    """An absolute count for one day, thing and item."""

    day: dt.date
    name: str
    item: str
    count: int


@dataclass(frozen=True)
class SyncIn:
    """A whole sync request."""

    request: str
    kiosk_today: dt.date
    since: int
    messages: tuple[MessageIn, ...]
    decisions: tuple[DecisionIn, ...]
    usage: tuple[UsageIn, ...]
    doctor: dict[str, Any] | None


@dataclass(frozen=True)
class JoinIn:
    """A join request."""

    code: str
    name: str
    syncthing_device_id: str


def _no_constant(name: str) -> Any:
    raise Malformed(f"the body has {name}, which JSON does not allow")


def parse_json(body: bytes) -> Any:
    """The body as JSON (UTF-8), refusing NaN and Infinity and nesting too deep to read."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Malformed("the body is not UTF-8") from error
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError as error:
        raise Malformed("the body is nested too deeply") from error
    except ValueError as error:
        if isinstance(error, Malformed):
            raise
        raise Malformed(f"the body is not JSON ({error.__class__.__name__})") from error


def _object(value: object, where: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Malformed(f"{where} must be a JSON object")
    missing = sorted(required - value.keys())
    if missing:
        raise Malformed(f"{where} lacks {', '.join(missing)}")
    unknown = sorted(value.keys() - required - optional)
    if unknown:
        raise Malformed(f"{where} has fields the protocol does not know: {', '.join(unknown)}")
    return value


def _int(value: object, where: str, low: int = 0, high: int = MAX_INT) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Malformed(f"{where} must be a whole number")
    if not low <= value <= high:
        raise Malformed(f"{where} must be from {low} to {high}")
    return value


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise Malformed(f"{where} must be true or false")
    return value


def _str(
    value: object, where: str, low: int, high: int, pattern: re.Pattern[str] | None = None
) -> str:
    if not isinstance(value, str):
        raise Malformed(f"{where} must be a string")
    if not low <= len(value) <= high:
        raise Malformed(f"{where} must be {low} to {high} characters long")
    if _UNSTORABLE.search(value):
        raise Malformed(f"{where} has a NUL or half a surrogate pair")
    if pattern is not None and not pattern.fullmatch(value):
        raise Malformed(f"{where} is not in the protocol's form")
    return value


def _day(value: object, where: str) -> dt.date:
    text = _str(value, where, 10, 10, _DAY)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise Malformed(f"{where} is not a real date (YYYY-MM-DD)") from error


def _list(value: object, where: str, most: int, *, strict_size: bool = True) -> list[Any]:
    if not isinstance(value, list):
        raise Malformed(f"{where} must be a list")
    if len(value) > most:
        if strict_size:
            raise TooLarge(f"{where} has {len(value)} items; at most {most} are taken")
        raise Malformed(f"{where} has more than {most} items")
    return value


def ulid(value: object, where: str) -> str:
    """A ULID: 26 characters of Crockford's base 32, upper case."""
    return _str(value, where, 26, 26, _ULID)


def _reason(value: object, where: str) -> ReasonIn:
    fields = _object(value, where, {"code", "details"}, set())
    details = _list(fields["details"], f"{where}.details", MAX_DETAILS, strict_size=False)
    return ReasonIn(
        code=_str(fields["code"], f"{where}.code", 1, 40, _CODE),
        details=tuple(
            _str(d, f"{where}.details[{i}]", 0, MAX_DETAIL) for i, d in enumerate(details)
        ),
    )


def _message(value: object, where: str) -> MessageIn:
    fields = _object(
        value, where, {"uid", "number", "text", "day", "reasons", "urgent", "held"}, set()
    )
    reasons = _list(fields["reasons"], f"{where}.reasons", MAX_REASONS, strict_size=False)
    return MessageIn(
        uid=ulid(fields["uid"], f"{where}.uid"),
        number=_int(fields["number"], f"{where}.number", 1),
        text=_str(fields["text"], f"{where}.text", 1, MAX_TEXT),
        day=_day(fields["day"], f"{where}.day"),
        reasons=tuple(_reason(r, f"{where}.reasons[{i}]") for i, r in enumerate(reasons)),
        urgent=_bool(fields["urgent"], f"{where}.urgent"),
        held=_bool(fields["held"], f"{where}.held"),
    )


def _decision(value: object, where: str) -> DecisionIn:
    fields = _object(value, where, {"uid", "status", "text", "day"}, set())
    status = fields["status"]
    if status not in STATUSES:
        raise Malformed(f"{where}.status must be approved or rejected")
    text = fields["text"]
    if text is not None:
        if status != "approved":
            raise Malformed(f"{where}.text must be null unless the message is approved")
        text = _str(text, f"{where}.text", 1, MAX_TEXT)
    return DecisionIn(
        uid=ulid(fields["uid"], f"{where}.uid"),
        status=str(status),
        text=text,
        day=_day(fields["day"], f"{where}.day"),
    )


def _usage(value: object, where: str) -> UsageIn:
    fields = _object(value, where, {"day", "name", "item", "count"}, set())
    return UsageIn(
        day=_day(fields["day"], f"{where}.day"),
        name=_str(fields["name"], f"{where}.name", 1, 64),
        item=_str(fields["item"], f"{where}.item", 0, MAX_ITEM),
        count=_int(fields["count"], f"{where}.count", 0, MAX_INT),
    )


def _storable_json(value: object, where: str, depth: int = 0) -> None:
    """Refuse what PostgreSQL's jsonb cannot keep (NUL, lone surrogates, huge floats)."""
    if depth > MAX_DOCTOR_DEPTH:
        raise Malformed(f"{where} is nested too deeply")
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            raise Malformed(f"{where} has a NUL or half a surrogate pair")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise Malformed(f"{where} has a number too large to keep")
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > 10**100:
            raise Malformed(f"{where} has a number too large to keep")
    elif isinstance(value, list):
        for item in value:
            _storable_json(item, where, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable_json(key, where, depth + 1)
            _storable_json(item, where, depth + 1)


def _doctor(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Malformed("doctor must be a JSON object or null")
    _storable_json(value, "doctor")
    if len(json.dumps(value).encode()) > MAX_DOCTOR:
        raise TooLarge(f"doctor is over {MAX_DOCTOR // 1024} KiB")
    return value


def sync_request(value: object) -> SyncIn:
    """A sync request, checked whole (Malformed or TooLarge when it is not right)."""
    fields = _object(
        value,
        "the request",
        {"protocol", "request", "kiosk_today", "since"},
        {"messages", "decisions", "usage", "doctor"},
    )
    if fields["protocol"] != PROTOCOL or isinstance(fields["protocol"], bool):
        raise Malformed(f"protocol must be {PROTOCOL}")
    messages = _list(fields.get("messages", []), "messages", MAX_MESSAGES)
    decisions = _list(fields.get("decisions", []), "decisions", MAX_DECISIONS)
    usage = _list(fields.get("usage", []), "usage", MAX_USAGE)
    return SyncIn(
        request=ulid(fields["request"], "request"),
        kiosk_today=_day(fields["kiosk_today"], "kiosk_today"),
        since=_int(fields["since"], "since"),
        messages=tuple(_message(m, f"messages[{i}]") for i, m in enumerate(messages)),
        decisions=tuple(_decision(d, f"decisions[{i}]") for i, d in enumerate(decisions)),
        usage=tuple(_usage(u, f"usage[{i}]") for i, u in enumerate(usage)),
        doctor=_doctor(fields.get("doctor")),
    )


def join_request(value: object) -> JoinIn:
    """A join request, checked whole."""
    fields = _object(value, "the request", {"code", "name"}, {"syncthing_device_id"})
    device = fields.get("syncthing_device_id")
    return JoinIn(
        code=_str(fields["code"], "code", 1, 64),
        name=_str(fields["name"], "name", 1, MAX_NAME),
        syncthing_device_id=""
        if device is None
        else _str(device, "syncthing_device_id", 63, 63, _DEVICE_ID),
    )
