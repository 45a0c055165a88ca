"""Saying what a visitor types, as much as they chose (kiosk.ui.session.Echo).

Nothing, each word as it is finished and what is deleted, or each letter too.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.core.locale import Pack, english
from kiosk.ui.session import Echo

# Typed characters said by name; the names are the pack's "typing.<name>".
_NAMES = {
    " ": "space",
    ".": "full_stop",
    ",": "comma",
    "?": "question_mark",
    "!": "exclamation_mark",
    "'": "apostrophe",
    "-": "dash",
    ":": "colon",
    ";": "semicolon",
    "\n": "new_line",
}
_WORD_ENDS = frozenset(" .,!?;:\n")


def character_name(character: str, pack: Pack | None = None) -> str:
    """How a single typed character is said."""
    name = _NAMES.get(character)
    return (pack or english()).t(f"typing.{name}") if name else character


def _complete_words(text: str) -> list[str]:
    """The words of `text` that have been finished (followed by a space or punctuation)."""
    end = max((i for i, ch in enumerate(text) if ch in _WORD_ENDS), default=-1)
    return "".join(" " if ch in _WORD_ENDS else ch for ch in text[: end + 1]).split()


class TypingEcho:
    """Compare each new text with the last and say what changed."""

    def __init__(
        self,
        say: Callable[[str], None],
        level: Callable[[], Echo],
        pack: Callable[[], Pack] = english,
    ) -> None:
        self._say = say
        self._level = level
        """Asked each time: the visitor may change it while they type."""
        self._pack = pack
        """The visitor's language, asked each time: it may change while they type."""
        self._text = ""

    def reset(self, text: str = "") -> None:
        """Start again from `text` without saying anything."""
        self._text = text

    def changed(self, text: str) -> None:
        """The text is now `text`: say the finished word, the letter, or what was deleted."""
        old, self._text = self._text, text
        level = self._level()
        if level is Echo.QUIET:
            if len(text) < len(old):
                self._say(self._pack().t("typing.deleted_quiet"))  # that it went, never what
            return
        if len(text) > len(old) and text.startswith(old):
            added = text[len(old) :]
            if added[-1] in _WORD_ENDS:
                # Words finished by this change: one for a typist, several for a fast one
                # (keys can arrive together) or a paste.
                finished = _complete_words(text)[len(_complete_words(old)) :]
                if finished:
                    self._say(" ".join(finished))
                    return
            if level is Echo.LETTERS:
                pack = self._pack()
                self._say(" ".join(character_name(ch, pack) for ch in added[:20]))
        elif len(text) < len(old):
            # Find what went: the first place the two differ.
            start = next(
                (i for i, (a, b) in enumerate(zip(old, text, strict=False)) if a != b), len(text)
            )
            gone = old[start : start + len(old) - len(text)]
            pack = self._pack()
            said = character_name(gone, pack) if len(gone) == 1 else gone
            self._say(pack.t("typing.deleted", said=said))
