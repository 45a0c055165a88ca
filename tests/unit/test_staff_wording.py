"""Staff's codes worded from the language packs: why a message was flagged, how a PIN try went.

The layers below keep and pass codes with details; each front end words them in the staff
member's language. Every code has words in every shipped pack.
"""

from __future__ import annotations

import re

import pytest

from kiosk.core.locale import available, load_pack
from kiosk.messages.repository import Reason, Why, from_sentence
from kiosk.staff.pin import Attempt, PinProblem, PinResult
from kiosk.staff.wording import attempt_words, pin_problem_words, reason_words

HANGUL = re.compile(r"[\uac00-\ud7a3]")

REASONS = {
    Reason(Why.URGENT): "URGENT: words suggest the writer may be in crisis.",
    Reason(
        Why.IDENTIFYING, ("email", "phone")
    ): "May identify someone: email address, phone number.",
    Reason(Why.HELD, ("pills",)): 'Held for a second look: "pills".',
    Reason(Why.WATCHED, ("money",)): 'Watched word: "money".',
    Reason(Why.NOTE, ("Written by an older kiosk.",)): "Written by an older kiosk.",
}
ATTEMPTS = {
    Attempt(PinResult.STAFF_MODE): "Staff mode.",
    Attempt(PinResult.NO_PIN): "No staff PIN is set. Run: kiosk staff set-pin",
    Attempt(PinResult.LOCKED, seconds=61): "Staff entry is locked. Try again in 1 minute.",
    Attempt(PinResult.WRONG, tries_left=4): "That PIN is not right. 4 tries left.",
    Attempt(PinResult.WRONG, tries_left=1): "That PIN is not right. 1 try left.",
    Attempt(
        PinResult.NOW_LOCKED, seconds=600
    ): "That PIN is not right. Staff entry is now locked for 10 minutes.",
    Attempt(
        PinResult.NOW_LOCKED, seconds=4 * 3600
    ): "That PIN is not right. Staff entry is now locked for 4 hours.",
    Attempt(
        PinResult.CANNOT_CHECK, problem="The data folder /x cannot be used."
    ): "The staff PIN cannot be checked. The data folder /x cannot be used.",
}


def test_english_words_are_what_staff_read_before() -> None:
    english = load_pack("en")
    assert {r: reason_words(english, r) for r in REASONS} == REASONS
    assert {a: attempt_words(english, a) for a in ATTEMPTS} == ATTEMPTS
    assert pin_problem_words(english, PinProblem.DIGITS) == "A PIN is 6 to 8 digits, numbers only."


@pytest.mark.parametrize("code", available())
def test_every_code_is_worded_in_every_pack(code: str) -> None:
    pack = load_pack(code)
    words = [reason_words(pack, r) for r in REASONS if r.why is not Why.NOTE]
    words += [attempt_words(pack, a) for a in ATTEMPTS]
    words += [pin_problem_words(pack, p) for p in PinProblem]
    assert all(w.strip() for w in words)
    assert "pills" in reason_words(pack, Reason(Why.HELD, ("pills",)))  # the detail, as written
    assert "10" in attempt_words(pack, Attempt(PinResult.NOW_LOCKED, seconds=600))
    if code == "ko":
        assert all(HANGUL.search(w) for w in words), words


def test_korean_is_korean_not_english() -> None:
    korean = load_pack("ko")
    assert reason_words(korean, Reason(Why.IDENTIFYING, ("phone",))) == (
        "누군가를 알아볼 수 있는 정보: 전화번호."
    )
    assert attempt_words(korean, Attempt(PinResult.WRONG, tries_left=2)) == (
        "PIN이 맞지 않아요. 2번 더 해 볼 수 있어요."
    )
    assert attempt_words(korean, Attempt(PinResult.LOCKED, seconds=300)) == (
        "직원 입장이 잠겨 있어요. 5분 뒤에 다시 해 보세요."
    )


@pytest.mark.parametrize("sentence", list(REASONS.values()))
def test_an_older_kiosks_sentence_reads_as_its_code(sentence: str) -> None:
    reason = from_sentence(sentence)
    assert reason_words(load_pack("en"), reason) == sentence
    assert reason in REASONS
