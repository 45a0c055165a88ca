"""A real hub for tests: gunicorn serving hub.wsgi on a free loopback port, and its requests.

The lead's many-kiosk tests and the hub's own use the same pieces: `HubServer` starts
`mutuality-hub serve` (python -m hub.cli) as a child with its own settings in the
environment, waits until it answers, and stops or kills it; `call` posts JSON as a kiosk does.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hub.localdb import free_port
from tests.support.waits import until_sync

ROOT = Path(__file__).resolve().parents[2]


def hub_environment(
    database: str, data: Path, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment a hub process runs with (settings, and this checkout's code).

    `extra`: more settings, such as content sharing's `MUTUALITY_HUB_SYNCTHING_ADDRESS`.
    """
    return {
        **os.environ,
        **(extra or {}),
        "MUTUALITY_HUB_DATABASE": database,
        "MUTUALITY_HUB_DATA": str(data),
        "MUTUALITY_HUB_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
        "DJANGO_SETTINGS_MODULE": "hub.settings",
    }


def hub_command(
    database: str, data: Path, *args: str, extra: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `mutuality-hub ARGS` to the end."""
    return subprocess.run(
        [sys.executable, "-m", "hub.cli", *args],
        env=hub_environment(database, data, extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def call(
    url: str, path: str, body: object = None, token: str | None = None, raw: bytes | None = None
) -> tuple[int, Any]:
    """POST JSON (or `raw` bytes) to the hub; returns the status and the answer's JSON."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
    request = urllib.request.Request(url + path, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as refused:
        with refused:
            text = refused.read()
        try:
            return refused.code, json.loads(text)
        except ValueError:
            return refused.code, text.decode(errors="replace")


class HubServer:
    """`mutuality-hub serve` on 127.0.0.1:`port`, its output in `log`."""

    def __init__(
        self,
        database: str,
        data: Path,
        *,
        workers: int = 2,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        self.database = database
        self.data = data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data / "hub.log"
        self.workers = workers
        self.extra = dict(extra or {})
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it and wait until it answers (a ping without a token: 401)."""
        self.data.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                [
                    sys.executable, "-m", "hub.cli", "serve",
                    "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                ],
                env=hub_environment(self.database, self.data, self.extra),
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip
        until_sync(self._answers, "the hub answers", seconds=60)

    def _answers(self) -> bool:
        if self._process is not None and self._process.poll() is not None:
            raise AssertionError(f"the hub ended:\n{self.log.read_text(errors='replace')}")
        try:
            return call(self.url, "/api/v1/ping")[0] == 401
        except OSError:
            return False

    def stop(self) -> None:
        """Stop it as systemd would (SIGTERM to gunicorn's master), and wait."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """Kill the master and its workers with SIGKILL, as a crash would."""
        self._end(signal.SIGKILL)

    def _end(self, sig: signal.Signals) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(60)

    def output(self) -> str:
        """All the hub wrote (access log, warnings) so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def new_uid() -> str:
    """A fresh ULID, as a kiosk makes for a message or a request."""
    import ulid

    return str(ulid.ULID())


def today() -> str:
    """The hub's date (UTC), as a kiosk with a right clock would send it."""
    import datetime as dt

    return dt.datetime.now(dt.UTC).date().isoformat()


def message(
    text: str = "You are not alone.",
    number: int = 1,
    *,
    uid: str | None = None,
    day: str | None = None,
    urgent: bool = False,
    held: bool = False,
    reasons: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One message as a kiosk pushes it."""
    return {
        "uid": uid or new_uid(),
        "number": number,
        "text": text,
        "day": day or today(),
        "reasons": reasons or [],
        "urgent": urgent,
        "held": held,
    }


def decision(uid: str, status: str = "approved", text: str | None = None) -> dict[str, Any]:
    """One decision as a kiosk pushes it."""
    return {"uid": uid, "status": status, "text": text, "day": today()}


def sync_body(
    *,
    messages: list[dict[str, Any]] | None = None,
    decisions: list[dict[str, Any]] | None = None,
    usage: list[dict[str, Any]] | None = None,
    since: int = 0,
    kiosk_today: str | None = None,
    doctor: dict[str, Any] | None = None,
    request: str | None = None,
) -> dict[str, Any]:
    """A whole sync request (a new request id unless `request`)."""
    return {
        "protocol": 1,
        "request": request or new_uid(),
        "kiosk_today": kiosk_today or today(),
        "since": since,
        "messages": messages or [],
        "decisions": decisions or [],
        "usage": usage or [],
        "doctor": doctor,
    }
