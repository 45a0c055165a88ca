"""`kiosk display`: cage on the GPU, and on pixman for good once the GPU failed it (issue 31)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from kiosk.system.display import FALLBACK_SECONDS, call, run_display

CAGE = ["/usr/bin/cage", "-d", "--", "kiosk", "session"]


class Cage:
    """cage's stand-in: each start takes `seconds` on a clock of its own and gives a status."""

    def __init__(self, *results: tuple[float, int]) -> None:
        self.results = list(results)
        self.renderers: list[str | None] = []
        self.now = 0.0

    def start(self, command: Sequence[str], environ: Mapping[str, str]) -> int:
        assert list(command) == CAGE
        self.renderers.append(environ.get("WLR_RENDERER"))
        seconds, status = self.results.pop(0)
        self.now += seconds
        return status

    def clock(self) -> float:
        return self.now


def run(cage: Cage, renderer_file: Path, environ: Mapping[str, str] | None = None) -> int:
    return run_display(
        CAGE, renderer_file, environ=environ or {}, start=cage.start, clock=cage.clock
    )


def test_a_gpu_that_fails_at_once_gives_way_to_pixman_now_and_at_every_later_start(
    tmp_path: Path,
) -> None:
    chosen = tmp_path / "renderer"
    cage = Cage((1.0, -11), (600.0, 0))  # kms_swrast's segfault, then a good day on pixman
    assert run(cage, chosen) == 0
    assert cage.renderers == [None, "pixman"]
    assert chosen.read_text() == "pixman\n"
    later = Cage((600.0, 1))
    assert run(later, chosen) == 1  # straight to pixman; a failure there is the service's
    assert later.renderers == ["pixman"]


def test_pixman_failing_too_is_not_tried_again_and_again(tmp_path: Path) -> None:
    cage = Cage((1.0, 1), (1.0, 1))
    assert run(cage, tmp_path / "renderer") == 1
    assert cage.renderers == [None, "pixman"]  # once each in a start; systemd restarts it


def test_a_kiosk_that_ran_a_while_keeps_the_gpu(tmp_path: Path) -> None:
    chosen = tmp_path / "renderer"
    cage = Cage((FALLBACK_SECONDS + 1, 1))
    assert run(cage, chosen) == 1
    assert cage.renderers == [None]
    assert not chosen.exists()


def test_a_renderer_set_by_hand_is_left_alone(tmp_path: Path) -> None:
    cage = Cage((1.0, 1))
    assert run(cage, tmp_path / "renderer", {"WLR_RENDERER": "vulkan"}) == 1
    assert cage.renderers == ["vulkan"]
    assert not (tmp_path / "renderer").exists()


def test_a_renderer_file_it_cannot_write_only_costs_the_next_start_a_try(tmp_path: Path) -> None:
    cage = Cage((1.0, 1), (600.0, 0))
    assert run(cage, tmp_path / "missing-folder" / "renderer") == 0
    assert cage.renderers == [None, "pixman"]


def ended(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped yet (PID 1 in a container may never)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status


def test_what_a_crashed_cage_left_running_is_ended_with_it(tmp_path: Path) -> None:
    """cage crashed on the GPU and `kiosk session`, its child, lived on and started a second
    kiosk in the next cage: two voices at once (`make boot-test`, issue 31)."""
    left = tmp_path / "left"
    # The stand-in for cage starts a child that would run for 5 minutes, then crashes.
    script = f"sleep 300 & echo $! > {left}; kill -SEGV $$"
    assert call(["/bin/sh", "-c", script], dict(os.environ)) == -signal.SIGSEGV
    child = int(left.read_text())
    deadline = time.monotonic() + 60
    while not ended(child):
        assert time.monotonic() < deadline, f"process {child} was left running"
        time.sleep(0.05)
