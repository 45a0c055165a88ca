"""A small hub in memory that follows hub/protocol.md, for the kiosk's sync tests.

Just enough of the protocol: join codes, tokens, one centre's messages with a `seq` per
change, first decision wins, pages of changes. `FakeHub.handle` answers one request (the
unit tests call it through `HubTransport`, with no network); `serve_hub` puts it behind
real HTTP on a loopback port, for the CLI's tests. The real hub is tested on its own side.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kiosk.sync.client import Failure, HubError


@dataclass
class Held:
    """One message as the fake hub keeps it."""

    uid: str
    kiosk: int
    seq: int
    text: str
    day: str
    status: str
    reasons: list[Any]
    urgent: bool
    held: bool


@dataclass
class FakeHub:
    """One centre's hub, in memory; safe to call from the server's threads."""

    centre: str = "Riverside"
    page: int = 500
    """Most changes in one answer (small in tests of `more`)."""
    codes: set[str] = field(default_factory=lambda: {"JOIN-ME"})
    tokens: dict[str, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    revoked: set[int] = field(default_factory=set)
    messages: dict[str, Held] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    """uids in the order first received."""
    usage: dict[tuple[int, str, str, str], int] = field(default_factory=dict)
    doctor: dict[int, Any] = field(default_factory=dict)
    requests: dict[int, set[str]] = field(default_factory=dict)
    failures: list[int] = field(default_factory=list)
    """HTTP statuses to answer the next sync requests with, first first (then as usual)."""
    bodies: list[dict[str, Any]] = field(default_factory=list)
    """Every sync body received, for tests to look at."""
    seq: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_kiosk(self, name: str = "other") -> str:
        """A kiosk joined by hand; returns its token."""
        with self.lock:
            number = len(self.names) + 1
            token = secrets.token_urlsafe(16)
            self.tokens[token] = number
            self.names[number] = name
            return token

    def decide(self, uid: str, status: str, text: str | None = None) -> bool:
        """Staff at the hub decide a message; False when it was already decided."""
        with self.lock:
            return self._decide(uid, status, text)

    def _decide(self, uid: str, status: str, text: str | None) -> bool:
        held = self.messages[uid]
        if held.status != "pending":
            return False
        held.status = status
        if text:
            held.text = text
        self.seq += 1
        held.seq = self.seq
        return True

    def handle(self, path: str, token: str | None, body: Any) -> tuple[int, dict[str, Any]]:
        """Answer one request: the HTTP status and the JSON object."""
        with self.lock:
            if path == "/api/v1/join":
                return self._join(body)
            kiosk = self.tokens.get(token or "")
            if kiosk is None or kiosk in self.revoked:
                return 401, {"error": "unauthorised", "detail": "Unknown or revoked token."}
            if path == "/api/v1/ping":
                return 200, {"ok": True, "kiosk": kiosk}
            if path == "/api/v1/sync":
                if self.failures:
                    status = self.failures.pop(0)
                    return status, {"error": _CODES.get(status, "error"), "detail": "As asked."}
                return self._sync(kiosk, body)
            return 404, {"error": "not_found", "detail": "No such page."}

    def _join(self, body: Any) -> tuple[int, dict[str, Any]]:
        code = body.get("code") if isinstance(body, dict) else None
        if code not in self.codes:
            return 404, {"error": "no_such_code", "detail": "Unknown, used or expired."}
        self.codes.discard(code)
        number = len(self.names) + 1
        token = secrets.token_urlsafe(16)
        self.tokens[token] = number
        self.names[number] = str(body.get("name", ""))
        return 201, {
            "kiosk": number,
            "token": token,
            "centre": self.centre,
            "protocol": 1,
            "content": None,
        }

    def _sync(self, kiosk: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict) or body.get("protocol") != 1:
            return 400, {"error": "malformed", "detail": "Not protocol 1."}
        seen = self.requests.setdefault(kiosk, set())
        if body["request"] in seen:
            return 409, {"error": "replayed", "detail": "Seen before."}
        for message in body["messages"]:
            held = self.messages.get(message["uid"])
            if held is not None and held.kiosk != kiosk:
                return 403, {"error": "forbidden", "detail": "Another kiosk's message."}
        for decision in body["decisions"]:
            known = self.messages.get(decision["uid"])
            pushed_now = any(m["uid"] == decision["uid"] for m in body["messages"])
            if known is None and not pushed_now:
                return 400, {"error": "malformed", "detail": "No such message."}
        seen.add(body["request"])
        self.bodies.append(body)
        accepted = []
        for message in body["messages"]:
            if message["uid"] not in self.messages:
                self.seq += 1
                self.messages[message["uid"]] = Held(
                    message["uid"],
                    kiosk,
                    self.seq,
                    message["text"],
                    message["day"],
                    "pending",
                    message["reasons"],
                    message["urgent"],
                    message["held"],
                )
                self.order.append(message["uid"])
            accepted.append(message["uid"])
        outcomes = []
        for decision in body["decisions"]:
            applied = self._decide(decision["uid"], decision["status"], decision["text"])
            outcomes.append(
                {"uid": decision["uid"], "outcome": "applied" if applied else "overruled"}
            )
        for row in body["usage"]:
            self.usage[kiosk, row["day"], row["name"], row["item"]] = row["count"]
        if body["doctor"] is not None:
            self.doctor[kiosk] = body["doctor"]
        since = int(body["since"])
        newer = sorted((h for h in self.messages.values() if h.seq > since), key=lambda h: h.seq)
        page = newer[: self.page]
        changes = [
            {
                "uid": h.uid,
                "seq": h.seq,
                "text": "" if h.status == "rejected" else h.text,
                "day": h.day,
                "status": h.status,
                "reasons": h.reasons,
                "urgent": h.urgent,
                "held": h.held,
                "mine": h.kiosk == kiosk,
            }
            for h in page
        ]
        return 200, {
            "accepted": accepted,
            "decisions": outcomes,
            "changes": changes,
            "cursor": page[-1].seq if page else max(since, 0),
            "more": len(newer) > len(page),
        }


_CODES = {400: "malformed", 401: "unauthorised", 409: "replayed", 503: "store_unavailable"}


class HubTransport:
    """The fake hub as a kiosk's `Transport`, with no network: for unit tests."""

    def __init__(self, hub: FakeHub, token: str) -> None:
        self.hub = hub
        self.token = token
        self.lose_answers = 0
        """Answers to throw away after the hub has acted (a connection lost on the way back)."""

    def sync(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /api/v1/sync, as the real client does it (a JSON round trip included)."""
        status, answer = self.hub.handle("/api/v1/sync", self.token, json.loads(json.dumps(body)))
        if self.lose_answers:
            self.lose_answers -= 1
            raise HubError(Failure.TIMEOUT)
        if status != 200:
            raise HubError(Failure(answer["error"]), status)
        return answer


class _Handler(BaseHTTPRequestHandler):
    hub: FakeHub

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        auth = self.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
        status, answer = self.hub.handle(self.path, token, body)
        data = json.dumps(answer).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests say what they need."""


@contextmanager
def serve_hub(hub: FakeHub) -> Iterator[str]:
    """Serve `hub` over HTTP on a free loopback port; yields its URL."""
    handler = type("Handler", (_Handler,), {"hub": hub})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
