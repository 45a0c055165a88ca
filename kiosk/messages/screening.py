"""Looking over a visitor's message before it is saved.

Screening finds details that could identify someone, the centre's watched words, and words
that suggest someone may be in crisis.

Nothing here decides on its own what other visitors see: every message still waits for a
person. Screening adds reasons for staff, hides identifying details in previews, refuses
a few words the centre has chosen, and makes sure someone in crisis is offered help at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import phonenumbers

from kiosk.content.rules import Action, Rules
from kiosk.messages.repository import Reason, Why


class Detail(StrEnum):
    """A kind of detail that could identify someone (a visitor's preview words it from the pack)."""

    PHONE = "phone"
    EMAIL = "email"
    LINK = "link"
    HANDLE = "handle"
    POSTCODE = "postcode"
    ADDRESS = "address"


STAFF_NAMES = {
    Detail.PHONE: "phone number",
    Detail.EMAIL: "email address",
    Detail.LINK: "web link",
    Detail.HANDLE: "social media name",
    Detail.POSTCODE: "postcode",
    Detail.ADDRESS: "address",
}
"""Each detail as staff read it, in the reasons a message was flagged and the CLI's list."""


def staff_label(detail: Detail) -> str:
    """How a hidden detail shows to staff: "[phone number hidden]"."""
    return f"[{STAFF_NAMES[detail]} hidden]"


@dataclass
class Screening:
    """What screening found in one message."""

    reasons: list[Reason] = field(default_factory=list)
    """Why staff should look closely, as codes with details (empty when nothing was found)."""
    hidden: list[tuple[int, int, Detail]] = field(default_factory=list)
    """Spans (start, end, kind) of identifying details, hidden in previews."""
    urgent: bool = False
    """Words suggest the writer may be in crisis."""
    held: bool = False
    refused: list[str] = field(default_factory=list)
    """The watched words set to "refuse" that it has, as the centre wrote them: it is not
    saved, and the visitor is told which words to change (empty: nothing refused)."""

    def preview(self, text: str, label: Callable[[Detail], str] = staff_label) -> str:
        """`text` with each identifying detail replaced by its `label` ("[phone number hidden]")."""
        for start, end, kind in sorted(self.hidden, reverse=True):
            text = f"{text[:start]}{label(kind)}{text[end:]}"
        return text


# Time linear in the text's length (issue 30.3): a run of name characters is tried from its
# start only (the look-behind) and taken whole (possessive ++), so no run is scanned twice.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
_LINK = re.compile(
    r"(https?://\S+|www\.\S+|(?<![\w-])[\w-]++\.(com|org|net|uk|co\.uk|io|me|info)\b\S*)", re.I
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


def find_identifying(text: str, country: str = "GB") -> list[tuple[int, int, Detail]]:
    """Spans of phone numbers, emails, links, social handles, postcodes and addresses."""
    spans: list[tuple[int, int, Detail]] = []
    covered = bytearray(len(text) + 1)
    """1 where a detail already found covers the character: one look per match, not one per
    span found so far (thousands of matches in a long text made that quadratic)."""
    for match in phonenumbers.PhoneNumberMatcher(
        text, country, leniency=phonenumbers.Leniency.POSSIBLE
    ):
        spans.append((match.start, match.end, Detail.PHONE))
        covered[match.start : match.end] = b"\x01" * (match.end - match.start)
    for pattern, kind in (
        (_EMAIL, Detail.EMAIL),
        (_LINK, Detail.LINK),
        (_HANDLE, Detail.HANDLE),
        (_POSTCODE, Detail.POSTCODE),
        (_STREET, Detail.ADDRESS),
    ):
        for found in pattern.finditer(text):
            start, end = found.span()
            if not covered[start]:
                spans.append((start, end, kind))
                covered[start:end] = b"\x01" * (end - start)
    return sorted(spans)


def screen(text: str, rules: Rules, country: str = "GB") -> Screening:
    """Look a message over (see the module docstring)."""
    result = Screening()
    result.hidden = find_identifying(text, country)
    # In the order staff have always read them (by their English names).
    kinds = sorted({kind for _, _, kind in result.hidden}, key=STAFF_NAMES.__getitem__)
    if kinds:
        result.reasons.append(Reason(Why.IDENTIFYING, tuple(kind.value for kind in kinds)))
    plain = _normalise(text)
    if any(_contains(plain, phrase) for phrase in rules.crisis):
        result.urgent = True
        result.reasons.insert(0, Reason(Why.URGENT))
    for word in rules.watched:
        if not _contains(plain, word.phrase):
            continue
        if word.action is Action.REFUSE:
            if word.phrase not in result.refused:
                result.refused.append(word.phrase)
        elif word.action is Action.HOLD:
            result.held = True
            result.reasons.append(Reason(Why.HELD, (word.phrase,)))
        else:
            result.reasons.append(Reason(Why.WATCHED, (word.phrase,)))
    return result
