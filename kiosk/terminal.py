"""Keep the visitor's screen clean while the kiosk runs, and give the terminal back after.

Textual draws on file descriptor 2. Python-level prints are captured by Textual and by the
speech thread; what is left is C libraries writing to descriptor 1 (stdout), which goes to
/dev/null while the kiosk runs. Descriptor 2 is left alone on purpose: sounddevice swaps it
briefly while PortAudio starts (to hide ALSA's start-up chatter), and two hands juggling the
same descriptor can send the screen into the log.
"""

from __future__ import annotations

import contextlib
import os
import sys
import termios
from collections.abc import Iterator

# Leave the alternate screen, show the cursor, stop mouse reports and bracketed paste.
_RESTORE = b"\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1003l\x1b[?1006l\x1b[?2004l"


def _terminal_modes() -> list[object] | None:
    try:
        return termios.tcgetattr(sys.__stdin__.fileno()) if sys.__stdin__ else None
    except (termios.error, OSError, ValueError):
        return None


@contextlib.contextmanager
def protect_screen() -> Iterator[None]:
    """Silence stdout for the block; afterwards, make sure the terminal is as it was.

    Textual restores the terminal itself on the way out; this repeats the essentials in
    case a signal cut that short, so staff never find a terminal that seems frozen.
    """
    if not sys.__stderr__ or not sys.__stderr__.isatty():
        yield
        return
    modes = _terminal_modes()
    saved_out = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:  # noqa: PTH123
            os.dup2(null.fileno(), 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved_out, 1)
        os.close(saved_out)
        with contextlib.suppress(OSError):
            os.write(2, _RESTORE)
        if modes is not None and sys.__stdin__ is not None:
            with contextlib.suppress(termios.error, OSError, ValueError):
                termios.tcsetattr(sys.__stdin__.fileno(), termios.TCSADRAIN, modes)  # type: ignore[arg-type]
