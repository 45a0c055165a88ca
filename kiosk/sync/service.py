"""The sync service: this kiosk's messages, decisions and counts to the hub, the centre's back.

Offline first. The kiosk's SQLite is its outbox: visitors leave messages and staff decide
them exactly as without a hub, and the service catches up whenever the hub answers. Every
request is safe to repeat (hub/protocol.md): a message whose answer was lost is sent again
(the hub knows it by its uid), usage counts are absolute, and one answer is taken in one
SQLite transaction, so a kiosk killed at any moment has taken all of it or none of it.

`run_forever` pushes within about a second when something waits here (a message reaches
the hub's queue within seconds), pulls every `interval` seconds, and backs off with full
jitter while the hub is away, so a centre's kiosks do not all knock at once when it comes
back. A revoked token stops it, said plainly in the log. Message text is never logged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ulid import ULID

from kiosk.messages.repository import Message, Status, StoreError
from kiosk.messages.synced import Change, Decision, Resolved
from kiosk.sync.client import PROTOCOL, Failure, HubError, Transport
from kiosk.sync.outbox import Outbox

log = logging.getLogger(__name__)

# The protocol's limits for one request (hub/protocol.md).
MESSAGES_LIMIT = 500
DECISIONS_LIMIT = 500
USAGE_LIMIT = 2000
BODY_BUDGET = 900 * 1024
"""Bytes of messages in one request: under the hub's 1 MiB, with room for the rest."""
DOCTOR_LIMIT = 64 * 1024
DOCTOR_EVERY = 3600.0
"""Seconds between sending the doctor's results."""
ROUNDS_LIMIT = 1000
"""Most requests in one `run_once`: enough for 500,000 changes, and never a loop for ever."""

INTERVAL = 10.0
"""Seconds between full syncs when nothing is waiting."""
QUICK = 1.0
"""Seconds between looks for something waiting here (a message left, a decision made)."""
FIRST_BACKOFF = 2.0
MAX_BACKOFF = 300.0
"""The longest wait while the hub is away: a kiosk is back within five minutes of it."""

# Keys of the outbox's values.
SINCE = "since"
USAGE_DAY = "usage_day"
USAGE_SENT = "usage_sent"
DOCTOR_AT = "doctor_at"
LAST_SYNC = "last_sync"
PROBLEM = "problem"
PROBLEM_AT = "problem_at"


class SyncState(StrEnum):
    """Where the sync loop is."""

    STARTING = "starting"
    SYNCED = "synced"
    """The last request went through."""
    AWAY = "away"
    """The hub did not answer, or refused; trying again after a while."""
    REVOKED = "revoked"
    """The hub refused this kiosk's token: syncing stopped until the kiosk joins again."""
    STOPPED = "stopped"


