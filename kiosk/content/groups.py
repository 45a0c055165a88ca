"""Local groups, from a spreadsheet the centre's staff keep up to date.

Staff edit it in Excel, LibreOffice or Numbers and may keep it as `groups.csv` or in their
program's own format (`groups.xlsx`, `groups.xls`, `groups.ods`). For csv this reads what
those programs write: UTF-8 with or without a byte-order mark, older Windows encodings,
UTF-16 "Unicode text", commas, semicolons or tabs between cells, and any line endings.
Either way the rows go through the same checks: a row with a mistake is reported with its
line (the spreadsheet's row number) and left out; the other rows still show.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
import python_calamine
from email_validator import EmailNotValidError, validate_email

from kiosk.core.files import FileProblem, read_text, regular_size, suggest
from kiosk.core.locale import Pack, english
from kiosk.core.problems import Problem
from kiosk.core.text import one_line

GROUPS_FILE = "groups.csv"
SHEET_FILES = ("groups.xlsx", "groups.xls", "groups.ods")
"""The groups list in a spreadsheet program's own format: Excel, older Excel, LibreOffice."""
GROUP_FILES = (GROUPS_FILE, *SHEET_FILES)
"""Every name the groups list may have; with more than one there, the newest is used."""
CUT_SHORT = "the last row looks cut short"
MAX_GROUPS_BYTES = 20_000_000
MAX_SHEET_BYTES = 200_000_000
"""The most an xlsx or ods may hold unpacked: a groups list is a few hundred KB, and this
keeps a file that unpacks to gigabytes (broken, or made to) from filling the kiosk's memory."""
MAX_CELL = 500
"""The most characters a cell may hold. It is checked before anything else is, so no check
of a cell ever sees more than this."""

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""As staff write them in groups.csv; a visitor sees them in their own language (day_name)."""

# Column heading (as staff may write it) -> our field name.
COLUMNS: dict[str, str] = {
    "name": "name",
    "what happens": "what",
    "topics": "topics",
    "days": "days",
    "start time": "start",
    "end time": "end",
    "venue": "venue",
    "address": "address",
    "area": "area",
    "phone": "phone",
    "email": "email",
    "website": "website",
    "cost": "cost",
    "access notes": "access",
    "language": "languages",
}
_ALIASES = {
    "group": "name",
    "group name": "name",
    "what": "what",
    "description": "what",
    "topic": "topics",
    "day": "days",
    "start": "start",
    "end": "end",
    "finish": "end",
    "finish time": "end",
    "area or postcode": "area",
    "postcode": "area",
    "telephone": "phone",
    "phone number": "phone",
    "e-mail": "email",
    "email address": "email",
    "web": "website",
    "web site": "website",
    "url": "website",
    "price": "cost",
    "access": "access",
    "languages": "languages",
}
REQUIRED = ("name", "what")

_DAY_WORDS: dict[str, tuple[int, ...]] = {
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "every day": tuple(range(7)),
    "everyday": tuple(range(7)),
    "daily": tuple(range(7)),
}
for _number, _name in enumerate(DAY_NAMES):
    for _word in (_name, _name[:3], _name[:4], _name + "s"):
        _DAY_WORDS[_word.lower()] = (_number,)
_DAY_WORDS["tues"] = (1,)
_DAY_WORDS["thurs"] = (3,)

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?:[:.]\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?$", re.I)


@dataclass(frozen=True)
class Group:
    """One local group, as a visitor needs to know it."""

    name: str
    what: str
    topics: tuple[str, ...] = ()
    days: tuple[int, ...] = ()
    """Weekday numbers, Monday = 0."""
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str = ""
    address: str = ""
    area: str = ""
    phone: str = ""
    """The number to dial, as the kiosk shows it: "01632 960101"."""
    extension: str = ""
    """The extension to ask for once connected, in digits ("" for none)."""
    email: str = ""
    website: str = ""
    cost: str = ""
    access: str = ""
    languages: tuple[str, ...] = ()
    line: int = 0
    """Where the group is in the groups file (its line, or its spreadsheet row), for staff."""

    @property
    def key(self) -> str:
        """A stable name for the group in logs and counts."""
        return re.sub(r"\W+", "-", self.name.casefold()).strip("-")

    def days_words(self, pack: Pack | None = None) -> str:
        """Say the days: "Tuesdays and Thursdays", "Every day", "Weekdays"."""
        pack = pack or english()
        if not self.days:
            return ""
        if self.days == tuple(range(7)):
            return pack.t("days.every_day")
        if self.days == (0, 1, 2, 3, 4):
            return pack.t("days.weekdays")
        if self.days == (5, 6):
            return pack.t("days.weekends")
        names = [pack.t(f"days.weekly.{DAY_NAMES[d].lower()}") for d in self.days]
        if len(names) > 1:
            names = [pack.t("days.and", rest=", ".join(names[:-1]), last=names[-1])]
        return pack.t("days.every", days=names[0])

    def time_words(self, pack: Pack | None = None) -> str:
        """Say the time: "6:30pm to 8pm"."""
        pack = pack or english()
        if self.start is None:
            return ""
        if self.end is None:
            return pack.t("time.from", start=_time_words(self.start, pack))
        return pack.t(
            "time.range", start=_time_words(self.start, pack), end=_time_words(self.end, pack)
        )

    def when_words(self, pack: Pack | None = None) -> str:
        """Days and time together: "Tuesdays, 6:30pm to 8pm"."""
        parts = (self.days_words(pack), self.time_words(pack))
        return ", ".join(part for part in parts if part)

    def phone_words(self, pack: Pack | None = None) -> str:
        """The number with its extension in words: "01234 234567, extension 100"."""
        if not self.extension:
            return self.phone
        extension = (pack or english()).t("group_detail.extension", number=self.extension)
        return f"{self.phone}, {extension}"

    def where_words(self) -> str:
        """Venue, address and area on one line."""
        return ", ".join(part for part in (self.venue, self.address, self.area) if part)


def day_name(number: int, pack: Pack | None = None) -> str:
    """The name of a weekday (Monday = 0) in the visitor's language."""
    return (pack or english()).t(f"days.{DAY_NAMES[number].lower()}")


