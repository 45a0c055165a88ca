"""`kiosk display`: the service's main process. It runs cage, on pixman if the GPU fails it.

cage draws with the GPU (wlroots' GLES2 renderer) by default. On a weak or odd GPU that can
fail at once (no driver, or a driver that crashes, as Mesa's kms_swrast did under QEMU), and a
unit that only restarted cage would fail the same way for ever. So: when cage fails within
`FALLBACK_SECONDS` of starting on the default renderer, the choice of pixman (drawing on the
CPU, slower but everywhere) is written down and cage starts again on it at once; every later
start goes straight to pixman. Delete the renderer file to try the GPU again. A renderer set
by hand (WLR_RENDERER in a drop-in) is left alone.

cage runs in a process group of its own, and whatever is left in it when cage ends is ended
too: a cage that crashed left `kiosk session` running, which then started foot and a second
kiosk in the next cage (two kiosks talking at once, seen by `make boot-test`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

log = logging.getLogger("kiosk.display")

FALLBACK = "pixman"
FALLBACK_SECONDS = 15.0
"""A cage that fails sooner than this never showed the kiosk: its renderer is to blame."""

Start = Callable[[Sequence[str], Mapping[str, str]], int]
"""Run a command with an environment to its end; its exit status (negative for a signal)."""


def call(command: Sequence[str], environ: Mapping[str, str]) -> int:
    """Run `command` with `environ` to its end, then end what it left running (SIGTERM).

    It runs in a process group of its own, so that what is left is exactly its group.
    """
    process = subprocess.Popen(list(command), env=dict(environ), process_group=0)
    try:
        return process.wait()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)


def run_display(
    command: Sequence[str],
    renderer_file: Path,
    *,
    environ: Mapping[str, str] | None = None,
    start: Start = call,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Run `command` (cage and the kiosk); once on pixman if the default renderer failed."""
    environ = dict(os.environ if environ is None else environ)
    if "WLR_RENDERER" in environ or _chosen(renderer_file) == FALLBACK:
        return start(command, {"WLR_RENDERER": FALLBACK, **environ})
    began = clock()
    status = start(command, environ)
    if status == 0 or clock() - began >= FALLBACK_SECONDS:
        return status
    log.warning(
        "cage failed (status %d) %.1f s after it started: starting it again on the %s "
        "renderer, and from now on (delete %s to try the GPU again)",
        status,
        clock() - began,
        FALLBACK,
        renderer_file,
    )
    try:
        renderer_file.write_text(f"{FALLBACK}\n", "utf-8")
    except OSError as error:
        log.error(
            "could not write %s (%s): the next start tries the GPU again",
            renderer_file,
            error.strerror,
        )
    return start(command, {**environ, "WLR_RENDERER": FALLBACK})


def _chosen(renderer_file: Path) -> str:
    try:
        return renderer_file.read_text("utf-8").strip()
    except OSError:
        return ""
