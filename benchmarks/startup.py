"""How long `kiosk run` takes to show its first screen in a real terminal, and its memory.

Starts the real kiosk in tmux (80x24) on the sample content, again and again, and times
from launch to the moment "Hear a story" is on the screen (polled every 5 ms). Then reads
the resident memory of the idle kiosk.

    .venv/bin/python -m benchmarks.startup [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.no_model import hiding_english_model
from tests.support.paths import SAMPLE_CONTENT

KIOSK = Path(sys.executable).parent / "kiosk"
CONTENT = SAMPLE_CONTENT


def tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True).stdout


def one_start(data: Path) -> tuple[float, int]:
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    command = f"exec {KIOSK} run --content {CONTENT} --data {data}"
    hide = [f"-e{k}={v}" for k, v in hiding_english_model(data.parent).items()]
    began = time.perf_counter()
    tmux(socket, "new-session", "-d", "-s", "k", "-x", "80", "-y", "24", *hide, command)
    try:
        while "Hear a story" not in tmux(socket, "capture-pane", "-p", "-t", "k"):
            if time.perf_counter() - began > 30:
                raise RuntimeError("the kiosk did not start within 30 s")
            time.sleep(0.005)
        elapsed = time.perf_counter() - began
        time.sleep(1.0)  # settle, then measure the idle kiosk
        pid = tmux(socket, "display-message", "-p", "-t", "k", "#{pane_pid}").strip()
        rss_kb = int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0])
        return elapsed, rss_kb
    finally:
        tmux(socket, "kill-server")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        one_start(data)  # warm the disk cache, as on a kiosk that has started before
        results = [one_start(data) for _ in range(runs)]
    times = sorted(t for t, _ in results)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"kiosk run -> first screen, {runs} runs: median {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms  (target: well under 2000 ms)"
    )
    rss = [r for _, r in results]
    print(
        f"resident memory of the idle kiosk (no story playing, no voice model): median {statistics.median(rss) / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