def _time_words(value: dt.time, pack: Pack) -> str:
    if value == dt.time(12, 0):
        return pack.t("time.midday")
    hour = value.hour % 12 or 12
    half = "am" if value.hour < 12 else "pm"
    if value.minute == 0:
        return pack.t(f"time.{half}", hour=hour)
    return pack.t(f"time.{half}_minutes", hour=hour, minute=value.minute)


def missing_message() -> str:
    """What staff are told when there is no groups list: every name it may have."""
    names = ", ".join(GROUP_FILES[:-1]) + " or " + GROUP_FILES[-1]
    return (
        f"{GROUPS_FILE} is missing, so no groups are shown. Keep the list of groups here as "
        f"{names}."
    )


def groups_file(root: Path) -> tuple[Path | None, list[Problem]]:
    """The groups file in `root` to use, and a notice for staff when more than one is there.

    Staff who start keeping the list in Excel often save groups.xlsx beside the old
    groups.csv. The one saved most recently is the one they just worked on, so it is used.
    """
    found: list[tuple[int, int, Path]] = []
    for order, name in enumerate(GROUP_FILES):
        path = root / name
        try:
            if path.exists():  # a pipe or a device too: reading it says what is wrong
                found.append((path.stat().st_mtime_ns, -order, path))
        except OSError:
            continue  # gone between looking and reading: as if it were not there
    if not found:
        return None, []
    found.sort(reverse=True)  # newest first; on a tie, the order of GROUP_FILES
    chosen = found[0][2]
    if len(found) == 1:
        return chosen, []
    names = [path.name for _, _, path in found]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    both = "both" if len(names) == 2 else "all"
    others = "the other one" if len(names) == 2 else "the others"
    why = (
        "because it was saved most recently"
        if found[0][0] != found[1][0]
        else f"because they were saved at the same moment and {chosen.name} comes first"
    )
    notice = Problem(
        chosen,
        None,
        f"{listed} are {both} here; using {chosen.name} {why}. "
        f"Delete {others} to stop this message.",
        # Worth knowing, not a fault: the list staff saved last is the one shown, so the
        # check still passes (`kiosk check` prints it as a "Note:").
        notice=True,
    )
    return chosen, [notice]


