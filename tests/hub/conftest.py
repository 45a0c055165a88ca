"""The hub's tests: one real PostgreSQL for the session, a clean database for each test.

Django reads its settings once, so the cluster's port and the hub's data folder are chosen
here, before Django is set up and before any test module imports the hub's models. Each test
starts from empty tables (TRUNCATE; the migrations ran once).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import django
import pytest

from hub.localdb import LocalPostgres, NoPostgres, free_port

ROOT = Path(tempfile.mkdtemp(prefix="hub-tests-"))
ROOT.chmod(0o755)  # the cluster runs as `nobody` when the tests run as root
PORT = free_port()
DATABASE = f"postgresql://hub@127.0.0.1:{PORT}/hub"
os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings"
os.environ["MUTUALITY_HUB_DATABASE"] = DATABASE
os.environ["MUTUALITY_HUB_DATA"] = str(ROOT / "hub-data")
os.environ["MUTUALITY_HUB_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
django.setup()

from django.core.management import call_command  # noqa: E402 (after django.setup())
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

from hub.kiosks import add_centre, make_join_code  # noqa: E402
from hub.models import Centre  # noqa: E402
from tests.support.hubs import sync_body  # noqa: E402

KEPT = {"django_migrations", "django_content_type", "auth_permission"}
"""Tables the migrations fill, kept between tests."""


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    """The session's PostgreSQL, migrated once."""
    cluster = LocalPostgres(ROOT / "postgres", port=PORT)
    try:
        cluster.create()
        cluster.start()
    except NoPostgres as missing:
        pytest.skip(str(missing))
    call_command("migrate", interactive=False, verbosity=0)
    yield cluster
    connections.close_all()
    cluster.destroy()
    shutil.rmtree(ROOT, ignore_errors=True)


@pytest.fixture
def db(postgres: LocalPostgres) -> LocalPostgres:
    """Empty tables (and the cluster running, whatever the last test did to it)."""
    postgres.start()
    connections.close_all()
    tables = [t for t in connection.introspection.table_names() if t not in KEPT]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    return postgres


class KioskClient:
    """A joined kiosk calling the hub in-process through Django's test client."""

    def __init__(self, client: Client, kiosk_id: int, token: str) -> None:
        self.client = client
        self.id = kiosk_id
        self.token = token
        self.cursor = 0

    def post(self, path: str, body: object = None, raw: bytes | None = None) -> tuple[int, Any]:
        """POST as this kiosk; returns the status and the answer's JSON."""
        return post(self.client, path, body, token=self.token, raw=raw)

    def sync(self, **fields: Any) -> tuple[int, Any]:
        """One sync request (sync_body's fields); `since` defaults to this kiosk's cursor."""
        fields.setdefault("since", self.cursor)
        status, answer = self.post("/api/v1/sync", sync_body(**fields))
        if status == 200:
            self.cursor = answer["cursor"]
        return status, answer


def post(
    client: Client,
    path: str,
    body: object = None,
    token: str | None = None,
    raw: bytes | None = None,
) -> tuple[int, Any]:
    """POST JSON through the test client; returns the status and the JSON answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
    response = client.generic("POST", path, data, content_type="application/json", headers=headers)
    try:
        return response.status_code, json.loads(response.content)
    except ValueError:
        return response.status_code, response.content


@pytest.fixture
def client(db: LocalPostgres) -> Client:
    """Django's test client, on a clean database."""
    return Client()


@pytest.fixture
def centre(db: LocalPostgres) -> Centre:
    """A centre with no kiosks yet."""
    return add_centre("Café")


@pytest.fixture
def join(client: Client) -> Callable[..., KioskClient]:
    """Join a new kiosk to a centre (a fresh code each time)."""
    counter = iter(range(1, 1000))

    def joined(centre: Centre, name: str = "") -> KioskClient:
        code = make_join_code(centre)
        status, answer = post(
            client, "/api/v1/join", {"code": code, "name": name or f"kiosk {next(counter)}"}
        )
        assert status == 201, answer
        return KioskClient(client, answer["kiosk"], answer["token"])

    return joined
