"""Every check of a staff-written field, and screening of a visitor's words, takes time that
grows with the text's length and no faster (issue 30.3).

One email cell of `x@` + `a.` x 60,000 + `a b` kept the loader busy for 35 s (a regular
expression backtracking) and the kiosk's screen for 106 s. Here each check gets adversarial
strings of up to 100 kB (one short piece repeated, with an ending that makes a pattern give
up late) and must finish within a coarse, generous bound: a linear check takes milliseconds,
a quadratic one minutes. No finer timing is asserted.
"""

from __future__ import annotations

import contextlib
import csv
import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.content import groups, hsds, load_content
from kiosk.content.rules import Action, Rules, WatchedWord
from kiosk.content.transcript import parse_srt
from kiosk.core.fields import Field, check_table
from kiosk.core.files import FileProblem
from kiosk.messages.screening import screen
from tests.support.waits import generous

BOUND = generous(5.0)
"""Seconds one check of 100 kB may take: far above linear (milliseconds), far below what a
backtracking pattern takes on the same text (minutes)."""

_PIECES = st.sampled_from(
    [
        "a",
        "a.",
        "x@",
        "@",
        "1",
        "1 ",
        "a-",
        "-",
        ".",
        "+",
        " ",
        "\t",
        ":",
        "1:",
        "<",
        "<a",
        "/",
        "http://",
        "www.",
        "a.com",
        "Ab ",
        "flat 1 ",
        "\u0301",
        "가",
        "\x00",
        ",",
        ";",
    ]
)


@st.composite
def adversarial(draw: st.DrawFn) -> str:
    """A start, one short piece repeated to up to 100 kB, and an ending that fails late."""
    start = draw(st.sampled_from(["", "x@", "https://", "www.", "1 ", "<", "a"]))
    piece = draw(st.lists(_PIECES, min_size=1, max_size=3).map("".join))
    size = draw(st.sampled_from([1_000, 20_000, 100_000]))
    end = draw(st.sampled_from(["", "a b", " ", "!", "@", ".", "\n"]))
    return start + piece * (size // len(piece)) + end


def _row(value: str) -> None:
    """A whole groups row with `value` in every column."""
    names = sorted(set(groups.COLUMNS.values()))
    groups._parse_row([value] * len(names), names, "GB", 2)


def _srt(value: str) -> None:
    with contextlib.suppress(FileProblem):
        parse_srt(value)


_RULES = Rules((WatchedWord("tea and cake", Action.HOLD),), ("can't go on",))
_TABLE_FIELDS = (
    Field("title", "text", max_length=80),
    Field("topics", "list"),
    Field("recorded", "date"),
    Field("limit", "int"),
)

CHECKS: dict[str, Callable[[str], object]] = {
    "groups email": groups.is_email,
    "groups website": groups.is_web_address,
    "groups time": lambda v: groups._parse_time(v, "start time", []),
    "groups days": lambda v: groups._parse_days(v, []),
    "groups phone": lambda v: groups.check_phone(v, "GB", []),
    "groups row": _row,
    "directory text": hsds._text,
    "directory time": hsds._time,
    "directory days": lambda v: hsds._days({"byday": v, "description": v}, "x", []),
    "settings table": lambda v: check_table(
        {f.key: v for f in _TABLE_FIELDS}, f'title = "{v}"\n', _TABLE_FIELDS
    ),
    "screening": lambda v: screen(v, _RULES, "GB"),
    "srt transcript": _srt,
}


@pytest.mark.parametrize("name", sorted(CHECKS))
@settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=adversarial())
@example(text="x@" + "a." * 60_000 + "a b")  # the cell that froze the kiosk for 106 s
@example(text="https://" + "a." * 50_000 + " ")
@example(text="a-" * 50_000 + ".co")
@example(text="1" * 100_000)
def test_every_check_takes_time_linear_in_the_length(name: str, text: str) -> None:
    started = time.perf_counter()
    CHECKS[name](text)
    took = time.perf_counter() - started
    assert took < BOUND, f"{name} took {took:.1f} s on {len(text):,} characters"


def test_the_cell_that_froze_the_kiosk_is_refused_in_plain_words() -> None:
    row = ["Walk", "A walk", "", "", "", "", "x@" + "a." * 60_000 + "a b"]
    names = ["name", "what", "days", "start", "end", "phone", "email"]
    group, complaints = groups._parse_row(row, names, "GB", 2)
    assert group is None
    assert complaints == ["the email cell is too long; keep it under 500 characters."]


@pytest.mark.parametrize(
    ("email", "fine"),
    [
        ("walk@example.org", True),
        ("first.last+groups@mail.example.co.uk", True),
        ("name@example", False),
        ("no at sign.org", False),
        ("two@@example.org", False),
        ("space in@example.org", False),
        ("", False),
    ],
)
def test_emails_are_read_as_before(email: str, fine: bool) -> None:
    assert groups.is_email(email) is fine


@pytest.mark.parametrize(
    ("website", "fine"),
    [
        ("https://example.org", True),
        ("http://example.org/walk?day=1", True),
        ("https://www.example.org/", True),
        ("ftp://example.org", False),
        ("https://example", False),
        ("https://.org", False),
        ("https://example.", False),
        ("https://exa mple.org", False),
        ("https:/example.org", False),
    ],
)
def test_web_addresses_are_read_as_before(website: str, fine: bool) -> None:
    assert groups.is_web_address(website) is fine


def test_a_long_directory_description_is_still_tidied() -> None:
    assert hsds._text("<p>Tea <b>and</b> talk</p>") == "Tea and talk"
    assert hsds._text("<" * 10 + "x") == "<" * 10 + "x"


def test_a_groups_file_with_the_cell_that_froze_the_kiosk_loads_at_once(content: Path) -> None:
    """The reload runs in the watcher's thread already, but a backtracking pattern holds
    Python's lock: the screen froze all the same. Only a linear check keeps it answering."""
    groups_csv = content / "groups.csv"
    lines = groups_csv.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[1]]))
    row[header.index("email")] = "x@" + "a." * 60_000 + "a b"
    out = io.StringIO()
    csv.writer(out).writerow(row)
    groups_csv.write_text("\n".join([lines[0], out.getvalue().strip(), *lines[2:]]) + "\n")
    started = time.perf_counter()
    loaded = load_content(content)
    assert time.perf_counter() - started < BOUND
    assert len(loaded.groups) == 27
    assert any("the email cell is too long" in p.message for p in loaded.problems)