def load_groups(root: Path, country: str = "GB") -> tuple[list[Group], list[Problem]]:
    """Read the groups file in `root`; return the good groups and a problem for each bad row."""
    path, problems = groups_file(root)
    if path is None:
        return [], [Problem(root / GROUPS_FILE, None, missing_message())]
    if path.name != GROUPS_FILE:
        groups, found = load_sheet(path, country)
        return groups, problems + found
    try:
        text, _encoding = read_text(path, max_bytes=MAX_GROUPS_BYTES, legacy=True)
    except FileProblem as problem:
        return [], [*problems, Problem(path, problem.line, problem.message)]
    groups, found = parse_groups(text, path, country)
    return groups, problems + found


def load_sheet(path: Path, country: str = "GB") -> tuple[list[Group], list[Problem]]:
    """Read groups from a spreadsheet file (xlsx, xls or ods), with the same checks as csv."""
    try:
        rows = sheet_rows(path)
    except FileProblem as problem:
        return [], [Problem(path, problem.line, problem.message)]
    if not any(any(cell.strip() for cell in row) for _, row in rows):
        return [], [Problem(path, None, f"{path.name} is empty, so no groups are shown.")]
    problems: list[Problem] = []
    groups, _last_broken = _read_table(iter(rows), path, country, problems, where="row")
    return groups, problems


def sheet_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The first sheet of a spreadsheet file, each row with its row number, cells as text.

    Raises FileProblem, in words for staff, when the file cannot be read.
    """
    regular_size(path, max_bytes=MAX_GROUPS_BYTES)
    if path.suffix != ".xls" and _unpacked_size(path) > MAX_SHEET_BYTES:
        raise FileProblem(
            "this spreadsheet holds far more than a list of groups could. Check that it is "
            "the right file, or copy the groups into a new spreadsheet and save that."
        )
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = [
            sheet.name
            for sheet in book.sheets_metadata
            if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
            and sheet.visible == python_calamine.SheetVisibleEnum.Visible
        ]
        if not sheets:
            raise FileProblem("this spreadsheet has no sheet to read the groups from.")
        # skip_empty_area=False: the rows start at the sheet's row 1, so row numbers match.
        cells = book.get_sheet_by_name(sheets[0]).to_python(skip_empty_area=False)
    except python_calamine.PasswordError as error:
        raise FileProblem(
            "this spreadsheet has a password, so the kiosk cannot read it. Save it again "
            "without one (the list is shown to the public anyway)."
        ) from error
    except FileProblem:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        # CalamineError, OSError, ValueError as a rule; but a damaged file that trips a bug in
        # calamine's Rust code raises pyo3's PanicException, a BaseException: that must be one
        # problem with one file too, never the end of a reload or of `kiosk check`.
        raise FileProblem(
            f"the kiosk cannot read this spreadsheet ({one_line(str(error))[:200]}). If it was "
            "being saved, this goes by itself; if not, open it in your spreadsheet program "
            f"and save it again as {path.name}."
        ) from error
    return [(number, [cell_text(cell) for cell in row]) for number, row in enumerate(cells, 1)]


def _unpacked_size(path: Path) -> int:
    """How big an xlsx or ods (both zip files) is unpacked; 0 if it is not a zip at all."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # calamine says what is wrong with it, in its own words


