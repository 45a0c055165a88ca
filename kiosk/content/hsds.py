"""Groups from an Open Referral directory (HSDS), in the kiosk's own columns.

Many local directories publish their services in Open Referral's Human Services Data
Specification: a data package (a folder of CSV files, one a table: services.csv,
organizations.csv, locations.csv, service_at_location.csv, addresses.csv, phones.csv,
schedules.csv ...; or those zipped, as directories often offer them to download) or JSON
(services with their organization, phones, schedules and
locations nested in them). `read_directory` maps what a visitor needs from it to rows
with the headings of groups.csv, and says in plain words what it could not map, so staff
know what to fill in; `write_groups` saves the rows.

Each version names its files differently (3.0: services.csv, service_at_location.csv,
schedules.csv; 1.x: services_at_location.csv, regular_schedules.csv,
physical_addresses.csv; drafts and exports: service.csv ...). A data package's
datapackage.json says which file holds which table (its "resources", each with a name
and a path), so where there is one its names are used; otherwise, or for a table it
leaves out, a file is recognised by any of the names in `FILE_NAMES`.

Field names are HSDS 3.0's, with the older names where 2.0 and 1.x differ:
physical_address for address, `number_type` for a phone's `type`, `fees` for
`fees_description`, `language` for a language's `name`, an organization's `url` for its
`website`, accessibility_for_disabilities (`accessibility`) for accessibility
(`description`), and 1.x's regular_schedule (`weekday`: 1 is Monday, 7 Sunday, or its
name; `opens_at`, `closes_at`) for schedule.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.content.groups import COLUMNS, DAY_NAMES, MAX_CELL, check_phone
from kiosk.core.files import FileProblem, read_text
from kiosk.core.text import one_line

MAX_TABLE_BYTES = 100_000_000
"""A directory for a whole region is a few MB; a file far bigger is not the right one."""

Row = dict[str, str]
"""One row of a table: field name to text ("" for a field left out)."""

TABLES = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "address",
    "physical_address",
    "phone",
    "schedule",
    "regular_schedule",
    "language",
    "accessibility",
    "accessibility_for_disabilities",
)
"""The HSDS tables the kiosk reads (HSDS 3.0's names, then the older ones)."""

_PLURALS = {
    "organization": ("organizations",),
    "service": ("services",),
    "location": ("locations",),
    "service_at_location": (
        "service_at_locations",
        "services_at_location",
        "services_at_locations",
    ),
    "address": ("addresses",),
    "physical_address": ("physical_addresses",),
    "phone": ("phones",),
    "schedule": ("schedules",),
    "regular_schedule": ("regular_schedules",),
    "language": ("languages",),
}
FILE_NAMES: dict[str, str] = {
    f"{name}.csv": table for table in TABLES for name in (table, *_PLURALS.get(table, ()))
}
"""Each file name a table has had in a version of HSDS (lower case), to the table."""

_BYDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_WEEKDAY_NUMBERS = {str(number): day for number, day in enumerate(_BYDAY, 1)}
"""HSDS 1.x's weekday: 1 is Monday, 7 Sunday."""
_NOT_WEEKLY = {
    "byweekno": "weeks of the year",
    "bymonthday": "days of the month",
    "byyearday": "days of the year",
}
_ORDINAL = re.compile(r"^([+-]?\d+)?([A-Z]{2})$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})")
_TAG = re.compile(r"<[^<>]*+>")
"""An HTML tag. No "<" inside one, so a start is never scanned twice: time linear in length."""
_CLOSED = ("inactive", "defunct", "temporarily closed")


class DirectoryProblem(Exception):
    """The directory cannot be read at all, in words for staff."""


@dataclass
class Imported:
    """What came out of a directory: rows for groups.csv, and what could not be mapped."""

    rows: list[Row] = field(default_factory=list)
    """Each a group, by the headings of groups.csv (name, what happens, days ...)."""
    notes: list[str] = field(default_factory=list)
    """Plain words for staff: what is missing or could not be said in the kiosk's columns."""


def read_directory(path: Path, today: dt.date | None = None, country: str = "GB") -> Imported:
    """Read an HSDS folder of CSV files, or a JSON file, into groups (see the module).

    `country` is the kiosk's (kiosk.toml), for phone numbers written without one.
    """
    return map_groups(load_tables(path), today or dt.date.today(), country)


def load_tables(path: Path) -> dict[str, list[Row]]:
    """The HSDS tables in `path`: a folder of CSV files, or JSON (a file, or one in a folder)."""
    if path.is_dir():
        tables = _read_folder(path)
        if tables["service"]:
            return tables
        found = sorted(p for p in path.glob("*.json") if p.name != "datapackage.json")
        if len(found) == 1:
            return _read_json(found[0])
        raise DirectoryProblem(
            f"there is no services.csv (or service.csv) in {path}, so this does not look like "
            "an Open Referral (HSDS) data package. Give the folder that holds services.csv, "
            "or a JSON file of services."
        )
    if path.is_file() and zipfile.is_zipfile(path):
        return _read_zip(path)
    if path.is_file():
        return _read_json(path)
    raise DirectoryProblem(f"{path} is not there. Check the name of the folder or file.")


def _read_folder(folder: Path) -> dict[str, list[Row]]:
    """The tables in a folder of CSV files, by the names its datapackage.json gives them."""
    names = _file_names(folder / "datapackage.json")
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    for path in sorted(folder.glob("*.csv")):
        table = names.get(path.name.lower())
        if table and not tables[table]:
            tables[table] = _read_csv(path)
    return tables


def _file_names(package: Path | str) -> dict[str, str]:
    """File name (lower case) to table: `FILE_NAMES`, then what datapackage.json says.

    `package` is the datapackage.json file, or its text. A file that cannot be read, or
    is not a data package, is passed over: the files are then known by their names alone.
    """
    try:
        if isinstance(package, Path):
            if not package.is_file():
                return FILE_NAMES
            package, _encoding = read_text(package, max_bytes=MAX_TABLE_BYTES)
        resources = json.loads(package).get("resources", [])
    except (FileProblem, ValueError, AttributeError, RecursionError):
        return FILE_NAMES
    names = dict(FILE_NAMES)
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict):
            continue
        table, file = resource.get("name"), resource.get("path")
        if table in TABLES and isinstance(file, str) and file.lower().endswith(".csv"):
            names[PurePosixPath(file).name.lower()] = table
    return names


