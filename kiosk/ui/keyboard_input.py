"""Bytes from the keyboard that are not text are dropped and counted, never fatal.

Textual's Linux driver decodes what the terminal sends with a strict UTF-8 decoder in its
input thread: one stray byte (a keyboard set to send 8-bit bytes, `tmux send-keys -H ff`)
raises UnicodeDecodeError there, the thread dies and the app panics, and the kiosk is gone.
Textual has no setting for this, so the decoder the driver asks for is swapped, at that one
point, for the same decoder with an error handler that drops what cannot be read and counts
it (issue 11.1). Everything that is valid UTF-8 decodes exactly as before.
"""

from __future__ import annotations

import codecs
import threading
from typing import Any

from textual.drivers import linux_driver

ERRORS = "kiosk-drop-undecodable"

_lock = threading.Lock()
_dropped = 0


def _drop(error: UnicodeError) -> tuple[str, int]:
    """The error handler: nothing in place of the bytes that are not text; count them."""
    global _dropped
    if not isinstance(error, UnicodeDecodeError):
        raise error
    with _lock:
        _dropped += error.end - error.start
    return "", error.end


def take_dropped() -> int:
    """How many bytes were dropped since the last call (the app logs the count)."""
    global _dropped
    with _lock:
        count, _dropped = _dropped, 0
    return count


def _forgiving_decoder(encoding: str) -> Any:
    """What `codecs.getincrementaldecoder` gives, made to drop bytes it cannot decode."""
    decoder_class = codecs.getincrementaldecoder(encoding)
    return lambda errors=ERRORS: decoder_class(errors)


def install() -> None:
    """Make the Linux driver's input thread drop undecodable bytes (safe to call twice)."""
    codecs.register_error(ERRORS, _drop)
    linux_driver.getincrementaldecoder = _forgiving_decoder  # type: ignore[attr-defined]
