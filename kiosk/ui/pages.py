"""One description of a screen, from which both what is drawn and what is said are made.

A screen states its page once: its lines of words and its choices. `KioskScreen` draws each
line as a block of text and each choice as a numbered menu line, and says the same lines and
choices on arrival (row S1), so what a visitor sees and what a visitor hears cannot drift
apart. A line may be said differently from how it is shown only to be said well (a phone
number digit by digit, "*" as "star"); a line that is shown but never said is marked
`private` (a visitor's own message, row S7) or is not words at all (`said=""`, a chart).

Like Orca's generators (GNOME/orca `generator.py`): one description, two renderings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content

from kiosk.ui.widgets.menu import MenuItem

_ENDS = (".", "!", "?", ":", "。")


@dataclass(frozen=True)
class Line:
    """One block of words on a screen."""

    text: str
    """The words as shown."""
    style: str = "intro"
    """The stylesheet classes it is drawn with (kiosk/ui/kiosk.tcss): intro, note, notice,
    message, detail, heading, error; "heading" lines are said with a colon after them."""
    lead: str = ""
    """A short label drawn in bold before the words ("When"), said before them too."""
    said: str | None = None
    """The whole line as said, where it must be said differently to be said well (a phone
    number digit by digit, "*" as "star"); None: as shown."""
    private: bool = False
    """Shown, never read out unasked (a visitor's own message, row S7)."""
    id: str | None = None
    """A widget id, where a test or the stylesheet needs one."""
    language: str | None = None
    """The language of the words (not of the lead), when not the screen's: staff write the
    welcome, the contacts and the groups in the centre's language, and a visitor who chose
    another still hears them in a voice that can say them (row S10)."""
    said_in: Sequence[tuple[str, str | None]] = ()
    """The line as said, in pieces each with its language (None: the screen's), where one
    line mixes the pack's words and staff's; empty: `said`, or as shown."""

    @property
    def shown(self) -> Content:
        """The line as drawn: the lead in bold, then the words (never parsed as markup)."""
        if self.lead:
            return Content.assemble((f"{self.lead}: ", "bold"), self.text)
        return Content(self.text)

    @property
    def spoken(self) -> str:
        """The line as said ("" for a private line): a heading ends with a colon, a line with a stop."""
        if self.private:
            return ""
        if self.said is not None:
            words = self.said
        else:
            words = f"{self.lead}: {self.text}" if self.lead else self.text
        if not words:
            return ""
        if "heading" in self.style.split():
            return words if words.endswith(":") else f"{words}:"
        return _ended(words)

    @property
    def spoken_parts(self) -> list[tuple[str, str | None]]:
        """The line as said, in pieces with their languages (nothing for a private line)."""
        if self.private:
            return []
        if self.said_in:
            return [(words, language) for words, language in self.said_in if words]
        if self.language is None or self.said is not None:
            return (
                [(said, self.language if self.said is None else None)]
                if (said := self.spoken)
                else []
            )
        words = _ended(self.text) if self.text else ""
        if self.lead:
            return [(f"{self.lead}:", None), (words, self.language)]
        return [(words, self.language)] if words else []


def _ended(words: str) -> str:
    return words if words.endswith(_ENDS) else f"{words}."


def joined(parts: Sequence[tuple[str, str | None]], screen: str) -> list[tuple[str, str | None]]:
    """Pieces said one after another, next ones in the same voice as one piece.

    `screen` is the screen's own voice: a piece in it is the same as a piece with None.
    """
    out: list[tuple[str, str | None]] = []
    for words, language in parts:
        if not words:
            continue
        voice = None if language in (None, screen) else language
        if out and out[-1][1] == voice:
            out[-1] = (f"{out[-1][0]} {words}", voice)
        else:
            out.append((words, voice))
    return out


@dataclass(frozen=True)
class Announcement:
    """Words a screen both shows (in one widget of its own) and says: one source for both.

    An error under a text box, "Checking. Please wait.", "Your message was not saved": what
    is shown is said, then `then` is said too (what to do next, where the screen shows it
    otherwise: the choices that follow). `KioskScreen.announce` shows and says it.
    """

    shown: str
    """The words shown, said first; "" clears the widget and says nothing."""
    then: str = ""
    """Said after the words shown, never shown ("Look it over before sending it.")."""

    @property
    def spoken(self) -> str:
        """The announcement as said."""
        return " ".join(words for words in (self.shown, self.then) if words)


@dataclass(frozen=True)
class Page:
    """What one screen shows and says: its lines, then its choices."""

    lines: Sequence[Line] = ()
    choices: Sequence[MenuItem] = ()
    """The numbered menu; empty for a screen without one."""
    scroll: str | None = None
    """The id of a scrolling area around the lines (long pages, such as help), or None."""

    @property
    def spoken_lines(self) -> str:
        """Every line that is said, in order."""
        return " ".join(said for line in self.lines if (said := line.spoken))

    @property
    def spoken_parts(self) -> list[tuple[str, str | None]]:
        """Every line that is said, in order, each piece with its language."""
        return [part for line in self.lines for part in line.spoken_parts]