def _read_zip(path: Path) -> dict[str, list[Row]]:
    """A data package downloaded as one zip file: its CSV files, wherever they are in it."""
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            package = next(
                (i for i in infos if PurePosixPath(i.filename).name == "datapackage.json"), None
            )
            names = FILE_NAMES
            if package is not None and package.file_size <= MAX_TABLE_BYTES:
                names = _file_names(_decode(archive.read(package)))
            for info in infos:
                name = PurePosixPath(info.filename).name.lower()
                table = names.get(name)
                if table is None or tables[table]:
                    continue
                if info.file_size > MAX_TABLE_BYTES:
                    raise DirectoryProblem(f"{name} in {path.name} is far too big to be a table.")
                data = archive.read(info)
                tables[table] = _parse_csv(_decode(data), name)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise DirectoryProblem(f"{path.name} cannot be unpacked ({error}).") from error
    if not tables["service"]:
        raise DirectoryProblem(
            f"there is no services.csv (or service.csv) in {path.name}, so this does not look "
            "like an Open Referral (HSDS) data package."
        )
    return tables


def _decode(data: bytes) -> str:
    """A CSV file's bytes as text: UTF-8 (with or without the mark Excel adds), else cp1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(path: Path) -> list[Row]:
    if not path.is_file():
        return []
    try:
        text, _encoding = read_text(path, max_bytes=MAX_TABLE_BYTES, legacy=True)
    except FileProblem as problem:
        raise DirectoryProblem(f"{path.name}: {problem.message}") from problem
    return _parse_csv(text, path.name)


def _parse_csv(text: str, name: str) -> list[Row]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        return [_row(record) for record in reader]
    except csv.Error as error:
        raise DirectoryProblem(f"{name} cannot be read as CSV ({error}).") from error


def _row(record: Mapping[Any, Any]) -> Row:
    """Field names as HSDS writes them (lower case), every value as text."""
    row: Row = {}
    for key, value in record.items():
        if not isinstance(key, str):
            continue  # csv.DictReader puts extra cells under None; JSON keys are strings
        if isinstance(value, dict | list):
            continue  # nested objects are tables of their own (see _flatten)
        text = (
            "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        )
        row[key.strip().lower()] = "" if text.lower() == "null" else text.strip()
    return row


def _read_json(path: Path) -> dict[str, list[Row]]:
    try:
        text, _encoding = read_text(path, max_bytes=MAX_TABLE_BYTES)
        data = json.loads(text)
    except FileProblem as problem:
        raise DirectoryProblem(f"{path.name}: {problem.message}") from problem
    except (json.JSONDecodeError, RecursionError) as error:
        raise DirectoryProblem(
            f"{path.name} is not JSON the kiosk can read ({one_line(str(error))[:200]})."
        ) from error
    # A list of services; a page from an HSDS API ({"contents": [...]}); or one service.
    if isinstance(data, dict):
        data = data.get("contents", data.get("services", [data]))
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise DirectoryProblem(f"{path.name} does not hold a list of services.")
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    for number, service in enumerate(data):
        _flatten(service, tables, f"kiosk-import-{number}")  # for what has no id of its own
    if not tables["service"]:
        raise DirectoryProblem(f"{path.name} has no services in it.")
    return tables


def _flatten(service: dict[str, Any], tables: dict[str, list[Row]], key: str) -> None:
    """One JSON service into the tables a data package would have, linked by id."""
    row = _row(service)
    row["id"] = row.get("id") or key
    tables["service"].append(row)
    organization = service.get("organization")
    if isinstance(organization, dict):
        org = _row(organization)
        org["id"] = org.get("id") or f"{key}-org"
        row["organization_id"] = org["id"]
        tables["organization"].append(org)
    for table, nested, link in (
        ("phone", "phones", "service_id"),
        ("schedule", "schedules", "service_id"),
        ("language", "languages", "service_id"),
    ):
        tables[table] += [{**_row(item), link: row["id"]} for item in _objects(service, nested)]
    for number, at in enumerate(_objects(service, "service_at_locations")):
        sal = {**_row(at), "service_id": row["id"]}
        sal["id"] = sal.get("id") or f"{key}-at{number}"
        location = at.get("location")
        if isinstance(location, dict):
            place = _row(location)
            place["id"] = place.get("id") or sal.get("location_id") or f"{sal['id']}-loc"
            sal["location_id"] = place["id"]
            tables["location"].append(place)
            for table, nested in (
                ("address", "addresses"),
                ("phone", "phones"),
                ("accessibility", "accessibility"),
            ):
                tables[table] += [
                    {**_row(item), "location_id": place["id"]}
                    for item in _objects(location, nested)
                ]
        tables["service_at_location"].append(sal)
        for table, nested in (("schedule", "schedules"), ("phone", "phones")):
            tables[table] += [
                {**_row(item), "service_at_location_id": sal["id"]} for item in _objects(at, nested)
            ]


def _objects(parent: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = parent.get(name)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def map_groups(tables: Mapping[str, list[Row]], today: dt.date, country: str = "GB") -> Imported:
    """The services in `tables` as groups.csv rows, and notes on what could not be mapped."""
    found = Imported()
    by = _Index(tables, country)
    for service in tables.get("service", []):
        name = _text(service.get("name", ""))
        if not name:
            found.notes.append(
                f'A service with no name (id "{service.get("id", "")}") is left out.'
            )
            continue
        status = service.get("status", "").lower()
        if status in _CLOSED:
            found.notes.append(f'"{name}" is marked {status} in the directory, so it is left out.')
            continue
        found.rows += _service_rows(service, name, by, today, found.notes)
    if found.rows:
        found.notes.append(
            "Topics are not taken from the directory (its categories are not the kiosk's): "
            'add them under "topics" so visitors can find groups by what they are about.'
        )
    return found


class _Index:
    """The tables, looked up by the id fields that link them.

    Each (table, field) is indexed the first time it is asked for, so a directory for a whole
    region (thousands of services) takes as long as reading it, not that squared.
    """

    def __init__(self, tables: Mapping[str, list[Row]], country: str = "GB") -> None:
        self.tables = tables
        self.country = country
        """For phone numbers: the kiosk's country, as in kiosk.toml."""
        self._indexes: dict[tuple[str, str], dict[str, list[Row]]] = {}

    def where(self, table: str, **links: str) -> list[Row]:
        """Rows of `table` whose fields match all `links` (an empty link matches nothing)."""
        if not links or not all(links.values()):
            return []
        (key, value), *rest = links.items()
        rows = self._index(table, key).get(value, [])
        return [row for row in rows if all(row.get(k) == v for k, v in rest)]

    def one(self, table: str, id_: str) -> Row:
        return next(iter(self.where(table, id=id_)), {})

    def _index(self, table: str, key: str) -> dict[str, list[Row]]:
        index = self._indexes.get((table, key))
        if index is None:
            index = {}
            for row in self.tables.get(table, []):
                index.setdefault(row.get(key, ""), []).append(row)
            self._indexes[table, key] = index
        return index


