"""Screening a visitor's message: identifying details, watched words, crisis words."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import load_content
from kiosk.content.rules import DEFAULT_CRISIS_WORDS, Action, Rules, WatchedWord, load_rules
from kiosk.core.locale import english
from kiosk.messages.screening import STAFF_NAMES, find_identifying, screen
from kiosk.staff.wording import reason_words

RULES = Rules(
    (
        WatchedWord("idiot", Action.REFUSE),
        WatchedWord("pills", Action.HOLD),
        WatchedWord("money", Action.FLAG),
    ),
)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("ring me on 07700 900123", "phone number"),
        ("my number is +44 161 496 0000", "phone number"),
        ("jo.bloggs+kiosk@example.org", "email address"),
        ("see https://example.org/me", "web link"),
        ("look at www.example.co.uk", "web link"),
        ("find me on insta @sunny.days", "social media name"),
        ("I'm in RV5 1QS", "postcode"),
        ("I'm at sw1a 1aa", "postcode"),
        ("come to 12 Quay Street", "address"),
        ("I'm in Flat 3b upstairs", "address"),
    ],
)
def test_identifying_details_are_found(text: str, kind: str) -> None:
    assert kind in [STAFF_NAMES[k] for _, _, k in find_identifying(text)]
    found = screen(text, RULES)
    assert f"[{kind} hidden]" in found.preview(text)
    assert any(kind in reason_words(english(), reason) for reason in found.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "You are not alone.",
        "It gets better, one day at a time 🙂",
        "I was 25 when it started",
        "Tuesday at 2pm helped me",
        "3 cups of tea",
    ],
)
def test_ordinary_kind_words_pass_clean(text: str) -> None:
    found = screen(text, RULES)
    assert (
        found.reasons == []
        and not found.urgent
        and not found.refused
        and found.preview(text) == text
    )


@pytest.mark.parametrize(
    "text", ["Some days I want to die", "I feel SUICIDAL", "I can’t go on", "better off dead tbh"]
)
def test_crisis_words_make_a_message_urgent(text: str) -> None:
    found = screen(text, RULES)
    assert found.urgent
    assert reason_words(english(), found.reasons[0]).startswith("URGENT")


def test_crisis_words_match_whole_words_only() -> None:
    assert not screen("the diet was hard", Rules(crisis=("die",))).urgent
    assert screen("I could die", Rules(crisis=("die",))).urgent


def test_watched_word_actions() -> None:
    assert screen("You IDIOT", RULES).refused
    held = screen("I hid the pills", RULES)
    words = [reason_words(english(), reason) for reason in held.reasons]
    assert held.held and 'Held for a second look: "pills".' in words
    flagged = screen("no money again", RULES)
    words = [reason_words(english(), reason) for reason in flagged.reasons]
    assert not flagged.held and 'Watched word: "money".' in words


@pytest.mark.parametrize(
    "text",
    [
        "x" * 5000,
        "🙂" * 400,
        "Привет 你好 مرحبا hello",
        "zero\u200bwidth\u200djoin",
        "\u202eevil\u202c right to left",
        "[bold]markup[/bold] \x1b[31m escape",
    ],
)
def test_hostile_input_is_handled(text: str) -> None:
    found = screen(text, RULES)
    assert isinstance(found.preview(text), str)


def test_rules_files_in_the_sample_content(content: Path) -> None:
    rules, problems = load_rules(content)
    assert problems == []
    assert any(w.action is Action.REFUSE for w in rules.watched)
    assert "suicide" in rules.crisis
    assert load_content(content).rules == rules


def test_broken_rules_lines_are_named(tmp_path: Path) -> None:
    (tmp_path / "watched-words.csv").write_text(
        "word or phrase,action\nidiot,refuse\nbanana\nmoney,shout\n"
    )
    rules, problems = load_rules(tmp_path)
    assert [w.phrase for w in rules.watched] == ["idiot"]
    assert [p.line for p in problems] == [3, 4]


def test_without_files_the_defaults_apply(tmp_path: Path) -> None:
    rules, problems = load_rules(tmp_path)
    assert rules.crisis == DEFAULT_CRISIS_WORDS and rules.watched == () and problems == []
