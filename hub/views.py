"""The kiosk API: plain Django JSON views (hub/protocol.md), one transaction per request.

Only these views take a bearer token, and only they are exempt from CSRF (a kiosk has no
session or cookie to forge). Staff pages use Django's sessions and never look at a token.
Errors are JSON with a code and plain words; a request that is refused changes nothing.
When PostgreSQL is away the answer is 503 `store_unavailable` and the server carries on:
Django's connection health checks reconnect once PostgreSQL is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hub import kiosks, payloads, sharing, sync
from hub.models import Kiosk

log = logging.getLogger(__name__)

PROTOCOL = payloads.PROTOCOL


def error(status: int, code: str, detail: str) -> JsonResponse:
    """A refusal as the protocol words it."""
    return JsonResponse({"error": code, "detail": detail}, status=status)


def _body(request: HttpRequest) -> Any:
    """The request's JSON, read no further than the limit (a chunked body has no length)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise payloads.Malformed("the Content-Length header is not a number") from exc
    if declared > payloads.MAX_BODY:
        raise RequestDataTooBig
    body = request.read(payloads.MAX_BODY + 1)
    if len(body) > payloads.MAX_BODY:
        raise RequestDataTooBig
    return payloads.parse_json(body)


View = Callable[[HttpRequest], JsonResponse]


def api(view: View) -> View:
    """A kiosk API view: POST only, no CSRF, JSON errors, 503 when PostgreSQL is away."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def wrapped(request: HttpRequest) -> JsonResponse:
        try:
            return view(request)
        except RequestDataTooBig:
            return error(413, "too_large", f"The request is over {payloads.MAX_BODY} bytes.")
        except payloads.TooLarge as refused:
            return error(413, "too_large", f"The request is too large: {refused}.")
        except payloads.Malformed as refused:
            return error(400, "malformed", f"The request is not right: {refused}.")
        except (OperationalError, InterfaceError) as away:
            log.warning("the database is away: %s", away.__class__.__name__)
            return error(
                503, "store_unavailable", "The hub's database is not answering; try again later."
            )

    return wrapped


def _kiosk(request: HttpRequest) -> Kiosk | None:
    return kiosks.authenticate(request.headers.get("Authorization", ""))


def _unauthorised() -> JsonResponse:
    return error(401, "unauthorised", "This kiosk's token is unknown or has been revoked.")


@api
def join(request: HttpRequest) -> JsonResponse:
    """Use up a one-time code: a new kiosk of the code's centre, and its token (once)."""
    asked = payloads.join_request(_body(request))
    try:
        kiosk, token = kiosks.join(asked.code, asked.name, asked.syncthing_device_id)
    except kiosks.NoSuchCode as refused:
        return error(404, "no_such_code", str(refused))
    content = sharing.offer(kiosk)  # None: no content sharing, or no device id sent
    log.info("kiosk %d joined centre %d", kiosk.pk, kiosk.centre_id)
    return JsonResponse(
        {
            "kiosk": kiosk.pk,
            "token": token,
            "centre": kiosk.centre.name,
            "protocol": PROTOCOL,
            "content": content,
        },
        status=201,
    )


@api
def ping(request: HttpRequest) -> JsonResponse:
    """Check the token, and nothing else (the benchmark's baseline)."""
    kiosk = _kiosk(request)
    if kiosk is None:
        return _unauthorised()
    Kiosk.objects.filter(pk=kiosk.pk).update(last_contact=timezone.now())
    return JsonResponse({"ok": True, "kiosk": kiosk.pk})


@api
def sync_view(request: HttpRequest) -> JsonResponse:
    """Take a kiosk's news and send it its centre's changes (hub/sync.py)."""
    kiosk = _kiosk(request)
    if kiosk is None:
        return _unauthorised()
    asked = payloads.sync_request(_body(request))
    try:
        with transaction.atomic():
            answer = sync.sync(kiosk, asked)
    except sync.Forbidden as refused:
        return error(403, "forbidden", str(refused))
    except sync.Replayed as refused:
        return error(409, "replayed", str(refused))
    return JsonResponse(answer)
