"""Keep the visitor's screen clean while the kiosk runs, and give the terminal back after.

Textual draws on `sys.__stderr__` and measures the terminal through `sys.__stdout__`.
While the kiosk runs both are private copies of the terminal, and descriptors 1 and 2 go to
a log file instead: C libraries (Vosk, Kaldi, OpenFST, ALSA, espeak) write their complaints
straight to those descriptors, and behind the visitor's screen they would scribble over it.
sounddevice also swaps descriptor 2 while PortAudio starts; with the screen on its own
descriptor that swap touches only the log.
"""

from __future__ import annotations

import contextlib
import os
import sys
import termios
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

# Leave the alternate screen, show the cursor, stop mouse reports and bracketed paste, and
# put the keypad back in numeric mode (the kiosk asked for application mode: kiosk/ui/keypad.py).
_RESTORE = b"\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b>"


def _terminal_modes() -> list[object] | None:
    try:
        return termios.tcgetattr(sys.__stdin__.fileno()) if sys.__stdin__ else None
    except (termios.error, OSError, ValueError):
        return None


@contextlib.contextmanager
def protect_screen(native_log: Path | None = None) -> Iterator[None]:
    """Give the screen its own descriptor and send 1 and 2 to `native_log` (or nowhere).

    Afterwards, make sure the terminal is as it was.

    Textual restores the terminal itself on the way out; this repeats the essentials in
    case a signal cut that short, so staff never find a terminal that seems frozen.
    """
    if not sys.__stderr__ or not sys.__stderr__.isatty():
        yield
        return
    modes = _terminal_modes()
    saved_out, saved_err = os.dup(1), os.dup(2)
    real_out, real_err = sys.__stdout__, sys.__stderr__
    screen = _private_copy(2)
    size = _private_copy(2)
    try:
        target = str(native_log) if native_log is not None else os.devnull
        try:
            sink = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError:
            sink = os.open(os.devnull, os.O_WRONLY)
        sys.stdout.flush()
        os.dup2(sink, 1)
        os.dup2(sink, 2)
        os.close(sink)
        sys.__stderr__, sys.__stdout__ = screen, size  # type: ignore[misc,assignment]
        # Textual measures with shutil, which believes COLUMNS and LINES first; they are a
        # snapshot from whoever started us and go stale the moment the window changes.
        for name in ("COLUMNS", "LINES"):
            os.environ.pop(name, None)
        yield
    finally:
        sys.__stderr__, sys.__stdout__ = real_err, real_out  # type: ignore[misc]
        sys.stdout.flush()
        os.dup2(saved_out, 1)
        os.dup2(saved_err, 2)
        os.close(saved_out)
        os.close(saved_err)
        for copy in (screen, size):
            with contextlib.suppress(OSError):
                copy.close()
        with contextlib.suppress(OSError):
            os.write(2, _RESTORE)
        if modes is not None and sys.__stdin__ is not None:
            with contextlib.suppress(termios.error, OSError, ValueError):
                termios.tcsetattr(sys.__stdin__.fileno(), termios.TCSADRAIN, modes)  # type: ignore[arg-type]


def _private_copy(fd: int) -> TextIO:
    """A text file on a new descriptor for the same terminal as `fd`."""
    encoding = getattr(sys.__stderr__, "encoding", None) or "utf-8"
    return open(os.dup(fd), "w", encoding=encoding, errors="replace")  # noqa: PTH123
