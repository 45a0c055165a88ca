"""Keep the visitor's screen clean while the kiosk runs.

Textual draws on the terminal through `sys.__stderr__`. C libraries under the kiosk (ALSA,
PortAudio, espeak-ng) may write warnings straight to file descriptors 1 and 2, which would
scribble over the screen. While the kiosk runs, descriptor 2 goes to the log file and 1 to
nowhere; Textual keeps a private copy of the real terminal.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def protect_screen(log_file: Path) -> Iterator[None]:
    """Send stray output from libraries to `log_file` for the duration of the block."""
    if not sys.__stderr__ or not sys.__stderr__.isatty():
        yield
        return
    saved_out, saved_err = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(2), "w", buffering=1, encoding=sys.__stderr__.encoding or "utf-8")
    original = sys.__stderr__
    try:
        with log_file.open("ab") as log, open(os.devnull, "wb") as null:  # noqa: PTH123
            os.dup2(null.fileno(), 1)
            os.dup2(log.fileno(), 2)
        # Textual's driver draws on sys.__stderr__: point it at the private copy.
        setattr(sys, "__stderr__", terminal)  # noqa: B010
        yield
    finally:
        setattr(sys, "__stderr__", original)  # noqa: B010
        sys.stdout.flush()
        os.dup2(saved_out, 1)
        os.dup2(saved_err, 2)
        os.close(saved_out)
        os.close(saved_err)
        terminal.close()
