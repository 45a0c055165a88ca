"""Reading staff-edited files safely: size limits, encodings, paths that stay inside.

Everything here raises `FileProblem` with plain words (and a line when there is one), so the
callers can turn it into a `Problem` and skip just the item at fault.

Every content file is read through `read_bytes` (text through `read_text`), or, when a
library opens it by name (a spreadsheet, a recording), checked by `regular_size` first: only
an ordinary file is read, opened without waiting (a pipe would hang the reader for ever), and
one over its stated size is refused before a byte of it is read (`ln -s /dev/zero kiosk.toml`
once read until memory ran out; issue 30.4).
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


class FileProblem(Exception):
    """A file that cannot be used, with words for the staff member who can fix it."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def link_problem(path: Path, root: Path) -> str | None:
    """Why `path` cannot be used from the content folder `root`, or None when it can.

    The words follow "this file" or "this folder": a link that leads back to itself, a link
    to something that is not there, and anything whose real place is outside `root` are
    refused. A path that is simply not there gives None (callers say that in their own words).
    """
    try:
        real = path.resolve(strict=True)
        # A real path under `root` as written needs no more (`root` is then real too);
        # only otherwise is `root` itself resolved (a content folder reached by a link).
        inside = real.is_relative_to(root) or real.is_relative_to(root.resolve())
    except FileNotFoundError:
        return "is a link to something that is not there" if path.is_symlink() else None
    except (OSError, RuntimeError):  # a loop: RuntimeError up to Python 3.12, OSError after
        return "is a link that leads back to itself"
    return None if inside else "points outside the content folder"


def is_inside(path: Path, root: Path) -> bool:
    """True when `path`, with links followed, is within `root` and can be used from there."""
    return link_problem(path, root) is None


def size_words(size: int) -> str:
    """Say a file size the way a person would: "52 MB", "900 KB"."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.0f} MB"
    return f"{max(1, size // 1000)} KB"


def _too_big(size: int, max_bytes: int) -> FileProblem:
    return FileProblem(
        f"this file is too big ({size_words(size)}); it should be under "
        f"{size_words(max_bytes)}. Check that it is the right file."
    )


def _not_regular(path: Path) -> FileProblem:
    return FileProblem(
        f"{path.name} is not an ordinary saved file (it is a device, a pipe or a folder, "
        "perhaps through a link), so the kiosk does not read it. Put a saved file here instead."
    )


def regular_size(path: Path, *, max_bytes: int) -> int:
    """The size of `path`, an ordinary file of at most `max_bytes`; else FileProblem.

    For files a library opens by name: call this first, and the library never meets a
    device, a pipe or a file far too big.
    """
    try:
        found = path.stat()
    except OSError as error:
        raise FileProblem(f"the kiosk cannot open this file ({error.strerror}).") from error
    if not stat.S_ISREG(found.st_mode):
        raise _not_regular(path)
    if found.st_size > max_bytes:
        raise _too_big(found.st_size, max_bytes)
    return found.st_size


def read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of `path`: an ordinary file of at most `max_bytes`, else FileProblem.

    Opened without waiting (O_NONBLOCK: a pipe or a device cannot hold the reader up) and
    looked at before reading; read no further than the limit even if the file grows.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise FileProblem(f"the kiosk cannot open this file ({error.strerror}).") from error
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise _not_regular(path)
        if found.st_size > max_bytes:
            raise _too_big(found.st_size, max_bytes)
        with os.fdopen(os.dup(fd), "rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        raise FileProblem(f"the kiosk cannot read this file ({error.strerror}).") from error
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)  # it grew while being read
    return data


def read_text(path: Path, *, max_bytes: int, legacy: bool = False) -> tuple[str, str | None]:
    """Read a text file as saved by an ordinary editor or spreadsheet program.

    UTF-8 (with or without the byte-order mark a spreadsheet adds) and UTF-16 with a
    byte-order mark are read as they are. With `legacy`, text that is not UTF-8 is read as
    Windows-1252, which older spreadsheet programs write; the second item returned then names
    that encoding so the caller can mention it. Files over `max_bytes` are refused before
    being read.
    """
    data = read_bytes(path, max_bytes=max_bytes)
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), None
    if b"\x00" in data:
        raise FileProblem(
            "this is not a plain text file (perhaps a word-processor document). "
            "Save it as plain text instead."
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        if legacy:
            try:
                return data.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:
                pass
        raise FileProblem(
            "this file is not saved as UTF-8 text, so some letters cannot be read. "
            "In your editor choose Save As and pick UTF-8.",
            line,
        ) from error


def read_toml(path: Path, *, max_bytes: int = 256_000) -> tuple[dict[str, Any], str]:
    """Parse a TOML settings file; return the data and the text (for finding lines)."""
    text, _ = read_text(path, max_bytes=max_bytes)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        found = _TOML_POSITION.search(str(error))
        line = int(found.group(1)) if found else None
        if line is not None and (curly := _curly_quotes(text, line)):
            raise FileProblem(curly, line) from error
        reason = _TOML_POSITION.sub("", str(error)).strip()
        raise FileProblem(
            f"this line is not written the way the kiosk expects ({reason}). "
            'Settings look like: title = "My story"',
            line,
        ) from error
    except ValueError as error:
        # A number thousands of digits long: Python refuses to turn it into an int (the
        # 4,300-digit limit) with a plain ValueError, not tomllib's own error.
        raise FileProblem(
            "this file has a number thousands of digits long; no setting needs one. "
            "Settings look like: idle_timeout_seconds = 90"
        ) from error
    except RecursionError as error:
        # tomllib reads nested [ [ [ ... by recursion: thousands of them exhaust the stack.
        raise FileProblem(
            "this file has brackets inside brackets, far deeper than any setting needs. "
            'Settings look like: title = "My story"'
        ) from error


_CURLY_DOUBLE = "\u201c\u201d\u201e\u201f\u2033"  # “ ” „ ‟ ″
_CURLY_SINGLE = "\u2018\u2019\u201a\u201b\u2032"  # ‘ ’ ‚ ‛ ′


def _curly_quotes(text: str, line: int) -> str:
    """Plain words for a line that fails because of curly quotes; "" if it has none.

    A word processor, a phone or a web page turns "straight" quotes into “curly” ones as
    staff type, and TOML reads only straight ones: name the marks, the line, and the line
    as it should be written, when straightening them is all it needs.
    """
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    written = lines[line - 1]
    marks = "".join(dict.fromkeys(c for c in written if c in _CURLY_DOUBLE + _CURLY_SINGLE))
    if not marks:
        return ""
    double = written.translate({ord(c): '"' for c in _CURLY_DOUBLE})
    both = double.translate({ord(c): "'" for c in _CURLY_SINGLE})
    fixed = next((candidate for candidate in (double, both) if _parses(candidate)), "")
    words = (
        f"line {line} has curly quotes ({' '.join(marks)}), which settings cannot use: "
        "quotes must be straight (\" or '), as a plain text editor types them."
    )
    return f"{words} Write it as: {fixed.strip()}" if fixed else words


def _parses(line: str) -> bool:
    try:
        tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        return False
    return True


def key_line(text: str, key: str, start: int = 1) -> int | None:
    """Return the line number where `key = ...` is first set, at or after line `start`."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number, line in enumerate(text.splitlines()[start - 1 :], start):
        if pattern.match(line):
            return number
    return None


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return ' Did you mean "x"?' for a near miss, or an empty string."""
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""