@dataclass
class Tally:
    """What one `run_once` did (counts only, never words)."""

    messages: int = 0
    """Messages the hub acknowledged."""
    decisions: int = 0
    overruled: int = 0
    """Decisions made here that the hub had already decided otherwise."""
    changes: int = 0
    """Messages the hub sent as changed."""
    added: int = 0
    """Messages new to this kiosk (left at other kiosks)."""
    requests: int = 0

    def add(self, other: Tally) -> None:
        """Count `other` in too."""
        for name in ("messages", "decisions", "overruled", "changes", "added", "requests"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


class SyncService:
    """Syncs one kiosk's outbox with its hub through a `Transport`."""

    def __init__(
        self,
        outbox: Outbox,
        transport: Transport,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        doctor: Callable[[], dict[str, Any] | None] | None = None,
        interval: float = INTERVAL,
        quick: float = QUICK,
        max_backoff: float = MAX_BACKOFF,
        rng: random.Random | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        new_request: Callable[[], str] = lambda: str(ULID()),
    ) -> None:
        """Sync `outbox` through `transport`.

        `today`: the kiosk's date; `doctor`: the cheap checks' results as JSON (None: none);
        `interval`, `quick`, `max_backoff`: seconds (see the constants); `rng`, `monotonic`,
        `wall`, `new_request`: given by tests for a run that never sleeps or guesses.
        """
        self.outbox = outbox
        self.transport = transport
        self.today = today
        self.doctor = doctor
        self.interval = interval
        self.quick = quick
        self.max_backoff = max_backoff
        self.rng = rng or random.Random()
        self.monotonic = monotonic
        self.wall = wall
        self.new_request = new_request
        self.state = SyncState.STARTING
        self.problem: Failure | None = None
        """Why the last request failed, or None."""
        self.failures = 0
        """Requests failed in a row."""

    # --- one sync ----------------------------------------------------------------------------

    def run_once(self) -> Tally:
        """Sync until the hub has nothing more; raises HubError (or StoreError) on failure."""
        tally = Tally()
        for _ in range(ROUNDS_LIMIT):
            done, again = self._round()
            tally.add(done)
            if not again:
                break
        return tally

    def _round(self) -> tuple[Tally, bool]:
        """One request and its answer; returns what it did and whether to ask again at once."""
        today = self.today()
        messages = _within_budget(self.outbox.to_push(MESSAGES_LIMIT))
        sending = {m.uid for m in messages}
        # A decision goes with its message or after it, never before the hub has it.
        decisions = [
            d for d in self.outbox.decisions(DECISIONS_LIMIT) if d.pushed or d.uid in sending
        ]
        usage_since = _day(self.outbox.value(USAGE_DAY))
        # A name or item over the hub's bounds would refuse the whole request: left out.
        rows = [
            row
            for row in self.outbox.usage(usage_since, USAGE_LIMIT)
            if 0 < len(row[1]) <= 64 and len(row[2]) <= 255
        ]
        usage = [] if _fingerprint(rows) == self.outbox.value(USAGE_SENT) else rows
        doctor = self._doctor_due()
        body = {
            "protocol": PROTOCOL,
            "request": self.new_request(),
            "kiosk_today": today.isoformat(),
            "since": int(self.outbox.value(SINCE) or 0),
            "messages": [_message_json(m) for m in messages],
            "decisions": [_decision_json(d) for d in decisions],
            "usage": [
                {"day": day.isoformat(), "name": name, "item": item, "count": count}
                for day, name, item, count in usage
            ],
            "doctor": doctor,
        }
        answer = self.transport.sync(body)
        accepted, outcomes, changes, cursor, more = _read_answer(answer)
        versions = {d.uid: d.version for d in decisions}
        resolved = [
            Resolved(uid, versions[uid], outcome == "overruled")
            for uid, outcome in outcomes
            if uid in versions
        ]
        values = {
            SINCE: str(cursor),
            LAST_SYNC: dt.datetime.fromtimestamp(self.wall(), dt.UTC).isoformat(timespec="seconds"),
            PROBLEM: "",
        }
        if usage:
            # Counts change only for today: from tomorrow, only today's go again (if changed).
            kept_from = usage[-1][0] if len(usage) >= USAGE_LIMIT else today
            values[USAGE_DAY] = kept_from.isoformat()
            values[USAGE_SENT] = _fingerprint([r for r in rows if r[0] >= kept_from])
        if doctor is not None:
            values[DOCTOR_AT] = str(self.wall())
        added = self.outbox.apply(accepted, resolved, changes, values, today)
        done = Tally(
            messages=len(accepted),
            decisions=len(resolved),
            overruled=sum(r.overruled for r in resolved),
            changes=len(changes),
            added=added,
            requests=1,
        )
        if done.messages or done.decisions or done.changes:
            log.info(
                "hub sync: %d messages and %d decisions taken by the hub (%d overruled); "
                "%d changes from it (%d new messages)",
                done.messages,
                done.decisions,
                done.overruled,
                done.changes,
                done.added,
            )
        # Again at once: the hub has more, or this kiosk has more than one request holds.
        full = len(messages) and len(accepted) >= len(messages) and self.outbox.waiting().messages
        return done, bool(more or full)

    def _doctor_due(self) -> dict[str, Any] | None:
        """The doctor's results when an hour has passed since they were last taken, else None."""
        if self.doctor is None:
            return None
        last = float(self.outbox.value(DOCTOR_AT) or 0)
        if 0 <= self.wall() - last < DOCTOR_EVERY:
            return None
        try:
            report = self.doctor()
        except Exception:  # a check that fails must not stop messages going
            log.exception("the doctor's checks for the hub failed")
            return None
        if report is None or len(json.dumps(report).encode("utf-8")) > DOCTOR_LIMIT:
            return None
        return report

    # --- the loop ----------------------------------------------------------------------------

    def backoff(self, failures: int) -> float:
        """Seconds to wait after `failures` failures in a row: full jitter, capped."""
        ceiling = min(self.max_backoff, FIRST_BACKOFF * 2 ** min(failures - 1, 30))
        return self.rng.uniform(min(0.1, ceiling), ceiling)

    def step(self) -> float | None:
        """Sync once; seconds to wait before trying again (0 after a success), None to stop."""
        try:
            self.run_once()
        except HubError as error:
            if error.detail:  # the hub's words name the field, never its contents
                log.warning("hub sync: the hub says: %s", error.detail[:300])
            return self._failed(error.failure)
        except StoreError as error:
            # The data folder cannot be used just now: the kiosk says so elsewhere; wait.
            log.warning("hub sync: the kiosk's store cannot be used: %s", error)
            self.failures += 1
            return self.backoff(self.failures)
        if self.state is not SyncState.SYNCED:
            log.info("hub sync: in touch with the hub")
        self.state, self.problem, self.failures = SyncState.SYNCED, None, 0
        return 0.0

    def _failed(self, failure: Failure) -> float | None:
        self.problem = failure
        self._note(failure)
        if failure is Failure.UNAUTHORISED:
            self.state = SyncState.REVOKED
            log.error(
                "hub sync stopped: the hub refused this kiosk's token (it was revoked, or the "
                "hub does not know this kiosk). Messages stay on this kiosk. To sync again, "
                "`kiosk hub leave`, then `kiosk hub join` with a new code."
            )
            return None
        self.failures += 1
        delay = self.backoff(self.failures)
        if self.state is not SyncState.AWAY or self.failures in (1, 5, 10) or delay >= 60:
            log.warning(
                "hub sync: %s (%d in a row); trying again in %.0f s",
                failure.value,
                self.failures,
                delay,
            )
        self.state = SyncState.AWAY
        return delay

    def _note(self, failure: Failure) -> None:
        """Keep the problem for `kiosk hub status` (if the store can be written at all)."""
        when = dt.datetime.fromtimestamp(self.wall(), dt.UTC).isoformat(timespec="seconds")
        with contextlib.suppress(StoreError):
            self.outbox.set_values({PROBLEM: failure.value, PROBLEM_AT: when})

    def run_forever(
        self, stop: threading.Event, wait: Callable[[float], bool] | None = None
    ) -> None:
        """Sync until `stop` is set (or the token is refused).

        `wait(seconds)` returns True when it is time to stop (by default, `stop.wait`);
        tests give one that moves a fake clock instead of sleeping.
        """
        pause = wait or stop.wait
        next_full = self.monotonic()
        while not stop.is_set():
            due = self.monotonic() >= next_full
            if not due:
                try:
                    due = bool(self.outbox.waiting())
                except StoreError:
                    due = False
            if due:
                delay = self.step()
                if delay is None:
                    break
                if delay > 0:
                    if pause(delay):
                        break
                    continue
                next_full = self.monotonic() + self.interval
            if pause(self.quick):
                break
        if self.state is not SyncState.REVOKED:
            self.state = SyncState.STOPPED


class SyncThread:
    """The sync loop on a thread of its own (for `kiosk run`): `start()`, then `close()`."""

    def __init__(self, service: SyncService) -> None:
        self.service = service
        self._stop = threading.Event()
        # A daemon: a request in flight (at most its timeout) never holds the kiosk open.
        self._thread = threading.Thread(target=self._run, name="hub-sync", daemon=True)

    def _run(self) -> None:
        try:
            self.service.run_forever(self._stop)
        except Exception:  # never the visitor's problem: the kiosk runs on alone
            log.exception("hub sync stopped by a fault; the kiosk works on without the hub")

    def start(self) -> None:
        """Start syncing in the background."""
        self._thread.start()

    def close(self, timeout: float = 5.0) -> None:
        """Stop syncing; waits up to `timeout` seconds for a request in flight."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)


# --- the protocol's JSON --------------------------------------------------------------------


def _message_json(message: Message) -> dict[str, Any]:
    return {
        "uid": message.uid,
        "number": message.id,
        "text": message.text,
        "day": message.day.isoformat(),
        # Within the hub's bounds (hub/protocol.md), so one odd message never blocks the rest.
        "reasons": [
            {"code": reason.why.value, "details": [d[:500] for d in reason.details[:20]]}
            for reason in message.reasons[:20]
        ],
        "urgent": message.urgent,
        "held": message.held,
    }


def _decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "uid": decision.uid,
        "status": decision.status.value,
        "text": decision.text,
        "day": decision.day.isoformat(),
    }


def _within_budget(messages: list[Message]) -> list[Message]:
    """The oldest messages that fit in one request's body (at least one)."""
    size = 0
    for index, message in enumerate(messages):
        size += len(json.dumps(_message_json(message), ensure_ascii=False).encode("utf-8")) + 2
        if index and size > BODY_BUDGET:
            return messages[:index]
    return messages


def _fingerprint(rows: list[tuple[dt.date, str, str, int]]) -> str:
    """A short digest of usage rows: the same rows need not be sent again."""
    encoded = json.dumps([[d.isoformat(), n, i, c] for d, n, i, c in rows]).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:32]


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _read_answer(
    answer: dict[str, Any],
) -> tuple[list[str], list[tuple[str, str]], list[Change], int, bool]:
    """The parts of a sync answer, checked; HubError(SERVER_ERROR) when it is not the protocol's."""
    try:
        accepted = [str(uid) for uid in answer["accepted"]]
        outcomes = [(str(d["uid"]), str(d["outcome"])) for d in answer["decisions"]]
        changes = [
            Change(
                uid=str(c["uid"]),
                text=str(c["text"]),
                day=dt.date.fromisoformat(str(c["day"])),
                status=Status(c["status"]),
                reasons=tuple(dict(r) for r in c.get("reasons") or ()),
                urgent=bool(c.get("urgent", False)),
                held=bool(c.get("held", False)),
            )
            for c in answer["changes"]
        ]
        cursor = int(answer["cursor"])
        more = bool(answer.get("more", False))
    except (KeyError, TypeError, ValueError) as error:
        log.warning("hub sync: the hub's answer is not the protocol's (%s)", type(error).__name__)
        raise HubError(Failure.SERVER_ERROR) from error
    return accepted, outcomes, changes, cursor, more