def _service_rows(
    service: Row, name: str, by: _Index, today: dt.date, notes: list[str]
) -> list[Row]:
    organization = by.one("organization", service.get("organization_id", ""))
    what = _text(service.get("description", "")) or _text(service.get("alternate_name", ""))
    if not what:
        notes.append(f'"{name}" has no description: say in a sentence what happens there.')
    elif len(what) > MAX_CELL:
        what = _shorten(what)
        notes.append(f'"{name}": its description was shortened to fit; check that it reads well.')
    languages = [
        _text(lang.get("name") or lang.get("language") or lang.get("code", ""))
        for lang in by.where("language", service_id=service.get("id", ""))
    ]
    base = {
        "name": name,
        "what happens": what,
        "email": service.get("email") or organization.get("email", ""),
        "website": service.get("url") or organization.get("website") or organization.get("url", ""),
        "cost": _text(service.get("fees_description") or service.get("fees", "")),
        "language": "; ".join(lang for lang in languages if lang),
    }
    places = by.where("service_at_location", service_id=service.get("id", ""))
    if not places:
        notes.append(f'"{name}" has no location in the directory: fill in where it meets.')
    rows: list[Row] = []
    for at in places or [{}]:
        place = by.one("location", at.get("location_id", ""))
        row = {**base, **_where(place, by)}
        if place.get("location_type") == "virtual" and not row["website"]:
            row["website"] = place.get("url", "")
        row["phone"] = _phone(service, at, place, organization, by, notes)
        for slot in _when(service, at, name, by, today, notes):
            rows.append({heading: _text(row.get(heading, "")) for heading in COLUMNS} | slot)
    return rows


