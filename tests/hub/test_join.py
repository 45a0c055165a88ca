"""Joining a centre with a one-time code; tokens kept only as hashes; revoking one kiosk."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.test import Client
from django.utils import timezone

from hub.kiosks import make_join_code
from hub.models import Centre, JoinCode, Kiosk
from tests.hub.conftest import KioskClient, post


def test_join_gives_a_token_once_and_uses_up_the_code(client: Client, centre: Centre) -> None:
    code = make_join_code(centre)
    status, answer = post(client, "/api/v1/join", {"code": code, "name": "quiet room"})
    assert status == 201
    assert answer["centre"] == "Café" and answer["protocol"] == 1 and answer["content"] is None
    assert post(client, "/api/v1/ping", token=answer["token"]) == (
        200,
        {"ok": True, "kiosk": answer["kiosk"]},
    )
    again = post(client, "/api/v1/join", {"code": code, "name": "another"})
    assert again[0] == 404 and again[1]["error"] == "no_such_code"
    assert Kiosk.objects.count() == 1


def test_a_code_may_be_typed_loosely(client: Client, centre: Centre) -> None:
    code = make_join_code(centre).lower().replace("-", " ")
    assert post(client, "/api/v1/join", {"code": code, "name": "café"})[0] == 201


def test_expired_and_wrong_codes_are_refused(client: Client, centre: Centre) -> None:
    code = make_join_code(centre)
    JoinCode.objects.update(expires=timezone.now() - dt.timedelta(seconds=1))
    assert post(client, "/api/v1/join", {"code": code, "name": "late"})[0] == 404
    assert post(client, "/api/v1/join", {"code": "AAAAA-BBBBB", "name": "guess"})[0] == 404
    assert Kiosk.objects.count() == 0


def test_join_is_checked_strictly(client: Client, centre: Centre) -> None:
    code = make_join_code(centre)
    for body in ({"code": code}, {"code": code, "name": ""}, {"code": code, "name": 3}, []):
        status, answer = post(client, "/api/v1/join", body)
        assert (status, answer["error"]) == (400, "malformed"), body
    assert JoinCode.objects.get().used_at is None


def test_only_hashes_of_the_token_and_code_are_kept(
    client: Client, centre: Centre, db: object
) -> None:
    code = make_join_code(centre)
    _, answer = post(client, "/api/v1/join", {"code": code, "name": "café"})
    token = answer["token"]
    kiosk = Kiosk.objects.get()
    assert kiosk.token_hash == hashlib.sha256(token.encode()).hexdigest()
    dump = db.sql(  # type: ignore[attr-defined]
        "SELECT string_agg(t::text, ' ') FROM (SELECT * FROM hub_kiosk) t", database="hub"
    ) + db.sql(  # type: ignore[attr-defined]
        "SELECT string_agg(t::text, ' ') FROM (SELECT * FROM hub_joincode) t", database="hub"
    )
    assert token not in dump
    assert code.replace("-", "") not in dump


def test_revoking_a_kiosk_refuses_it_and_no_other(
    client: Client, centre: Centre, join: Callable[..., KioskClient]
) -> None:
    first, second = join(centre), join(centre)
    from hub.kiosks import revoke

    revoke(first.id)
    assert first.post("/api/v1/ping")[0] == 401
    assert first.sync()[1]["error"] == "unauthorised"
    assert second.post("/api/v1/ping")[0] == 200
    assert second.sync()[0] == 200


def test_no_or_unknown_token_is_refused(client: Client, centre: Centre) -> None:
    assert post(client, "/api/v1/ping")[0] == 401
    assert post(client, "/api/v1/ping", token="not-a-token")[0] == 401
    response = client.post("/api/v1/ping", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401
