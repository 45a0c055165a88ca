"""groups.csv as spreadsheet programs write it, and every way a row can be wrong."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

from kiosk.content.groups import load_groups, parse_groups
from kiosk.core.locale import load_pack

HEADER = "name,what happens,topics,days,start time,end time,venue,address,area,phone,email,website,cost,access notes,language"
ROW = 'Walk and Talk,"A gentle walk, then tea.",getting out; loneliness,Tuesday; Thursday,10:30,12:00,The Library,1 High St,Old Town,01632 960111,walk@example.org,www.example.org/walk,Free,Step-free,English'


def write(folder: Path, data: bytes) -> Path:
    (folder / "groups.csv").write_bytes(data)
    return folder


def test_sample_groups_all_load(content: Path) -> None:
    groups, problems = load_groups(content)
    assert problems == []
    assert len(groups) >= 20
    assert len({t for g in groups for t in g.topics}) >= 5
    assert len({d for g in groups for d in g.days}) == 7
    assert len({g.area for g in groups if g.area}) >= 4


def test_a_row_is_read_fully(tmp_path: Path) -> None:
    groups, problems = load_groups(write(tmp_path, f"{HEADER}\n{ROW}\n".encode()))
    assert problems == []
    [group] = groups
    assert group.name == "Walk and Talk"
    assert group.what == "A gentle walk, then tea."
    assert group.topics == ("getting out", "loneliness")
    assert group.days == (1, 3)
    assert group.start == dt.time(10, 30) and group.end == dt.time(12, 0)
    assert group.website == "https://www.example.org/walk"
    assert group.when_words() == "Tuesdays and Thursdays, 10:30am to midday"
    assert group.where_words() == "The Library, 1 High St, Old Town"
    assert group.line == 2


def test_excel_csv_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + f"{HEADER}\r\n{ROW}\r\n".replace("Free", "£2").encode()
    groups, problems = load_groups(write(tmp_path, data))
    assert problems == []
    assert groups[0].name == "Walk and Talk"  # the BOM did not stick to "name"
    assert groups[0].cost == "£2"


def test_old_windows_csv_cp1252(tmp_path: Path) -> None:
    data = f"{HEADER}\r\n{ROW.replace('Free', '£2 – tea included')}\r\n".encode("cp1252")
    groups, problems = load_groups(write(tmp_path, data))
    assert problems == []
    assert groups[0].cost == "£2 – tea included"


def test_old_mac_line_endings(tmp_path: Path) -> None:
    groups, problems = load_groups(write(tmp_path, f"{HEADER}\r{ROW}\r".encode()))
    assert problems == [] and len(groups) == 1


def test_semicolon_separated_european_excel(tmp_path: Path) -> None:
    header = HEADER.replace(",", ";")
    row = "Art Club;Painting together.;art;Friday;14:00;16:00;Hall;2 Low Rd;Northgate;;;;Free;;English"
    groups, problems = load_groups(write(tmp_path, f"{header}\n{row}\n".encode()))
    assert problems == []
    assert groups[0].days == (4,)


def test_unicode_text_utf16_tab_separated(tmp_path: Path) -> None:
    header = HEADER.replace(",", "\t")
    row = "Art Club\tPainting together.\tart\tFri\t2pm\t4pm\tHall\t\tNorthgate\t\t\t\t\t\tPolish"
    groups, problems = load_groups(write(tmp_path, f"{header}\r\n{row}\r\n".encode("utf-16")))
    assert problems == []
    assert groups[0].start == dt.time(14, 0)
    assert groups[0].languages == ("Polish",)


def test_quoted_cell_with_a_line_break_keeps_line_numbers_right(tmp_path: Path) -> None:
    text = f'{HEADER}\nA,"Two\nlines",art,Monday,,,,,,,,,,,\nB,,art,Monday,,,,,,,,,,,\n'
    groups, problems = parse_groups(text, tmp_path / "groups.csv")
    assert [g.name for g in groups] == ["A"]
    assert groups[0].what == "Two lines"
    assert [(p.line, p.message) for p in problems] == [
        (4, '"B" has nothing under "what happens". Say in a sentence what happens.')
    ]


def test_bad_rows_are_named_by_line_and_the_rest_kept(tmp_path: Path) -> None:
    rows = [
        ROW,
        ",No name here,art,Monday,,,,,,,,,,,",
        "Bad Day,Something,art,Mnday,,,,,,,,,,,",
        "Bad Time,Something,art,Monday,25:00,7pm,,,,,,,,,",
        "Backwards,Something,art,Monday,18:00,17:00,,,,,,,,,",
        "Bad Phone,Something,art,Monday,,,,,,12,,,,,",
        "Bad Email,Something,art,Monday,,,,,,,jo at example,,,,",
        "Bad Web,Something,art,Monday,,,,,,,,not a site,,,",
        ",,,,,,,,,,,,,,",
        "Too Many,Something,art,Monday,,,,,,,,,,,,extra",
        "Fine,Something,art,Weekends,6.30pm,8pm,,,,07700 900123,,,,,",
    ]
    text = HEADER + "\n" + "\n".join(rows) + "\n"
    groups, problems = parse_groups(text, tmp_path / "groups.csv")
    assert [g.name for g in groups] == ["Walk and Talk", "Fine"]
    by_line = {p.line: p.message for p in problems}
    assert "no name" in by_line[3]
    assert by_line[4] == '"mnday" is not a day the kiosk knows. Did you mean "monday"?'
    assert "25:00" in by_line[5]
    assert "not after the start time" in by_line[6]
    assert "phone number" in by_line[7]
    assert "email address" in by_line[8]
    assert "web address" in by_line[9]
    assert 10 not in by_line  # an empty row is simply skipped
    assert "more cells than there are columns" in by_line[11]
    assert groups[1].days == (5, 6)
    assert groups[1].start == dt.time(18, 30)


def test_unknown_and_misspelled_columns(tmp_path: Path) -> None:
    header = HEADER.replace("venue", "venu") + ",notes"
    groups, problems = parse_groups(f"{header}\n{ROW},x\n", tmp_path / "groups.csv")
    assert len(groups) == 1
    assert groups[0].venue == ""
    messages = [(p.line, p.message) for p in problems]
    assert (
        1,
        'the column "venu" is not one the kiosk knows, so it is not used. Did you mean "venue"?',
    ) in messages
    assert any('"notes"' in m for _, m in messages)


def test_missing_required_column_reads_nothing(tmp_path: Path) -> None:
    header = HEADER.replace("what happens", "description of it")
    groups, problems = parse_groups(f"{header}\n{ROW}\n", tmp_path / "groups.csv")
    assert groups == []
    assert any('"what happens" is missing' in p.message for p in problems)


def test_duplicate_rows(tmp_path: Path) -> None:
    groups, problems = parse_groups(f"{HEADER}\n{ROW}\n{ROW}\n", tmp_path / "groups.csv")
    assert len(groups) == 1
    assert problems[0].line == 3 and "listed twice (also on line 2)" in problems[0].message


def test_empty_and_missing_files(tmp_path: Path) -> None:
    assert "missing" in load_groups(tmp_path)[1][0].message
    assert "empty" in load_groups(write(tmp_path, b""))[1][0].message


def test_markup_and_escapes_in_cells_are_made_harmless(tmp_path: Path) -> None:
    row = ROW.replace("Walk and Talk", "[bold]Walk[/bold] \x1b[31mred")
    groups, _ = parse_groups(f"{HEADER}\n{row}\n", tmp_path / "groups.csv")
    assert groups[0].name == "[bold]Walk[/bold] [31mred"


def test_huge_file_is_refused(tmp_path: Path) -> None:
    with (tmp_path / "groups.csv").open("wb") as out:
        out.truncate(30_000_000)
    groups, problems = load_groups(tmp_path)
    assert groups == [] and "too big" in problems[0].message


def test_a_cell_too_big_for_the_csv_module_is_one_bad_row(tmp_path: Path) -> None:
    """Issue 11.3: one field over 131,072 characters stopped `kiosk check` and `kiosk run`."""
    huge = ROW.replace("A gentle walk, then tea.", "x" * 200_000)
    other = ROW.replace("Walk and Talk", "Art Group")
    groups, problems = load_groups(write(tmp_path, f"{HEADER}\n{huge}\n{other}\n".encode()))
    assert [g.name for g in groups] == ["Art Group"]
    assert [(p.line, "cannot be read" in p.message) for p in problems] == [(2, True)]


def test_a_phone_extension_is_kept_apart_and_said_in_words(tmp_path: Path) -> None:
    """Open Referral's example phone has one ("+44 1234 234567" ext. 100); so do switchboards."""
    cells = [
        "+44 1234 234567 ext. 100",  # valid: shown in the national form
        "01632 960101 x7",  # kept for drama and examples: shown as typed
        "01632 960101 extension 7",
        "1632960101 ext 7",  # a number cell whose 0 the spreadsheet dropped
        "01632 960101",
    ]
    rows = [f"Group {n},Something,,,,,,,,{cell},,,,," for n, cell in enumerate(cells)]
    groups, problems = parse_groups(HEADER + "\n" + "\n".join(rows) + "\n", tmp_path / "g.csv")
    assert problems == []
    assert [(g.phone, g.extension) for g in groups] == [
        ("01234 234567", "100"),
        ("01632 960101", "7"),
        ("01632 960101", "7"),
        ("01632 960101", "7"),
        ("01632 960101", ""),
    ]
    assert groups[0].phone_words() == "01234 234567, extension 100"
    assert groups[1].phone_words(load_pack("ko")) == "01632 960101, 내선 7"
    assert groups[4].phone_words() == "01632 960101"