def cell_text(value: object) -> str:
    """One spreadsheet cell as the text a csv saved from it would hold.

    What calamine gives, by cell type: text as str ("" for an empty cell); every number as
    float, whole ones too (xlsx keeps all numbers as doubles), so 1632960101.0 for a phone
    number typed without quotes (Excel has already dropped its leading 0; `check_phone`
    puts it back); a currency or percentage cell as its bare number (£2 is 2.0); a time as
    datetime.time, a date as datetime.date, both as datetime.datetime; a duration (how ods
    may keep a time of day) as datetime.timedelta; TRUE and FALSE as bool.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: bool is an int
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    if isinstance(value, dt.datetime):
        if value.date() <= dt.date(1900, 1, 1):  # a time, after the spreadsheet's "day zero"
            return _clock(value.time())
        if value.time() == dt.time(0):
            return _date_text(value.date())
        return f"{_date_text(value.date())} {_clock(value.time())}"
    if isinstance(value, dt.date):
        return _date_text(value)
    if isinstance(value, dt.time):
        return _clock(value)
    if isinstance(value, dt.timedelta):
        seconds = round(value.total_seconds())
        if 0 <= seconds < 24 * 3600:
            return _clock(dt.time(seconds // 3600, seconds // 60 % 60))
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}"
    return one_line(str(value)) if value is not None else ""


def _clock(value: dt.time) -> str:
    """A time as staff typed it, to the minute: 18:30 (a time may be stored 18:29:59.99)."""
    minutes = round((value.hour * 3600 + value.minute * 60 + value.second) / 60)
    minutes = min(minutes, 24 * 60 - 1)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _date_text(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _delimiter(header: str) -> str:
    """Spreadsheets in some countries save with semicolons; "Unicode text" uses tabs."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _heading_key(heading: str) -> str:
    words = re.sub(r"\s+", " ", heading.replace("_", " ")).strip().lower()
    return re.sub(r"\s*\((optional|required)\)$", "", words)


def parse_groups(text: str, path: Path, country: str = "GB") -> tuple[list[Group], list[Problem]]:
    """Parse the text of groups.csv (see `load_groups`)."""
    if not text.strip():
        return [], [Problem(path, None, f"{path.name} is empty, so no groups are shown.")]
    stream = io.StringIO(text, newline="")
    first_line = text.splitlines()[0] if text.splitlines() else ""
    reader = csv.reader(stream, delimiter=_delimiter(first_line))
    problems: list[Problem] = []
    numbered = _csv_rows(reader, lambda: reader.line_num, path, problems)
    groups, last_row_broken = _read_table(numbered, path, country, problems)
    # An odd number of quote marks means a quoted cell never closed: cut off mid-save.
    cut_short = last_row_broken or text.count('"') % 2 == 1
    if cut_short and not text.endswith(("\n", "\r")):
        # Spreadsheet programs end every row with a line break. A broken last row without
        # one is most likely a file still being saved: say so, with no item, so a live
        # reload keeps the last good list whole instead of showing half of it.
        problems.append(
            Problem(
                path,
                reader.line_num,
                f"{CUT_SHORT}. If the file was being saved, this goes by itself; if not, check that row.",
            )
        )
    return groups, problems


