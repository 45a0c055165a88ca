"""Looking over a visitor's message before it is saved.

Screening finds details that could identify someone, the centre's watched words, and words
that suggest someone may be in crisis.

Nothing here decides on its own what other visitors see: every message still waits for a
person. Screening adds reasons for staff, hides identifying details in previews, refuses
a few words the centre has chosen, and makes sure someone in crisis is offered help at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import phonenumbers

from kiosk.files import FileProblem, read_text
from kiosk.problems import Problem

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


@dataclass
class Screening:
    """What screening found in one message."""

    reasons: list[str] = field(default_factory=list)
    """Why staff should look closely, in plain words (empty when nothing was found)."""
    hidden: list[tuple[int, int, str]] = field(default_factory=list)
    """Spans (start, end, kind) of identifying details, hidden in previews."""
    urgent: bool = False
    """Words suggest the writer may be in crisis."""
    held: bool = False
    refused: bool = False

    def preview(self, text: str) -> str:
        """`text` with identifying details replaced by "[phone number hidden]" and the like."""
        for start, end, kind in sorted(self.hidden, reverse=True):
            text = f"{text[:start]}[{kind} hidden]{text[end:]}"
        return text


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_LINK = re.compile(
    r"(https?://\S+|www\.\S+|\b[\w-]+\.(com|org|net|uk|co\.uk|io|me|info)\b\S*)", re.I
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}\b")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)
_STREET = re.compile(
    r"\b(flat\s+\d+\w?|\d+[a-z]?\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|crescent|place|court|gardens|terrace|hill|grove|square))\b",
    re.I,
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_APOSTROPHES).casefold())


def _contains(text: str, phrase: str) -> bool:
    """Whole-word match of `phrase` in already-normalised `text`."""
    return re.search(rf"(?<!\w){re.escape(_normalise(phrase))}(?!\w)", text) is not None


def find_identifying(text: str, country: str = "GB") -> list[tuple[int, int, str]]:
    """Spans of phone numbers, emails, links, social handles, postcodes and addresses."""
    spans: list[tuple[int, int, str]] = []
    for match in phonenumbers.PhoneNumberMatcher(
        text, country, leniency=phonenumbers.Leniency.POSSIBLE
    ):
        spans.append((match.start, match.end, "phone number"))
    for pattern, kind in (
        (_EMAIL, "email address"),
        (_LINK, "web link"),
        (_HANDLE, "social media name"),
        (_POSTCODE, "postcode"),
        (_STREET, "address"),
    ):
        for found in pattern.finditer(text):
            if not any(s <= found.start() < e for s, e, _ in spans):
                spans.append((found.start(), found.end(), kind))
    return sorted(spans)


def screen(text: str, rules: Rules, country: str = "GB") -> Screening:
    """Look a message over (see the module docstring)."""
    result = Screening()
    result.hidden = find_identifying(text, country)
    kinds = sorted({kind for _, _, kind in result.hidden})
    if kinds:
        result.reasons.append("May identify someone: " + ", ".join(kinds) + ".")
    plain = _normalise(text)
    if any(_contains(plain, phrase) for phrase in rules.crisis):
        result.urgent = True
        result.reasons.insert(0, "URGENT: words suggest the writer may be in crisis.")
    for word in rules.watched:
        if not _contains(plain, word.phrase):
            continue
        if word.action is Action.REFUSE:
            result.refused = True
        elif word.action is Action.HOLD:
            result.held = True
            result.reasons.append(f'Held for a second look: "{word.phrase}".')
        else:
            result.reasons.append(f'Watched word: "{word.phrase}".')
    return result


def load_rules(root: Path) -> tuple[Rules, list[Problem]]:
    """Read watched-words.csv and crisis-words.txt from the content folder."""
    problems: list[Problem] = []
    watched: list[WatchedWord] = []
    path = root / WATCHED_FILE
    if path.is_file():
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
    if path.is_file():
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
