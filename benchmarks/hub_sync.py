"""The hub at scale (issue 35): 2,000 kiosks syncing every 10 s against one hub and one PostgreSQL.

Everything real on this machine: Debian's PostgreSQL in a cluster of its own, the hub as it
is served (`mutuality-hub serve`: gunicorn with its usual process count, 2 x cores + 1), and a
load of 2,000 simulated kiosks, each with its own token, in 100 centres of 20. Each kiosk
sends on its own 10-second beat (open loop: a slow answer does not slow the beat), as the
real sync does when it has nothing waiting; about one kiosk in 600 has a new message on a
beat (six messages a minute across the 2,000) and a few usage counts change.

Two phases, the same kiosks and server:
- the baseline: `POST /api/v1/ping`, an authenticated request that does nothing;
- the sync: `POST /api/v1/sync` with each kiosk's cursor, as hub/protocol.md says.

Prints each phase's round trips (p50, p95, p99, worst), errors, and the sync's p95 over the
baseline's. Not a test: nothing here has a target yet; the README's "Scale" section reads
these figures.

    .venv/bin/python -m benchmarks.hub_sync [--kiosks 2000] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.hub_rig import BIN, Hub

PERIOD = 10.0
PER_CENTRE = 20


@dataclass
class Simulated:
    """One simulated kiosk: its token, its cursor, its numbering."""

    token: str
    since: int = 0
    number: int = 0
    day: str = field(default_factory=lambda: time.strftime("%Y-%m-%d"))


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def post(port: int, path: str, token: str, body: bytes) -> tuple[int, bytes]:
    """One HTTP/1.1 request on a new connection (gunicorn's sync workers close each one)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
            + body
        )
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
    head, _, payload = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    return status, payload


def sync_body(kiosk: Simulated, chance: random.Random) -> bytes:
    messages = []
    if chance.random() < 1 / 600:
        kiosk.number += 1
        from ulid import ULID

        messages.append(
            {
                "uid": str(ULID()),
                "number": kiosk.number,
                "text": "You are not alone; this place helped me.",
                "day": kiosk.day,
                "reasons": [],
                "urgent": False,
                "held": False,
            }
        )
    usage = [
        {"day": kiosk.day, "name": "story_heard", "item": "", "count": kiosk.number + 1}
    ] if chance.random() < 0.1 else []  # fmt: skip
    from ulid import ULID

    return json.dumps(
        {
            "protocol": 1,
            "request": str(ULID()),
            "kiosk_today": kiosk.day,
            "since": kiosk.since,
            "messages": messages,
            "decisions": [],
            "usage": usage,
            "doctor": None,
        }
    ).encode()


async def one_kiosk(
    port: int, kiosk: Simulated, path: str, until: float, tally: Tally, seed: int
) -> None:
    chance = random.Random(seed)
    await asyncio.sleep(chance.uniform(0, PERIOD))
    beat = time.monotonic()
    while beat < until:
        body = sync_body(kiosk, chance) if path.endswith("sync") else b"{}"
        started = time.monotonic()
        try:
            status, payload = await asyncio.wait_for(post(port, path, kiosk.token, body), 30)
        except (OSError, TimeoutError) as error:
            tally.error(type(error).__name__)
        else:
            tally.times.append(time.monotonic() - started)
            if status != 200:
                tally.error(f"HTTP {status}")
            elif path.endswith("sync"):
                kiosk.since = int(json.loads(payload)["cursor"])
        beat += PERIOD
        await asyncio.sleep(max(0.0, beat - time.monotonic()))


async def phase(port: int, kiosks: list[Simulated], path: str, seconds: float) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(*(one_kiosk(port, k, path, until, tally, n) for n, k in enumerate(kiosks)))
    return tally


def report(name: str, tally: Tally, seconds: float) -> float:
    times = tally.times
    p50, p95, p99 = (percentile(times, s) * 1000 for s in (0.5, 0.95, 0.99))
    errors = sum(tally.errors.values())
    print(
        f"{name:<9} {len(times) / seconds:6.1f}/s  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
        f"p99 {p99:7.1f} ms  worst {max(times) * 1000:7.1f} ms  mean "
        f"{statistics.fmean(times) * 1000:6.1f} ms  errors {errors} {tally.errors or ''}"
    )
    return p95


def make_kiosks(hub: Hub, count: int) -> list[Simulated]:
    """`count` kiosks in centres of 20, each joined with a code of the hub's own."""
    output = subprocess.run(
        [str(BIN / "python"), "-m", "benchmarks.hub_seed", str(count), str(PER_CENTRE)],
        env=hub.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [Simulated(token) for token in output.split()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiosks", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    workers = 2 * (os.cpu_count() or 1) + 1
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as folder:
        hub = Hub(Path(folder), workers=workers)
        try:
            hub.create()
            kiosks = make_kiosks(hub, args.kiosks)
            print(
                f"{len(kiosks)} kiosks every {PERIOD:.0f} s ({len(kiosks) / PERIOD:.0f} a "
                f"second), one hub ({workers} gunicorn workers) and one PostgreSQL, "
                f"{os.cpu_count()} cores, {args.seconds:.0f} s a phase"
            )
            asyncio.run(phase(hub.port, kiosks, "/api/v1/ping", 15))  # warm up
            ping = report(
                "ping",
                asyncio.run(phase(hub.port, kiosks, "/api/v1/ping", args.seconds)),
                args.seconds,
            )
            sync = report(
                "sync",
                asyncio.run(phase(hub.port, kiosks, "/api/v1/sync", args.seconds)),
                args.seconds,
            )
            print(f"sync p95 / ping p95: {sync / ping:.2f}")
        finally:
            hub.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