def _csv_rows(
    reader: Iterator[list[str]], line_num: Callable[[], int], path: Path, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """Each csv row with the line it starts on (a quoted cell may hold line breaks).

    A row the csv module cannot read is a problem, and the rest go on.
    """
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a cell over the csv module's size limit, for one
            problems.append(
                Problem(
                    path,
                    line_num(),
                    f"this row cannot be read ({error}); it is left out. Check that a cell "
                    "has not had a whole document pasted into it.",
                )
            )
            line = line_num() + 1
            continue
        yield line, row
        line = line_num() + 1


def _read_table(
    rows: Iterator[tuple[int, Sequence[str]]],
    path: Path,
    country: str,
    problems: list[Problem],
    where: str = "line",
) -> tuple[list[Group], bool]:
    """The checks every groups file goes through, csv or spreadsheet, row by row.

    `rows` gives each row with its line (or sheet row) number; the first row that is not
    blank names the columns; `where` is what staff call a number in this file (a line of a
    csv, a row of a sheet). Returns the good groups, and whether the last row was broken.
    """
    heading_line, headings = 1, []
    for line, row in rows:  # blank rows above the column names (in a sheet) are passed over
        if any(cell.strip() for cell in row):
            heading_line, headings = line, list(row)
            break
    fields: list[str | None] = []
    for heading in headings:
        key = _heading_key(heading)
        field = COLUMNS.get(key) or _ALIASES.get(key)
        if not key:
            field = None
        elif field is None:
            problems.append(
                Problem(
                    path,
                    heading_line,
                    f'the column "{one_line(heading)}" is not one the kiosk knows, so it is not '
                    f"used.{suggest(key, COLUMNS)}",
                )
            )
        elif field in fields:
            problems.append(
                Problem(
                    path,
                    heading_line,
                    f'there are two "{one_line(heading)}" columns; the second is not used.',
                )
            )
            field = None
        fields.append(field)
    missing = [name for name, f in COLUMNS.items() if f in REQUIRED and f not in fields]
    if missing:
        names = " and ".join(f'"{m}"' for m in missing)
        problems.append(
            Problem(
                path,
                heading_line,
                f"the first row must name the columns, and {names} is missing, so no groups "
                "can be read. See content/README.md for the column names.",
            )
        )
        return [], False

    groups: list[Group] = []
    seen: dict[tuple[str, tuple[int, ...], str], int] = {}
    last_row_broken = False
    for row_line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        group, complaints = _parse_row(row, fields, country, row_line)
        last_row_broken = bool(complaints)
        if complaints:
            name = one_line(row[fields.index("name")]) if fields.index("name") < len(row) else ""
            problems += [
                Problem(path, row_line, message, name.casefold() or None) for message in complaints
            ]
            continue
        assert group is not None
        same = (group.name.casefold(), group.days, group.venue.casefold())
        if same in seen:
            problems.append(
                Problem(
                    path,
                    row_line,
                    f'"{group.name}" is listed twice (also on {where} {seen[same]}); this copy is '
                    "left out.",
                )
            )
            continue
        seen[same] = row_line
        groups.append(group)
    if not groups and not problems:
        problems.append(
            Problem(
                path, heading_line, f"{path.name} has its column names but no groups under them."
            )
        )
    return groups, last_row_broken


def _parse_row(
    row: Sequence[str], fields: Sequence[str | None], country: str, line: int
) -> tuple[Group | None, list[str]]:
    """Turn one row into a Group, or say in plain words what is wrong with it."""
    complaints: list[str] = []
    if len(row) > len(fields) and any(cell.strip() for cell in row[len(fields) :]):
        complaints.append(
            "this row has more cells than there are columns. Perhaps a cell with a comma in it "
            "lost its quotes; in a spreadsheet program this fixes itself when saved again."
        )
    cells: dict[str, str] = {}
    too_long: set[str] = set()
    for field, cell in zip(fields, row, strict=False):
        if field is None:
            continue
        value = one_line(cell)  # linear: character classes only
        if len(value) > MAX_CELL:
            complaints.append(f"the {field} cell is too long; keep it under {MAX_CELL} characters.")
            too_long.add(field)
            value = ""  # said once; no other check reads it
        cells[field] = value

    name = cells.get("name", "")
    label = f'"{name}"' if name else "this row"
    if not name and "name" not in too_long:
        complaints.append("the group has no name. Fill in the name column, or delete the row.")
    if not cells.get("what") and "what" not in too_long:
        complaints.append(
            f'{label} has nothing under "what happens". Say in a sentence what happens.'
        )

    days = _parse_days(cells.get("days", ""), complaints)
    start = _parse_time(cells.get("start", ""), "start time", complaints)
    end = _parse_time(cells.get("end", ""), "end time", complaints)
    if start and end and end <= start:
        complaints.append(
            f"the end time ({cells['end']}) is not after the start time ({cells['start']})."
        )

    phone, extension = check_phone(cells.get("phone", ""), country, complaints)
    email = cells.get("email", "")
    if email and not is_email(email):
        complaints.append(f'"{email}" does not look like an email address (name@example.org).')
    website = cells.get("website", "")
    if website.lower().startswith("www."):
        website = "https://" + website
    if website and not is_web_address(website):
        complaints.append(f'"{website}" does not look like a web address (https://example.org).')

    if complaints:
        return None, complaints
    return (
        Group(
            name=name,
            what=cells["what"],
            topics=_split(cells.get("topics", ""), lower=True),
            days=days,
            start=start,
            end=end,
            venue=cells.get("venue", ""),
            address=cells.get("address", ""),
            area=cells.get("area", ""),
            phone=phone,
            extension=extension,
            email=email,
            website=website,
            cost=cells.get("cost", ""),
            access=cells.get("access", ""),
            languages=_split(cells.get("languages", "")),
            line=line,
        ),
        [],
    )


def is_email(value: str) -> bool:
    """True for an email address a person could write to (name@example.org).

    email-validator reads it (syntax only: nothing is looked up), in time that grows with
    the length and no faster; a regular expression here once took 35 s on one cell.
    """
    if len(value) > MAX_CELL:
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def is_web_address(value: str) -> bool:
    """True for http:// or https://, a host with a dot in it, and no spaces anywhere.

    Plain string steps, each through the text once.
    """
    if len(value) > MAX_CELL or any(c.isspace() for c in value):
        return False
    scheme, separator, rest = value.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return False
    host = rest.split("/", 1)[0]
    dot = host.find(".", 1)
    return dot != -1 and dot < len(rest) - 1


def _split(value: str, *, lower: bool = False) -> tuple[str, ...]:
    """Split a cell such as "family; work" or "family, work" into its parts."""
    parts = (p.strip() for p in re.split(r"[;,]", value))
    return tuple(p.lower() if lower else p for p in parts if p)


def _parse_days(value: str, complaints: list[str]) -> tuple[int, ...]:
    if not value:
        return ()
    lowered = value.lower().strip()
    if lowered in _DAY_WORDS:
        return _DAY_WORDS[lowered]
    days: set[int] = set()
    for word in re.split(r"[;,/&]|\band\b", lowered):
        word = word.strip().rstrip(".")
        if not word:
            continue
        if word not in _DAY_WORDS:
            complaints.append(f'"{word}" is not a day the kiosk knows.{suggest(word, _DAY_WORDS)}')
            continue
        days.update(_DAY_WORDS[word])
    return tuple(sorted(days))


def _parse_time(value: str, column: str, complaints: list[str]) -> dt.time | None:
    if not value:
        return None
    if value.lower() in ("noon", "midday"):
        return dt.time(12, 0)
    found = _TIME.match(value.strip())
    if found:
        hour, minute = int(found.group(1)), int(found.group(2) or 0)
        suffix = (found.group(3) or "").lower().replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60 and (not suffix or 1 <= int(found.group(1)) <= 12):
            return dt.time(hour, minute)
    complaints.append(
        f'the {column} "{value}" is not a time the kiosk understands (like 18:30 or 6:30pm).'
    )
    return None


def check_phone(value: str, country: str, complaints: list[str]) -> tuple[str, str]:
    """A phone cell as the number to show and its extension ("" for none, or for no number).

    An extension may follow the number as phonenumbers reads it: "01632 960101 ext. 100",
    "x100", "extension 100" (Open Referral's importer writes the first). What is wrong is
    added to `complaints`, the cell given back as it was.
    """
    shown, extension, complaint = _phone(value, country)
    if complaint:
        complaints.append(complaint)
    return shown, extension


@functools.lru_cache(maxsize=4096)
def _phone(value: str, country: str) -> tuple[str, str, str]:
    """check_phone's answer, and its complaint ("" for none).

    Kept for the next reload: many groups share the centre's number, and each parse takes
    phonenumbers a while (up to 4,096 cells, each at most a cell's length).
    """
    if not value:
        return "", "", ""
    try:
        number = phonenumbers.parse(value, country)
    except phonenumbers.NumberParseException:
        return value, "", f'"{value}" does not look like a phone number.'
    extension = number.extension or ""
    number.extension = None
    digits = len(phonenumbers.national_significant_number(number))
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if phonenumbers.is_valid_number(number):
        return national, extension, ""
    # Numbers set aside for examples and drama are "possible" but not "valid"; keep them.
    if phonenumbers.is_possible_number(number) and digits >= 9:
        typed = _before_extension(value, extension)
        if typed.isdigit() and not typed.startswith("0"):
            # Digits alone, no leading 0: a number cell, whose 0 the spreadsheet dropped
            # (01632 960101 kept as 1632960101). The national form puts it back.
            return national, extension, ""
        return typed, extension, ""
    return value, "", f'"{value}" does not look like a whole phone number. Check the digits.'


def _before_extension(value: str, extension: str) -> str:
    """The number as typed, without its extension: "01632 960101 ext. 7" -> "01632 960101"."""
    cut = value.rfind(extension) if extension else -1
    if cut < 0:
        return value
    head = value[:cut]
    end = max((i for i, c in enumerate(head) if c.isdigit() or c == ")"), default=-1)
    return head[: end + 1]