def _where(place: Row, by: _Index) -> Row:
    """Venue, address and area (the town) of a location."""
    if not place:
        return {}
    if place.get("location_type") == "virtual":
        return {"venue": place.get("name") or "Online"}
    addresses = by.where("address", location_id=place.get("id", "")) + by.where(
        "physical_address", location_id=place.get("id", "")
    )
    # HSDS 3.0 keeps postal addresses in the same table; where the group meets is physical.
    addresses.sort(key=lambda a: a.get("address_type", "physical") != "physical")
    address = addresses[0] if addresses else {}
    lines = [address.get(f"address_{n}", "") for n in (1, 2, 3, 4)] + [
        address.get("postal_code", "")
    ]
    access = [
        _sentences(
            _text(a.get("description") or a.get("accessibility", "")), _text(a.get("details", ""))
        )
        for a in by.where("accessibility", location_id=place.get("id", ""))
        + by.where("accessibility_for_disabilities", location_id=place.get("id", ""))
    ]
    return {
        "venue": place.get("name", ""),
        "address": ", ".join(part for part in lines if part.strip()),
        "area": address.get("city") or address.get("region", ""),
        "access notes": "; ".join(a for a in access if a),
    }


def _sentences(*parts: str) -> str:
    """Parts as one text, each a sentence: "Step-free" and "Ring" -> "Step-free. Ring"."""
    said = [part for part in parts if part]
    ended = [part if part[-1] in ".!?" else f"{part}." for part in said[:-1]]
    return " ".join([*ended, *said[-1:]])


