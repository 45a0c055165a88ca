"""The long fuzz run asked for by issues 11 and 30: the suite's targets, many more cases.

The same generators and checks as tests/unit/test_fuzz.py (tests/support/fuzzing.py), 10,000
cases each unless the target asks for more:
- keyboard: hostile bytes into the terminal driver's decoder and Textual's input parser,
- sequences (issue 30.1, 100,000 cases): CSI, SS3, OSC, DCS, kitty and mouse reports, well
  and badly made, cut at any byte, through the same decoder and parser,
- message: hostile strings through screening, the SQLite store and moderation,
- content: the sample content with files mutated, through the loader,
- recording (issue 13): random or damaged files named as phone recordings, through the
  content check's length and the player's decode.
- srt: text shaped like a SubRip transcript, through the .srt reader.

Every case runs to its end: a crash is counted, the first few are printed with their
input, and the run goes on. Prints per target the cases, crashes and time taken; exits 1 if
anything crashed. A crash found here is shrunk by the suite's own test for that target.

    .venv/bin/python -m benchmarks.fuzz [--cases N] [--seed S] [--only NAME]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from tests.support.fuzzing import TARGETS, Target

SHOWN = 3
"""Crashes printed in full per target; the rest are counted."""


def fuzz(target: Target, cases: int, seed: int, scratch: Path) -> tuple[int, int, float]:
    """Run `cases` cases of `target`; return (cases run, crashes, seconds)."""
    check = target.check(scratch)
    ran = crashes = 0

    @hypothesis_seed(seed)
    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(target.cases())
    def one(case: Any) -> None:
        nonlocal ran, crashes
        ran += 1
        try:
            check(case)
        except Exception:
            crashes += 1
            if crashes <= SHOWN:
                shown = repr(case)
                shown = shown if len(shown) < 600 else shown[:600] + "…"
                print(f"\n{target.name}: crash on {shown}\n{traceback.format_exc()}")

    start = time.perf_counter()
    one()
    return ran, crashes, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, help="cases per target (default: the target's own)")
    parser.add_argument("--seed", type=int, default=11, help="the same seed, the same cases")
    parser.add_argument("--only", choices=[t.name for t in TARGETS], action="append")
    args = parser.parse_args(argv)
    # The loader logs every content problem: thousands of warnings say nothing here.
    logging.disable(logging.WARNING)
    total = 0
    print(f"fuzz: {args.cases or 'the usual'} cases per target, seed {args.seed}")
    print(f"{'target':<10} {'cases':>8} {'crashes':>8} {'seconds':>9}")
    # In memory where there is a tmpfs: the store's fsync is then free, and the cases many.
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() else None
    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-", dir=where) as tmp:
        for target in TARGETS:
            if args.only and target.name not in args.only:
                continue
            scratch = Path(tmp) / target.name
            scratch.mkdir()
            cases = args.cases or target.long_run
            ran, crashes, seconds = fuzz(target, cases, args.seed, scratch)
            total += crashes
            print(f"{target.name:<10} {ran:>8} {crashes:>8} {seconds:>9.1f}", flush=True)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
