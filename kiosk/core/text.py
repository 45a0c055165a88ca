"""Make any text from content files or visitors safe to show and speak.

Text reaches the screen from staff-edited files and from visitors. Neither may steer the
terminal: control characters (escape sequences among them) and bidirectional overrides are
removed here, once, as text enters the kiosk. Markup is a separate matter: the UI shows text
literally (never parsed as markup), so brackets need no escaping here.
"""

from __future__ import annotations

import re
import unicodedata

from kiosk.core.locale import Pack, english

# C0 controls except tab and newline, DEL, C1 controls (0x80-0x9f, including CSI 0x9b),
# the bidirectional embeddings, overrides and isolates that can disguise text, and lone
# surrogates (a str never holds a valid pair as surrogates, and one cannot be stored or drawn).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SPACES = re.compile(r"[ \t]+")


def clean(text: str) -> str:
    r"""Return `text` with every character that could steer a terminal removed.

    Line breaks are normalised to `\\n`; other whitespace is kept. Cleaning clean text
    changes nothing.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Composed after the unsafe characters are out: one between a letter and its accent
    # would otherwise leave them apart, and cleaning again (as the store does) would join
    # them, so what was saved would differ from what the preview showed.
    return unicodedata.normalize("NFC", _UNSAFE.sub("", text))


def one_line(text: str) -> str:
    """Return `clean(text)` folded onto one line with single spaces."""
    return _SPACES.sub(" ", clean(text).replace("\n", " ")).strip()


def plural(count: int, word: str, words: str | None = None) -> str:
    """Return "1 story" / "3 stories" style counts (in English, for staff)."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def duration_words(seconds: float, pack: Pack | None = None) -> str:
    """Say a length the way people do: "under a minute", "4 minutes"."""
    pack = pack or english()
    minutes = round(seconds / 60)
    if minutes < 1:
        return pack.t("time.under_a_minute")
    return pack.count("time.minutes", minutes)


def whole_seconds(seconds: float) -> int:
    """The whole seconds a play position is shown and said as, counted as a clock counts.

    The one rule for both (`clock_time`, `time_words`): 12.6 seconds in is 0:12 on the
    screen, so it is "12 seconds" aloud too (it was said "13", by ear, issue 34).
    """
    return max(0, int(seconds))


def time_words(seconds: float, pack: Pack | None = None) -> str:
    """Say a play position: "1 minute 5 seconds", "40 seconds" (as `clock_time` shows it)."""
    pack = pack or english()
    whole = whole_seconds(seconds)
    minutes, secs = divmod(whole, 60)
    if not minutes:
        return pack.count("time.seconds", secs)
    if not secs:
        return pack.count("time.minutes", minutes)
    return pack.t(
        "time.minutes_and_seconds",
        minutes=pack.count("time.minutes", minutes),
        seconds=pack.count("time.seconds", secs),
    )


def clock_time(seconds: float) -> str:
    """Format a play position as m:ss (or h:mm:ss for long recordings), as `time_words` says it."""
    whole = whole_seconds(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
