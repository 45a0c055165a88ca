"""The hub as it runs: gunicorn serving hub.wsgi, a real PostgreSQL, the real commands."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

from hub.kiosks import make_join_code
from hub.localdb import LocalPostgres
from hub.models import Centre, HubMessage
from tests.hub.conftest import DATABASE
from tests.support.hubs import HubServer, call, hub_command, message, sync_body
from tests.support.waits import until_sync


@pytest.fixture
def server(db: LocalPostgres, tmp_path: Path) -> Iterator[HubServer]:
    """A real hub on a free loopback port."""
    hub = HubServer(DATABASE, tmp_path / "hub")
    hub.start()
    yield hub
    hub.stop()


def _join(server: HubServer, centre: Centre, name: str) -> str:
    status, answer = call(
        server.url, "/api/v1/join", {"code": make_join_code(centre), "name": name}
    )
    assert status == 201, answer
    return str(answer["token"])


def test_a_real_server_joins_syncs_and_never_logs_the_words(
    server: HubServer, centre: Centre, tmp_path: Path
) -> None:
    words = "Pangolin-saxophone-lantern 9182"
    one, two = _join(server, centre, "café"), _join(server, centre, "quiet room")
    left = message(words)
    status, answer = call(server.url, "/api/v1/sync", sync_body(messages=[left]), one)
    assert (status, answer["accepted"]) == (200, [left["uid"]])
    number = HubMessage.objects.get(uid=left["uid"]).pk
    approved = hub_command(DATABASE, tmp_path / "cli", "approve", str(number), "--by", "sam")
    assert approved.returncode == 0, approved.stderr
    status, answer = call(server.url, "/api/v1/sync", sync_body(), two)
    assert [(c["text"], c["status"], c["mine"]) for c in answer["changes"]] == [
        (words, "approved", False)
    ]
    assert call(server.url, "/api/v1/sync", {"protocol": 1}, one)[0] == 400
    assert call(server.url, "/api/v1/sync", raw=b"x" * (1024 * 1024 + 1), token=one)[0] == 413
    output = server.output()
    assert '"POST /api/v1/sync HTTP/1.1" 200' in output
    assert "Pangolin" not in output and "saxophone" not in output
    assert "Pangolin" not in approved.stdout + approved.stderr


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_postgres_away_gives_503_and_the_hub_recovers(
    server: HubServer, centre: Centre, db: LocalPostgres, how: str
) -> None:
    token = _join(server, centre, "café")
    assert call(server.url, "/api/v1/sync", sync_body(messages=[message()]), token)[0] == 200
    connections.close_all()
    db.stop() if how == "stop" else db.kill()
    for _ in range(6):  # every worker meets it, and none dies
        status, answer = call(server.url, "/api/v1/sync", sync_body(messages=[message()]), token)
        assert (status, answer["error"]) == (503, "store_unavailable")
        assert call(server.url, "/api/v1/ping", token=token)[0] == 503
    db.start()

    def answered() -> bool:
        return call(server.url, "/api/v1/ping", token=token)[0] == 200

    until_sync(answered, "the hub answers again once PostgreSQL is back")
    for _ in range(6):
        status, answer = call(server.url, "/api/v1/sync", sync_body(messages=[message()]), token)
        assert status == 200, answer
    connections.close_all()
    assert HubMessage.objects.count() == 7
