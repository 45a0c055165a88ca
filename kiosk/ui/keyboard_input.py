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

Textual's parser, which turns that text into keys, raises on some sequences a terminal may
send: a kitty key report with a sub-field (ESC [57400;1:3u, ESC [1;5:3A: `int("1:3")`) or a
code point past Unicode (ESC [4294967295u: OverflowError from `chr`). The exception ends the
input thread and the kiosk with it (issue 30.1; Textual 8.2.8, the newest, still does). The
driver's parser is swapped for KeyboardParser: a sequence Textual cannot read is dropped and
counted, and should anything else in the parser raise, it starts afresh on the next read.
"""

from __future__ import annotations

import codecs
import threading
from collections.abc import Iterable
from typing import Any

from textual import events
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver
from textual.keys import Keys
from textual.message import Message

ERRORS = "kiosk-drop-undecodable"

PASTE_MARKERS = ("\x1b[200~", "\x1b[201~")
_PREFIXES = tuple(sorted({m[:n] for m in PASTE_MARKERS for n in range(2, len(m))}, key=len))
"""Starts of a marker that a read may end with. Never a lone ESC: that is the Escape key, and
holding it back would hold the key back; so a marker cut right after its ESC goes through."""

_lock = threading.Lock()
_dropped = 0
_markers = 0
_sequences = 0


def _drop(error: UnicodeError) -> tuple[str, int]:
    """The error handler: nothing in place of the bytes that are not text; count them."""
    global _dropped
    if not isinstance(error, UnicodeDecodeError):
        raise error
    with _lock:
        _dropped += error.end - error.start
    return "", error.end


def _count_sequence() -> None:
    global _sequences
    with _lock:
        _sequences += 1


def take_dropped() -> tuple[int, int, int]:
    """Bytes dropped, paste markers taken out, sequences not read, since the last call.

    The app logs them.
    """
    global _dropped, _markers, _sequences
    with _lock:
        counts = (_dropped, _markers, _sequences)
        _dropped = _markers = _sequences = 0
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


class KeyboardParser(XTermParser):
    """Textual's input parser, which drops what it cannot read instead of raising."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self.restarts = 0
        """Times the parse started afresh after raising (the fuzz counts them)."""

    def _parse_extended_key(self, sequence: str) -> list[events.Key] | None:  # type: ignore[override]
        """A kitty or xterm key report as keys; one Textual cannot read as an ignored key.

        An ignored key ends the sequence (so its bytes are not typed as letters) and never
        reaches the app.
        """
        try:
            return XTermParser._parse_extended_key(self, sequence)
        except (ValueError, OverflowError):
            _count_sequence()
            return [events.Key(Keys.Ignore, sequence)]

    def feed(self, data: str) -> Iterable[Message]:
        """The events in `data`; whatever raises in the parser is dropped with the read."""
        try:
            yield from super().feed(data)
        except ParseError:
            raise  # fed after the end (the driver closing): the driver expects it
        except Exception:
            self._start_again()

    def tick(self) -> Iterable[Message]:
        """A sequence left waiting once the wait is over (Escape, say)."""
        try:
            yield from super().tick()
        except Exception:
            self._start_again()

    def _start_again(self) -> None:
        """A fresh parse after one raised (a generator that raised cannot go on)."""
        _count_sequence()
        self.restarts += 1
        self._gen = self.parse(self._tokens.append)
        self._awaiting = next(self._gen)
        self._timeout_time = None


codecs.register_error(ERRORS, _drop)


def install() -> None:
    """Make the Linux driver drop undecodable bytes and unreadable sequences (safe twice)."""
    linux_driver.getincrementaldecoder = _forgiving_decoder  # type: ignore[attr-defined]
    linux_driver.XTermParser = KeyboardParser  # type: ignore[attr-defined]