def _listed(words: list[str]) -> str:
    """Words as a list in a sentence: "a", "a and b", "a, b and c"."""
    return " and ".join(part for part in (", ".join(words[:-1]), words[-1]) if part)


def _phone(
    service: Row, at: Row, place: Row, organization: Row, by: _Index, notes: list[str]
) -> str:
    """The most particular phone number there is that the kiosk can show, and never a fax.

    First one for the service at that place, then the service's, the place's, the
    organization's. An extension is written after the number ("01632 960101 ext. 100"),
    as groups.csv takes it. A number the kiosk would refuse (`check_phone`, the rule
    `kiosk check` uses) is passed over for the next, with a note if none is left.
    """
    candidates = (
        by.where("phone", service_at_location_id=at.get("id", ""))
        + by.where("phone", service_id=service.get("id", ""))
        + by.where("phone", location_id=place.get("id", ""))
        + by.where("phone", organization_id=organization.get("id", ""))
    )
    refused: list[str] = []
    for phone in candidates:
        kind = (phone.get("type") or phone.get("number_type", "")).lower()
        number = _text(phone.get("number", "")).strip("\"' ")  # 3.0's example: "\"+44 ...\""
        if not number or kind in ("fax", "pager"):
            continue
        extension = phone.get("extension", "").removesuffix(".0")
        cell = f"{number} ext. {extension}" if extension else number
        complaints: list[str] = []
        check_phone(cell, by.country, complaints)
        if not complaints:
            return cell
        if cell not in refused:
            refused.append(cell)
    if refused:
        name = _text(service.get("name", ""))
        said = " or ".join(f'"{cell}"' for cell in refused)
        notes.append(
            f'"{name}": the phone number {said} in the directory is not one the kiosk can '
            "show (check its digits), so it is left out; fill in the right one."
        )
    return ""


def _when(
    service: Row, at: Row, name: str, by: _Index, today: dt.date, notes: list[str]
) -> list[Row]:
    """Days and times, one row's worth for each different time the group meets."""
    schedules = by.where("schedule", service_at_location_id=at.get("id", "")) or by.where(
        "schedule", service_id=service.get("id", "")
    )
    regular = by.where("regular_schedule", service_at_location_id=at.get("id", "")) or by.where(
        "regular_schedule", service_id=service.get("id", "")
    )
    schedules += [_regular(s) for s in regular]
    current = [s for s in schedules if not _ended(s, today)]
    if schedules and not current:
        notes.append(
            f'"{name}": every schedule in the directory has ended; fill in when it meets now.'
        )
    slots: dict[tuple[str, str], set[int]] = {}
    for schedule in current:
        days = _days(schedule, name, notes)
        if not days:
            continue
        times = (_time(schedule.get("opens_at", "")), _time(schedule.get("closes_at", "")))
        slots.setdefault(times, set()).update(days)
    if not slots:
        if not schedules:
            notes.append(f'"{name}" has no weekly schedule, so it has no day; fill it in.')
        return [{}]
    rows: list[Row] = []
    taken: set[int] = set()
    for (opens, closes), days in slots.items():
        if days & taken:
            clash = ", ".join(DAY_NAMES[d] for d in sorted(days & taken))
            notes.append(
                f'"{name}" meets more than once on {clash}; the kiosk shows one time a day, so '
                f'{opens or "?"} to {closes or "?"} is left out. Say it under "what happens".'
            )
            continue
        taken |= days
        rows.append(
            {
                "days": "; ".join(DAY_NAMES[d] for d in sorted(days)),
                "start time": opens,
                "end time": closes,
            }
        )
    return rows


