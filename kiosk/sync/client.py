"""Talking to the hub over HTTP(S): JSON in, JSON out, and every failure as a code.

The standard library's urllib is enough for one small request every few seconds, and a
kiosk installs nothing more for it. Failures are `Failure` codes, never sentences: the
sync service decides what to do with each (try again later, or stop), and the CLI words
them for staff (kiosk/cli/hub.py).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

PROTOCOL = 1
"""The version of hub/protocol.md this kiosk speaks."""

TIMEOUT_SECONDS = 20.0
"""Longest wait for the hub's answer: a sync of 500 messages is well under a second."""


class Failure(StrEnum):
    """Why a request to the hub did not succeed."""

    UNREACHABLE = "unreachable"
    """No answer: the hub (or the network) is away. Try again later."""
    TIMEOUT = "timeout"
    """The hub took too long to answer. Try again later."""
    UNAUTHORISED = "unauthorised"
    """The hub refused the kiosk's token: revoked, or never known. Join again."""
    NO_SUCH_CODE = "no_such_code"
    """The join code is unknown, used or expired."""
    FORBIDDEN = "forbidden"
    """A message that belongs to another kiosk or centre."""
    MALFORMED = "malformed"
    """The hub could not use what the kiosk sent."""
    TOO_LARGE = "too_large"
    """What the kiosk sent is over the hub's limits."""
    REPLAYED = "replayed"
    """The hub has seen this request before."""
    STORE_UNAVAILABLE = "store_unavailable"
    """The hub's database is away. Try again later."""
    SERVER_ERROR = "server_error"
    """The hub failed in some other way (a 5xx, or an answer that is not the protocol's)."""

    @property
    def passing(self) -> bool:
        """True for a failure that time alone mends (the hub or its database away)."""
        return self in (
            Failure.UNREACHABLE,
            Failure.TIMEOUT,
            Failure.STORE_UNAVAILABLE,
            Failure.SERVER_ERROR,
        )


class HubError(Exception):
    """A request to the hub failed; `failure` says why, `status` is the HTTP status (0: none)."""

    def __init__(self, failure: Failure, status: int = 0, detail: str = "") -> None:
        super().__init__(failure.value if not status else f"{failure.value} ({status})")
        self.failure = failure
        self.status = status
        self.detail = detail
        """The hub's own words for staff (naming a field, never its contents), or ""."""


_BY_CODE = {failure.value: failure for failure in Failure}
_BY_STATUS = {
    400: Failure.MALFORMED,
    401: Failure.UNAUTHORISED,
    403: Failure.FORBIDDEN,
    404: Failure.NO_SUCH_CODE,
    409: Failure.REPLAYED,
    413: Failure.TOO_LARGE,
    503: Failure.STORE_UNAVAILABLE,
}


class Transport(Protocol):
    """Sends one sync request and returns the hub's answer (the real one is `HubClient`)."""

    def sync(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /api/v1/sync; raises HubError when it fails."""
        ...


@dataclass(frozen=True)
class Joined:
    """What the hub said when this kiosk joined."""

    kiosk: int
    token: str
    centre: str
    content: dict[str, Any] | None


class HubClient:
    """The hub at `url`, reached with this kiosk's `token` (None: only to join)."""

    def __init__(
        self, url: str, token: str | None = None, *, timeout: float = TIMEOUT_SECONDS
    ) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self._timeout = timeout

    def join(self, code: str, name: str, syncthing_device_id: str | None = None) -> Joined:
        """POST /api/v1/join with a one-time `code`; the hub's answer (HubError if refused).

        `syncthing_device_id`: this kiosk's Syncthing, for the centre's content (if any).
        """
        body = {"code": code, "name": name}
        if syncthing_device_id:
            body["syncthing_device_id"] = syncthing_device_id
        answer = self.post("/api/v1/join", body)
        try:
            content = answer.get("content")
            return Joined(
                kiosk=int(answer["kiosk"]),
                token=str(answer["token"]),
                centre=str(answer["centre"]),
                content=content if isinstance(content, dict) else None,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise HubError(Failure.SERVER_ERROR) from error

    def ping(self) -> dict[str, Any]:
        """POST /api/v1/ping: the token is good (HubError if not)."""
        return self.post("/api/v1/ping", {})

    def sync(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /api/v1/sync with `body` (see hub/protocol.md)."""
        return self.post("/api/v1/sync", body)

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST `body` as JSON to `path`; the JSON object answered, or HubError."""
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._token is not None:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers=headers,
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            failure, detail = _failure_of(error)
            raise HubError(failure, error.code, detail) from None
        except TimeoutError as error:
            raise HubError(Failure.TIMEOUT) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise HubError(Failure.TIMEOUT) from error
            raise HubError(Failure.UNREACHABLE) from error
        except (OSError, ValueError) as error:  # reset mid-answer, or a URL that is not one
            raise HubError(Failure.UNREACHABLE) from error
        try:
            answer = json.loads(raw)
        except ValueError as error:
            raise HubError(Failure.SERVER_ERROR) from error
        if not isinstance(answer, dict):
            raise HubError(Failure.SERVER_ERROR)
        return answer


def _failure_of(error: urllib.error.HTTPError) -> tuple[Failure, str]:
    """The failure an HTTP error stands for, and the hub's `detail`.

    The protocol's error code when the hub gave one, else what the HTTP status means.
    """
    try:
        answer = json.loads(error.read())
        code, detail = answer.get("error"), answer.get("detail")
    except (OSError, ValueError, AttributeError):
        code = detail = None
    finally:
        error.close()
    words = detail if isinstance(detail, str) else ""
    if isinstance(code, str) and code in _BY_CODE:
        return _BY_CODE[code], words
    return _BY_STATUS.get(error.code, Failure.SERVER_ERROR), words
