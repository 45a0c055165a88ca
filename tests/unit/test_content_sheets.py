"""groups.xlsx, groups.xls and groups.ods: the list kept in the spreadsheet program's own format.

The files are real ones, written here with openpyxl (Excel's format) and odfpy (LibreOffice's),
with the cell types those programs save: times, numbers, dates, true/false.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.content import groups as groups_module
from kiosk.content import load_content
from kiosk.content.groups import (
    GROUP_FILES,
    _parse_time,
    cell_text,
    groups_file,
    load_groups,
)
from kiosk.content.watch import merge
from tests.support.sheets import Cell, ods, xls, xlsx

HEADINGS: list[Cell] = [
    "name",
    "what happens",
    "days",
    "start time",
    "end time",
    "area",
    "phone",
    "cost",
]


def rows() -> list[list[Cell]]:
    """A list as staff type it: times typed as times, a phone number typed as a number."""
    return [
        HEADINGS,
        [
            "Walk and Talk",
            "A gentle walk, then tea.",
            "Tuesday",
            dt.time(18, 30),
            dt.time(20, 0),
            "Old Town",
            7700900123,
            "Free",
        ],
        [
            "Art Club",
            "Painting together.",
            "Fridays",
            dt.time(14, 0),
            dt.time(16, 0),
            "Northgate",
            "01632 960111",
            2,
        ],
        ["Bad Day", "Something.", "Mnday", None, None, None, None, None],
        [None] * 8,
        ["Late", "Ends before it starts.", "Monday", dt.time(19, 0), dt.time(18, 0)],
    ]


def test_an_excel_file_goes_in_with_times_numbers_and_row_numbers(tmp_path: Path) -> None:
    xlsx(tmp_path / "groups.xlsx", rows())
    groups, problems = load_groups(tmp_path)
    assert [g.name for g in groups] == ["Walk and Talk", "Art Club"]
    walk, art = groups
    assert walk.start == dt.time(18, 30) and walk.end == dt.time(20, 0)
    assert walk.when_words() == "Tuesdays, 6:30pm to 8pm"
    assert walk.phone == "07700 900123"  # typed as a number: Excel dropped the 0, it is back
    assert walk.line == 2 and art.line == 3  # the sheet's row numbers
    assert art.cost == "2" and art.phone == "01632 960111" and art.days == (4,)
    by_line = {p.line: p.message for p in problems}
    assert by_line[4] == '"mnday" is not a day the kiosk knows. Did you mean "monday"?'
    assert "not after the start time" in by_line[6]
    assert set(by_line) == {4, 6}  # the empty row 5 is passed over
    assert all(p.path.name == "groups.xlsx" for p in problems)
    assert {p.item for p in problems} == {"bad day", "late"}


def test_a_libreoffice_file_goes_in_the_same_way(tmp_path: Path) -> None:
    ods(tmp_path / "groups.ods", rows())
    groups, problems = load_groups(tmp_path)
    assert [(g.name, g.line, g.start, g.phone) for g in groups] == [
        ("Walk and Talk", 2, dt.time(18, 30), "07700 900123"),
        ("Art Club", 3, dt.time(14, 0), "01632 960111"),
    ]
    assert sorted(p.line or 0 for p in problems) == [4, 6]


def test_an_older_excel_file_goes_in_too(tmp_path: Path) -> None:
    xls(tmp_path / "groups.xls", rows())
    groups, problems = load_groups(tmp_path)
    assert [(g.name, g.line, g.start, g.phone) for g in groups] == [
        ("Walk and Talk", 2, dt.time(18, 30), "07700 900123"),
        ("Art Club", 3, dt.time(14, 0), "01632 960111"),
    ]
    assert sorted(p.line or 0 for p in problems) == [4, 6]


def test_column_names_lower_down_the_sheet_keep_the_sheet_row_numbers(tmp_path: Path) -> None:
    xlsx(tmp_path / "groups.xlsx", [HEADINGS, ["Quiet Hour", "Sit and be.", "Sundy"]], start_row=3)
    groups, problems = load_groups(tmp_path)
    assert groups == []
    assert [(p.line, p.message[:8]) for p in problems] == [(4, '"sundy" ')]


def test_a_sheet_with_no_what_happens_column_says_so_on_its_heading_row(tmp_path: Path) -> None:
    xlsx(tmp_path / "groups.xlsx", [["name", "days"], ["A", "Monday"]], start_row=2)
    groups, problems = load_groups(tmp_path)
    assert groups == [] and problems[0].line == 2
    assert '"what happens" is missing' in problems[0].message


def test_the_sample_list_saved_as_xlsx_reads_as_the_csv_does(content: Path) -> None:
    import csv

    with (content / "groups.csv").open(encoding="utf-8", newline="") as source:
        table: list[list[Cell]] = [list(row) for row in csv.reader(source)]
    (content / "groups.csv").unlink()
    xlsx(content / "groups.xlsx", table)
    from_sheet, problems = load_groups(content)
    assert problems == []
    assert len(from_sheet) == 28


def test_an_unreadable_spreadsheet_is_said_plainly_and_the_last_list_kept(content: Path) -> None:
    old = load_content(content)
    (content / "groups.csv").unlink()
    (content / "groups.xlsx").write_bytes(b"PK\x03\x04 saved half way")
    fresh = load_content(content)
    [problem] = [p for p in fresh.problems if p.path.name == "groups.xlsx"]
    assert problem.line is None and problem.item is None
    assert problem.message.startswith("the kiosk cannot read this spreadsheet")
    assert "save it again as groups.xlsx" in problem.message
    assert merge(old, fresh).groups == old.groups


def test_a_file_that_unpacks_to_far_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xlsx(tmp_path / "groups.xlsx", rows())
    monkeypatch.setattr(groups_module, "MAX_SHEET_BYTES", 1000)  # as if it unpacked to GBs
    groups, problems = load_groups(tmp_path)
    assert groups == [] and "far more than a list of groups" in problems[0].message


def test_a_csv_and_a_newer_xlsx_the_newer_is_used_and_staff_told(content: Path) -> None:
    xlsx(content / "groups.xlsx", rows()[:3])
    old = content / "groups.csv"
    os.utime(old, (1_700_000_000, 1_700_000_000))
    groups, problems = load_groups(content)
    assert [g.name for g in groups] == ["Walk and Talk", "Art Club"]
    assert problems[0].path.name == "groups.xlsx" and problems[0].line is None
    assert problems[0].notice  # the check passes: the newest list is shown, and staff told
    assert problems[0].message == (
        "groups.xlsx and groups.csv are both here; using groups.xlsx because it was saved "
        "most recently. Delete the other one to stop this message."
    )
    # Saved again in the old file: that one is the newest now.
    os.utime(old, None)
    os.utime(content / "groups.xlsx", (1_700_000_000, 1_700_000_000))
    groups, problems = load_groups(content)
    assert len(groups) == 28 and "using groups.csv because" in problems[0].message


def test_three_files_are_all_named(tmp_path: Path) -> None:
    for number, name in enumerate(("groups.csv", "groups.ods", "groups.xlsx")):
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, (1_700_000_000 + number, 1_700_000_000 + number))
    chosen, [notice] = groups_file(tmp_path)
    assert chosen == tmp_path / "groups.xlsx"
    assert notice.message.startswith(
        "groups.xlsx, groups.ods and groups.csv are all here; using groups.xlsx"
    )
    assert notice.message.endswith("Delete the others to stop this message.")


def test_with_no_groups_file_every_accepted_name_is_given(tmp_path: Path) -> None:
    [problem] = load_groups(tmp_path)[1]
    assert problem.path.name == "groups.csv"
    assert problem.message == (
        "groups.csv is missing, so no groups are shown. Keep the list of groups here as "
        "groups.csv, groups.xlsx, groups.xls or groups.ods."
    )
    assert set(GROUP_FILES) == {"groups.csv", "groups.xlsx", "groups.xls", "groups.ods"}


def test_cells_become_the_text_a_csv_would_hold() -> None:
    assert cell_text("") == "" and cell_text("Tuesday") == "Tuesday"
    assert cell_text(1632960101.0) == "1632960101"
    assert cell_text(2.5) == "2.5" and cell_text(0.1 + 0.2) == "0.3"
    assert cell_text(True) == "TRUE" and cell_text(False) == "FALSE"
    assert cell_text(dt.time(18, 29, 59, 990000)) == "18:30"  # a time stored a hair short
    assert cell_text(dt.timedelta(hours=18, minutes=30)) == "18:30"
    assert cell_text(dt.date(2026, 12, 4)) == "4 December 2026"
    assert cell_text(dt.datetime(1899, 12, 30, 9, 15)) == "09:15"
    assert cell_text(dt.datetime(2026, 12, 4, 9, 15)) == "4 December 2026 09:15"
    assert cell_text(float("nan")) == ""


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(),
        st.dates(),
        st.datetimes(),
        st.times(),
        st.timedeltas(),
    )
)
def test_any_cell_becomes_text_and_a_time_keeps_its_minute(value: object) -> None:
    text = cell_text(value)
    assert isinstance(text, str)
    if isinstance(value, dt.time) and value.second == 0 and value.microsecond == 0:
        complaints: list[str] = []
        assert _parse_time(text, "start time", complaints) == value.replace(tzinfo=None)
        assert complaints == []


def _damaged(original: bytes) -> st.SearchStrategy[bytes]:
    """The file cut short, or with a few bytes changed: what a bad save or a bad disk leaves."""
    cut = st.integers(0, len(original)).map(lambda n: original[:n])
    flips = st.lists(
        st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), min_size=1, max_size=8
    ).map(lambda changes: _changed(original, changes))
    return st.one_of(cut, flips)


def _changed(original: bytes, changes: list[tuple[int, int]]) -> bytes:
    data = bytearray(original)
    for at, value in changes:
        data[at] = value
    return bytes(data)


@pytest.mark.parametrize("name", ["groups.xlsx", "groups.ods"])
def test_a_damaged_spreadsheet_is_a_problem_never_a_crash(tmp_path: Path, name: str) -> None:
    source = tmp_path / "good" / name
    source.parent.mkdir()
    (xlsx if name.endswith("xlsx") else ods)(source, rows())
    original = source.read_bytes()
    folder = tmp_path / "content"
    folder.mkdir()

    @settings(max_examples=60, derandomize=True, database=None, deadline=None)
    @given(_damaged(original))
    def run(data: bytes) -> None:
        (folder / name).write_bytes(data)
        try:
            groups, problems = load_groups(folder)
        except BaseException as error:  # a Rust panic in calamine is a BaseException
            raise AssertionError(f"{type(error).__name__}: {error}") from error
        assert groups or problems
        assert all(p.path.name == name for p in problems)

    run()


def test_a_group_listed_twice_in_a_sheet_is_named_by_its_row(tmp_path: Path) -> None:
    xlsx(tmp_path / "groups.xlsx", [rows()[0], rows()[1], rows()[1]])
    groups, [problem] = load_groups(tmp_path)
    assert len(groups) == 1 and problem.line == 3
    assert "listed twice (also on row 2)" in problem.message


def test_two_files_saved_at_the_same_moment(tmp_path: Path) -> None:
    for name in ("groups.csv", "groups.ods"):
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, (1_700_000_000, 1_700_000_000))
    chosen, [notice] = groups_file(tmp_path)
    assert chosen == tmp_path / "groups.csv"
    assert "saved at the same moment and groups.csv comes first" in notice.message


def test_the_first_sheet_staff_can_see_is_read(tmp_path: Path) -> None:
    import openpyxl

    xlsx(tmp_path / "groups.xlsx", rows()[:2])
    book = openpyxl.load_workbook(tmp_path / "groups.xlsx")
    old = book.create_sheet("Old list", 0)
    old.append(["nothing", "here"])
    old.sheet_state = "hidden"
    book.save(tmp_path / "groups.xlsx")
    groups, problems = load_groups(tmp_path)
    assert [g.name for g in groups] == ["Walk and Talk"] and problems == []