def _regular(row: Row) -> Row:
    """An HSDS 1.x regular_schedule row as a weekly schedule.

    Its weekday is a number in 1.1 (1 is Monday, 7 Sunday) and a name in 1.0's examples.
    """
    said = row.get("weekday", "").strip().removesuffix(".0")
    day = _WEEKDAY_NUMBERS.get(said) or said.lower()[:2].upper()
    return {**row, "freq": "WEEKLY", "byday": day if day in _BYDAY else said}


def _ended(schedule: Row, today: dt.date) -> bool:
    for key in ("valid_to", "until"):
        try:
            if dt.date.fromisoformat(schedule.get(key, "")[:10]) < today:
                return True
        except ValueError:
            continue
    return False


def _days(schedule: Row, name: str, notes: list[str]) -> set[int]:
    """The weekdays of one schedule, with a note when the kiosk cannot say how often."""
    days: set[int] = set()
    monthly = schedule.get("freq", "").upper() == "MONTHLY"
    ordinal = False
    for part in schedule.get("byday", "").upper().replace(" ", "").split(","):
        found = _ORDINAL.match(part)
        if found and found.group(2) in _BYDAY:
            days.add(_BYDAY[found.group(2)])
            ordinal = ordinal or bool(found.group(1))
        elif part:
            notes.append(f'"{name}": the day "{part}" in its schedule is not one the kiosk knows.')
    said = _text(schedule.get("description", ""))
    if not days:
        notes.append(
            f'"{name}" has a schedule with no weekdays'
            + (f' ("{said}")' if said else "")
            + ", so it has no day; fill it in."
        )
    elif monthly or ordinal:
        notes.append(
            f'"{name}" meets monthly ({schedule.get("byday", "")}), which the kiosk cannot show '
            'as a day: it is listed on that weekday. Say which week under "what happens".'
        )
    elif fixed := [words for key, words in _NOT_WEEKLY.items() if schedule.get(key)]:
        notes.append(
            f'"{name}" has a schedule that also names {_listed(fixed)}, which the kiosk '
            'cannot show: it is listed every week. Say when it meets under "what happens".'
        )
    elif schedule.get("interval", "1").removesuffix(".0") not in ("", "1"):
        notes.append(
            f'"{name}" meets every {schedule["interval"]} weeks, which the kiosk cannot show '
            'as a day: say so under "what happens".'
        )
    return days


def _time(value: str) -> str:
    """An HSDS time (09:00, 09:00:00Z, 18:30-05:00) as the kiosk's 24-hour clock."""
    found = _CLOCK.match(value.strip())
    return f"{int(found.group(1)):02d}:{found.group(2)}" if found else ""


def _text(value: str) -> str:
    """One tidy line: descriptions may hold HTML or Markdown, which a visitor should not see."""
    return one_line(html.unescape(_TAG.sub(" ", value))).replace("**", "")


def _shorten(text: str) -> str:
    """Cut at the last full sentence (or word) that fits in a cell."""
    cut = text[: MAX_CELL - 1]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > MAX_CELL // 2 else cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def write_groups(rows: Iterable[Row], target: Path) -> None:
    """Save `rows` as groups.csv, with the kiosk's own column headings.

    With a byte-order mark: Excel then opens it as UTF-8, so "café" does not turn into
    "cafÃ©" when staff open the imported list to fill in what is missing.
    """
    partial = target.with_name(f".{target.name}.partial")
    with partial.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    partial.replace(target)  # the kiosk never reads a half-written list
