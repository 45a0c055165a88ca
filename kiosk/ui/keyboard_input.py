"""Bytes from the keyboard that are not text are dropped and counted, never fatal.

Textual's Linux driver decodes what the terminal sends with a strict UTF-8 decoder in its
input thread: one stray byte (a keyboard set to send 8-bit bytes, `tmux send-keys -H ff`)
raises UnicodeDecodeError there, the thread dies and the app panics, and the kiosk is gone.
Textual has no setting for this, so the decoder the driver asks for is swapped, at that one
point, for the same decoder with an error handler that drops what cannot be read and counts
it (issue 11.1). Everything that is valid UTF-8 decodes exactly as before.

The same decoder takes out bracketed-paste markers (ESC [200~ and ESC [201~). A visitor has
nothing to paste, and a marker typed or sent by mistake made Textual swallow every key until
the closing one; without the markers, pasted text (if any) arrives as the keys it is.
"""

from __future__ import annotations

import codecs
import threading
from typing import Any

from textual.drivers import linux_driver

ERRORS = "kiosk-drop-undecodable"

PASTE_MARKERS = ("\x1b[200~", "\x1b[201~")
_PREFIXES = tuple(sorted({m[:n] for m in PASTE_MARKERS for n in range(2, len(m))}, key=len))
"""Starts of a marker that a read may end with. Never a lone ESC: that is the Escape key, and
holding it back would hold the key back; so a marker cut right after its ESC goes through."""

_lock = threading.Lock()
_dropped = 0
_markers = 0


def _drop(error: UnicodeError) -> tuple[str, int]:
    """The error handler: nothing in place of the bytes that are not text; count them."""
    global _dropped
    if not isinstance(error, UnicodeDecodeError):
        raise error
    with _lock:
        _dropped += error.end - error.start
    return "", error.end


def take_dropped() -> tuple[int, int]:
    """Bytes dropped and paste markers taken out since the last call (the app logs them)."""
    global _dropped, _markers
    with _lock:
        counts, _dropped, _markers = (_dropped, _markers), 0, 0
    return counts


class KeyboardDecoder:
    """UTF-8 from the terminal, read by read: drops what is not text and the paste markers."""

    def __init__(self, errors: str = ERRORS) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors)
        self._held = ""
        """The start of a paste marker that a read ended with, kept for the next read."""

    def decode(self, data: bytes, final: bool = False) -> str:
        """The text of one read (the driver's only call)."""
        global _markers
        text, self._held = self._held + self._utf8.decode(data, final), ""
        # Until none is left: taking one out can join the halves of another around it.
        while any(marker in text for marker in PASTE_MARKERS):
            for marker in PASTE_MARKERS:
                with _lock:
                    _markers += text.count(marker)
                text = text.replace(marker, "")
        if not final:
            held = next((p for p in reversed(_PREFIXES) if text.endswith(p)), "")
            if held:
                text, self._held = text[: -len(held)], held
        return text


def _forgiving_decoder(encoding: str) -> Any:
    """What `codecs.getincrementaldecoder` gives the driver: the keyboard's own decoder."""
    if encoding.replace("-", "").lower() != "utf8":
        return codecs.getincrementaldecoder(encoding)
    return KeyboardDecoder


codecs.register_error(ERRORS, _drop)


def install() -> None:
    """Make the Linux driver's input thread drop undecodable bytes (safe to call twice)."""
    linux_driver.getincrementaldecoder = _forgiving_decoder  # type: ignore[attr-defined]
