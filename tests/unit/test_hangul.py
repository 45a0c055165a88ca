"""Hangul letters tapped one by one join into syllables as a Korean keyboard joins them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.hangul import (
    LEADS,
    TAIL_PAIRS,
    VOWEL_PAIRS,
    VOWELS,
    _letters,
    is_jamo,
    join,
    without_last_letter,
)

PARTS = {joined: pair for pair, joined in (VOWEL_PAIRS | TAIL_PAIRS).items()}
# The keys on the on-screen keyboard: a compound vowel such as ㅘ is two taps (ㅗ, ㅏ).
SIMPLE_TAPS = sorted(set(LEADS + VOWELS) - set(VOWEL_PAIRS.values()))


def typed(text: str) -> list[str]:
    """Every single letter in `text`, with ㅘ and ㄺ as the two taps that make them."""
    return [part for letter in _letters(text) for part in PARTS.get(letter, (letter,))]


@pytest.mark.parametrize(
    ("tapped", "shown"),
    [
        ("ㅎㅏㄴㄱㅡㄹ", "한글"),
        ("ㅎㅏㄴㅏ", "하나"),  # the ㄴ moves on when a vowel follows
        ("ㄷㅏㄹㄱ", "닭"),  # two consonants under one syllable
        ("ㄷㅏㄹㄱㅏ", "달가"),  # ... and the second moves on
        ("ㄱㅗㅏ", "과"),  # two vowels make one
        ("ㅇㅡㅣㅅㅏ", "의사"),
        ("ㄱㅗㅁㅏㅂㅅㅡㅂㄴㅣㄷㅏ", "고맙습니다"),
        ("ㅋㅋㅋ", "ㅋㅋㅋ"),  # consonants alone stay alone
        ("ㅃㅃㅏ", "ㅃ빠"),  # ㅃ never sits under a syllable
        ("Hi ㅎㅏ!", "Hi 하!"),
        ("안녕 ㅎ", "안녕 ㅎ"),
    ],
)
def test_letters_join_into_syllables(tapped: str, shown: str) -> None:
    assert join(tapped) == shown


def test_text_with_no_loose_letters_is_never_changed() -> None:
    assert join("고맙습니다. You are kind.") == "고맙습니다. You are kind."


hangul_or_not = st.text(
    st.sampled_from([*LEADS, *VOWELS, "가", "닭", "과", " ", "a", ".", "\n"]), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(hangul_or_not)
def test_fuzz_joining_twice_is_joining_once_and_keeps_every_letter(text: str) -> None:
    joined = join(text)
    assert join(joined) == joined
    assert typed(joined) == typed(text)  # nothing typed is lost or added
    assert len(joined) <= len(text) or not any(is_jamo(c) for c in text)


@pytest.mark.parametrize(
    ("text", "after_delete"),
    [
        ("닭", "달"),
        ("달", "다"),
        ("다", "ㄷ"),
        ("과", "고"),
        ("한글", "한그"),
        ("ㅋ", None),
        ("a", None),
    ],
)
def test_delete_takes_back_one_letter_of_the_last_syllable(
    text: str, after_delete: str | None
) -> None:
    assert without_last_letter(text) == after_delete


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SIMPLE_TAPS), min_size=1, max_size=12))
def test_delete_undoes_the_last_tap(taps: list[str]) -> None:
    """Delete takes back exactly one letter, and tapping it again shows what was there."""
    shown = join("".join(taps))
    shorter = without_last_letter(shown)
    if shorter is not None:
        assert typed(shorter) == typed(shown)[:-1]
        assert join(shorter + typed(shown)[-1]) == shown
