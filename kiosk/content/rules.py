"""The centre's screening lists, kept in the content folder: watched words and crisis words.

Staff edit `watched-words.csv` (a word or phrase, then flag, hold or refuse) and
`crisis-words.txt` (one phrase a line). kiosk/messages/screening.py uses them on each message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.core.files import FileProblem, read_text
from kiosk.core.problems import Problem

WATCHED_FILE = "watched-words.csv"
CRISIS_FILE = "crisis-words.txt"

DEFAULT_CRISIS_WORDS = (
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "end it all",
    "suicide",
    "suicidal",
    "want to die",
    "wanna die",
    "better off dead",
    "no reason to live",
    "can't go on",
    "cannot go on",
    "hurt myself",
    "hurting myself",
    "harm myself",
    "self harm",
    "self-harm",
    "overdose",
    "not safe",
)
"""Used when the content folder has no crisis-words.txt (and written there as a start)."""


class Action(StrEnum):
    """What a watched word does to a message."""

    FLAG = "flag"
    """Saved as usual, with the word named for staff."""
    HOLD = "hold"
    """Saved, named for staff, and marked "needs a second look": it cannot be approved unread."""
    REFUSE = "refuse"
    """Not saved; the visitor is asked, gently, to change it."""


@dataclass(frozen=True)
class WatchedWord:
    """A word or phrase staff want to know about, and what to do when it comes up."""

    phrase: str
    action: Action


@dataclass(frozen=True)
class Rules:
    """The centre's screening lists, from the content folder."""

    watched: tuple[WatchedWord, ...] = ()
    crisis: tuple[str, ...] = DEFAULT_CRISIS_WORDS


def load_rules(root: Path) -> tuple[Rules, list[Problem]]:
    """Read watched-words.csv and crisis-words.txt from the content folder."""
    problems: list[Problem] = []
    watched: list[WatchedWord] = []
    path = root / WATCHED_FILE
    if path.exists():  # a pipe or a device too: read_text refuses it in words
        try:
            text, _ = read_text(path, max_bytes=1_000_000, legacy=True)
        except FileProblem as problem:
            problems.append(Problem(path, problem.line, problem.message))
            text = ""
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            phrase, _, action = line.rpartition(",")
            phrase, action = phrase.strip().strip('"'), action.strip().lower()
            if action == "action":
                continue  # the heading row
            if not phrase or action not in {a.value for a in Action}:
                problems.append(
                    Problem(
                        path,
                        number,
                        'each line should be a word or phrase, a comma, then hold, flag or refuse (like: "idiot", refuse).',
                    )
                )
                continue
            watched.append(WatchedWord(phrase, Action(action)))
    crisis: tuple[str, ...] = DEFAULT_CRISIS_WORDS
    path = root / CRISIS_FILE
    if path.exists():  # a pipe or a device too: read_text refuses it in words
        try:
            text, _ = read_text(path, max_bytes=1_000_000, legacy=True)
            lines = [line.strip() for line in text.splitlines()]
            crisis = (
                tuple(line for line in lines if line and not line.startswith("#"))
                or DEFAULT_CRISIS_WORDS
            )
        except FileProblem as problem:
            problems.append(
                Problem(
                    path, problem.line, f"{problem.message} The kiosk's own list is used meanwhile."
                )
            )
    return Rules(tuple(watched), crisis), problems
