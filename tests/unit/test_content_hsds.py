"""`kiosk groups import`: an Open Referral (HSDS) directory into groups.csv.

The directories here are small ones built from the published HSDS schema (3.0 tables,
2.0's older names, and 3.0's JSON): a few services, one meeting twice a week at different
times, one with no schedule, one with a phone, one closed. Open Referral's own published
examples (tests/data/hsds: the 3.0 CSV folder and service_full.json, and the 1.x sample
data package) are read as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli.main import main
from kiosk.content.groups import Group, load_groups
from kiosk.content.hsds import (
    DirectoryProblem,
    load_tables,
    map_groups,
    read_directory,
    write_groups,
)
from tests.support.paths import HSDS_EXAMPLES

TODAY = dt.date(2026, 12, 4)
EXAMPLES_DAY = dt.date(2005, 1, 1)
"""The one day the 3.0 examples' schedule is valid (valid_from and valid_to)."""

TABLES: dict[str, list[dict[str, str]]] = {
    "organization": [
        {"id": "o1", "name": "Wrenford Mind", "description": "Local charity.",
         "email": "hello@example.org", "website": "https://example.org"},
    ],
    "service": [
        {"id": "s1", "organization_id": "o1", "name": "Walk and Talk", "status": "active",
         "description": "<p>A gentle walk, then tea &amp; biscuits.</p>",
         "url": "https://example.org/walk", "email": "walk@example.org",
         "fees_description": "Free"},
        {"id": "s2", "organization_id": "o1", "name": "Art Club", "status": "active",
         "description": "Painting together, no skill needed."},
        {"id": "s3", "organization_id": "o1", "name": "Old Choir", "status": "defunct",
         "description": "Gone."},
        {"id": "s4", "organization_id": "o1", "name": "Carers' Cuppa", "status": "active",
         "description": "Tea for carers."},
    ],
    "location": [
        {"id": "l1", "organization_id": "o1", "name": "Riverside Drop-in",
         "location_type": "physical"},
    ],
    "service_at_location": [
        {"id": "sl1", "service_id": "s1", "location_id": "l1"},
        {"id": "sl2", "service_id": "s2", "location_id": "l1"},
    ],
    "address": [
        {"id": "a1", "location_id": "l1", "address_1": "3 Quay Street", "address_2": "",
         "city": "Wrenford", "postal_code": "RV5 1QS", "country": "GB",
         "address_type": "physical"},
        {"id": "a2", "location_id": "l1", "address_1": "PO Box 9", "city": "Elsewhere",
         "postal_code": "RV9 9ZZ", "country": "GB", "address_type": "postal"},
    ],
    "phone": [
        {"id": "p1", "service_id": "s1", "number": "01632 960101", "type": "voice"},
        {"id": "p2", "service_id": "s2", "number": "01632 960999", "type": "fax"},
    ],
    "schedule": [
        {"id": "sc1", "service_id": "s1", "freq": "WEEKLY", "byday": "MO",
         "opens_at": "18:30:00Z", "closes_at": "20:00:00Z"},
        {"id": "sc2", "service_id": "s1", "freq": "WEEKLY", "byday": "TH,SA",
         "opens_at": "10:00", "closes_at": "11:30"},
        {"id": "sc3", "service_id": "s4", "freq": "MONTHLY", "byday": "1WE",
         "opens_at": "10:30", "closes_at": "12:00"},
        {"id": "sc4", "service_id": "s4", "freq": "WEEKLY", "byday": "FR",
         "opens_at": "10:30", "closes_at": "12:00", "valid_to": "2025-01-31"},
    ],
}  # fmt: skip


def package(folder: Path, tables: dict[str, list[dict[str, str]]] = TABLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        fields = sorted({key for row in rows for key in row})
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def test_a_data_package_becomes_groups_with_days_times_and_phones(tmp_path: Path) -> None:
    imported = read_directory(package(tmp_path / "hsds"), TODAY)
    rows = {(r["name"], r["days"]): r for r in imported.rows}
    assert sorted(rows) == [
        ("Art Club", ""),
        ("Carers' Cuppa", "Wednesday"),
        ("Walk and Talk", "Monday"),
        ("Walk and Talk", "Thursday; Saturday"),
    ]
    monday = rows["Walk and Talk", "Monday"]
    assert monday["what happens"] == "A gentle walk, then tea & biscuits."
    assert (monday["start time"], monday["end time"]) == ("18:30", "20:00")
    assert rows["Walk and Talk", "Thursday; Saturday"]["start time"] == "10:00"
    assert monday["venue"] == "Riverside Drop-in"
    assert monday["address"] == "3 Quay Street, RV5 1QS"  # the physical one, not the PO box
    assert monday["area"] == "Wrenford"
    assert monday["phone"] == "01632 960101"
    assert monday["email"] == "walk@example.org" and monday["cost"] == "Free"
    assert rows["Art Club", ""]["phone"] == ""  # a fax is no use to a visitor
    assert rows["Art Club", ""]["website"] == "https://example.org"  # the organization's
    notes = "\n".join(imported.notes)
    assert '"Art Club" has no weekly schedule, so it has no day; fill it in.' in notes
    assert '"Old Choir" is marked defunct in the directory, so it is left out.' in notes
    assert '"Carers\' Cuppa" meets monthly (1WE)' in notes
    assert '"Carers\' Cuppa" has no location in the directory' in notes
    assert "Topics are not taken from the directory" in notes


def test_the_written_groups_csv_loads_with_no_problems(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    code = main(["groups", "import", str(package(tmp_path / "hsds")), "--content", str(content)])
    assert code == 0
    groups, problems = load_groups(content)
    assert problems == []
    by_line = {g.line: g for g in groups}
    assert [g.name for g in groups] == [
        "Walk and Talk",
        "Walk and Talk",
        "Art Club",
        "Carers' Cuppa",
    ]
    assert by_line[2].days == (0,) and by_line[2].start == dt.time(18, 30)
    assert by_line[3].days == (3, 5) and by_line[3].end == dt.time(11, 30)
    assert by_line[2].phone == "01632 960101"
    assert by_line[2].when_words() == "Mondays, 6:30pm to 8pm"
    assert (content / "groups.csv").read_bytes().startswith(b"\xef\xbb\xbfname,what happens,")


def test_an_existing_list_is_not_written_over_without_replace(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hsds = package(tmp_path / "hsds")
    before = (content / "groups.csv").read_bytes()
    assert main(["groups", "import", str(hsds), "--content", str(content)]) == 1
    said = capsys.readouterr().err
    assert "groups.csv is already in" in said and "add --replace" in said
    assert (content / "groups.csv").read_bytes() == before

    assert main(["groups", "import", str(hsds), "--content", str(content), "--replace"]) == 0
    out = capsys.readouterr().out
    assert "Wrote 4 groups" in out and "kept as groups-before-import.csv" in out
    assert '- "Art Club" has no weekly schedule' in out
    assert (content / "groups-before-import.csv").read_bytes() == before
    assert len(load_groups(content)[0]) == 4


def test_the_bundled_samples_are_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["groups", "import", str(package(tmp_path / "hsds"))]) == 1
    assert "--content DIR" in capsys.readouterr().err


def test_a_zipped_data_package_as_directories_offer_it(tmp_path: Path) -> None:
    import zipfile

    folder = package(tmp_path / "hsds")
    with zipfile.ZipFile(tmp_path / "directory.zip", "w") as archive:
        for table in folder.iterdir():
            archive.write(table, f"open-referral-export/{table.name}")
    rows = read_directory(tmp_path / "directory.zip", TODAY).rows
    assert [r["name"] for r in rows] == [r["name"] for r in read_directory(folder, TODAY).rows]


def test_hsds_2_names_physical_address_and_number_type(tmp_path: Path) -> None:
    tables = {name: [dict(row) for row in rows] for name, rows in TABLES.items()}
    tables["physical_address"] = [
        r for r in tables.pop("address") if r["address_type"] == "physical"
    ]
    for phone in tables["phone"]:
        phone["number_type"] = phone.pop("type")
    for service in tables["service"]:
        service["fees"] = service.pop("fees_description", "")
    tables["language"] = [{"id": "la1", "service_id": "s1", "language": "Polish"}]
    rows = read_directory(package(tmp_path / "hsds", tables), TODAY).rows
    walk = next(r for r in rows if r["name"] == "Walk and Talk")
    assert walk["address"] == "3 Quay Street, RV5 1QS" and walk["cost"] == "Free"
    assert walk["language"] == "Polish"
    assert next(r for r in rows if r["name"] == "Art Club")["phone"] == ""


def test_hsds_3_json_with_nested_fields(tmp_path: Path) -> None:
    services = [
        {
            "id": "s1",
            "name": "Walk and Talk",
            "description": "A gentle walk.",
            "status": "active",
            "organization": {"id": "o1", "name": "Wrenford Mind", "website": "https://example.org"},
            "phones": [{"number": "01632 960101"}],
            "schedules": [
                {"freq": "WEEKLY", "byday": "TU,TH", "opens_at": "10:30", "closes_at": "12:00"}
            ],
            "languages": [{"name": "English", "code": "en"}],
            "service_at_locations": [
                {
                    "location": {
                        "name": "The Library",
                        "location_type": "physical",
                        "addresses": [
                            {"address_1": "1 High St", "city": "Old Town", "postal_code": "RV1 1AA",
                             "address_type": "physical"}
                        ],
                        "accessibility": [{"description": "Step-free"}],
                    }
                }
            ],
        },
        {"name": "Online Chat", "description": "From home.", "status": "active",
         "service_at_locations": [{"location": {"name": "Online", "location_type": "virtual",
                                                "url": "https://example.org/chat"}}]},
    ]  # fmt: skip
    path = tmp_path / "services.json"
    path.write_text(json.dumps({"total_items": 2, "contents": services}))
    rows = read_directory(path, TODAY).rows
    walk, chat = rows
    assert (walk["days"], walk["start time"], walk["end time"]) == (
        "Tuesday; Thursday",
        "10:30",
        "12:00",
    )
    assert walk["venue"] == "The Library" and walk["area"] == "Old Town"
    assert walk["address"] == "1 High St, RV1 1AA" and walk["access notes"] == "Step-free"
    assert walk["phone"] == "01632 960101" and walk["website"] == "https://example.org"
    assert walk["language"] == "English"
    assert chat["venue"] == "Online" and chat["website"] == "https://example.org/chat"


def imported_groups(tmp_path: Path, source: Path) -> list[Group]:
    """`kiosk groups import` of `source` into an empty content folder, then its groups.

    The written list must pass the kiosk's own check, as `kiosk check` runs it.
    """
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    assert main(["groups", "import", str(source), "--content", str(content), "--replace"]) == 0
    groups, problems = load_groups(content)
    assert [p.format(content) for p in problems] == []
    return groups


@pytest.mark.parametrize(
    "example", ["hsds-3.0-csv", "service_full.json"], ids=["3.0 CSV folder", "3.0 JSON"]
)
def test_the_hsds_3_examples_give_their_one_group_with_day_time_place_and_phone(
    tmp_path: Path, example: str
) -> None:
    imported = read_directory(HSDS_EXAMPLES / example, EXAMPLES_DAY)
    [row] = imported.rows
    assert row["name"] == "Community Counselling"
    assert (row["days"], row["start time"], row["end time"]) == (
        "Thursday; Friday",
        "10:00",
        "18:00",
    )
    assert (row["venue"], row["area"]) == ("MyCity Civic Center", "MyCity")
    assert row["address"] == "1-30 Main Street, MyVillage, ABC 1234"
    # The examples write the number in quotes ("\"+44 1234 234567\""), with extension 100.
    assert row["phone"] == "+44 1234 234567 ext. 100"
    assert row["language"] == "Urdu" and row["email"] == "email@example.com"
    assert row["access notes"].endswith(
        "on all levels. Switch hearing aid to T-coil to access the induction loop facility."
    )
    notes = "\n".join(imported.notes)
    assert "also names weeks of the year, days of the month and days of the year" in notes

    [group] = imported_groups(tmp_path, HSDS_EXAMPLES / example)
    assert (group.phone, group.extension) == ("01234 234567", "100")
    assert group.phone_words() == "01234 234567, extension 100"
    assert group.venue == "MyCity Civic Center"


def test_the_hsds_3_example_schedule_has_ended_by_now_and_staff_are_told() -> None:
    imported = read_directory(HSDS_EXAMPLES / "hsds-3.0-csv", TODAY)
    assert [row["days"] for row in imported.rows] == [""]
    assert (
        '"Community Counselling": every schedule in the directory has ended; fill in when it '
        "meets now." in imported.notes
    )


def test_the_hsds_3_folder_is_known_by_its_file_names_without_datapackage_json(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "csv"
    shutil.copytree(HSDS_EXAMPLES / "hsds-3.0-csv", folder)
    # Downloaded from GitHub, the folder's datapackage.json is its symlink's text.
    (folder / "datapackage.json").write_text("../../datapackage.json")
    assert (
        read_directory(folder, EXAMPLES_DAY).rows
        == read_directory(HSDS_EXAMPLES / "hsds-3.0-csv", EXAMPLES_DAY).rows
    )
    (folder / "datapackage.json").unlink()
    [row] = read_directory(folder, EXAMPLES_DAY).rows
    assert row["days"] == "Thursday; Friday" and row["venue"] == "MyCity Civic Center"


def test_the_hsds_1_sample_package_gives_every_active_service_its_place_and_schedule(
    tmp_path: Path,
) -> None:
    imported = read_directory(HSDS_EXAMPLES / "hsds-1.1-sample", TODAY)
    rows = {row["name"]: row for row in imported.rows}
    assert len(rows) == len(imported.rows) == 10  # 13 services, 3 of them inactive
    helpline = rows["Never Homeless Helpline"]
    # regular_schedules.csv: weekdays 1, 2 and 3, 09:00:00 to 17:00:00.
    assert (helpline["days"], helpline["start time"], helpline["end time"]) == (
        "Monday; Tuesday; Wednesday",
        "09:00",
        "17:00",
    )
    assert (helpline["venue"], helpline["area"]) == ("Sanctuary on 5th Street", "New York City")
    assert helpline["address"] == "Address 1, Address 2, 10001"  # physical_addresses.csv
    assert helpline["language"] == "English; Spanish"
    assert helpline["access notes"] == "disabled_parking. Some details regarding the parking lot"
    assert all(row["venue"] for row in imported.rows)  # services_at_location.csv
    assert rows["Bubbles at The Cross"]["venue"] == "St Cross Universal Church"
    notes = "\n".join(imported.notes)
    assert "has no location" not in notes
    assert notes.count("has no weekly schedule") == 9
    # The sample's phone numbers have too many digits for any country: said, not written.
    assert '"Bubbles at The Cross": the phone number "(773) 2351 2461" or' in notes
    assert all(row["phone"] == "" for row in imported.rows)

    groups = imported_groups(tmp_path, HSDS_EXAMPLES / "hsds-1.1-sample")
    assert len(groups) == 10
    helpline_group = next(g for g in groups if g.name == "Never Homeless Helpline")
    assert helpline_group.when_words() == "Mondays, Tuesdays and Wednesdays, 9am to 5pm"


def test_the_hsds_1_sample_is_known_by_its_file_names_and_zipped(tmp_path: Path) -> None:
    import zipfile

    sample = HSDS_EXAMPLES / "hsds-1.1-sample"
    expected = read_directory(sample, TODAY).rows
    folder = tmp_path / "sample"
    shutil.copytree(sample, folder, ignore=shutil.ignore_patterns("datapackage.json"))
    assert read_directory(folder, TODAY).rows == expected
    with zipfile.ZipFile(tmp_path / "sample.zip", "w") as archive:
        for table in sample.iterdir():
            archive.write(table, f"sample-data-master/all_resources/{table.name}")
    assert read_directory(tmp_path / "sample.zip", TODAY).rows == expected


def test_datapackage_json_names_the_files_whatever_they_are_called(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(HSDS_EXAMPLES / "hsds-1.1-sample", folder)
    (folder / "services_at_location.csv").rename(folder / "where.csv")
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        if resource["name"] == "service_at_location":
            resource["path"] = "where.csv"
    (folder / "datapackage.json").write_text(json.dumps(package))
    rows = read_directory(folder, TODAY).rows
    assert all(row["venue"] for row in rows)


def test_a_weekday_by_number_or_by_name(tmp_path: Path) -> None:
    tables = {
        "service": [{"id": "s1", "name": "Tea", "description": "Tea."}],
        "regular_schedule": [
            {"id": "r1", "service_id": "s1", "weekday": "7", "opens_at": "10:00"},
            {"id": "r2", "service_id": "s1", "weekday": "Friday", "opens_at": "10:00"},
            {"id": "r3", "service_id": "s1", "weekday": "8", "opens_at": "10:00"},
        ],
    }
    imported = map_groups(tables, TODAY)
    assert [row["days"] for row in imported.rows] == ["Friday; Sunday"]
    assert '"Tea": the day "8" in its schedule is not one the kiosk knows.' in imported.notes


def test_a_phone_extension_is_written_as_groups_csv_takes_it(tmp_path: Path) -> None:
    tables = {
        "service": [{"id": "s1", "name": "Tea", "description": "Tea."}],
        "phone": [{"id": "p1", "service_id": "s1", "number": "01632 960101", "extension": "7.0"}],
    }
    imported = map_groups(tables, TODAY)
    assert [row["phone"] for row in imported.rows] == ["01632 960101 ext. 7"]
    write_groups(imported.rows, tmp_path / "groups.csv")
    [group], problems = load_groups(tmp_path)
    assert problems == [] and (group.phone, group.extension) == ("01632 960101", "7")


def test_what_cannot_be_read_is_said_plainly(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(DirectoryProblem, match=r"no services\.csv \(or service\.csv\)"):
        load_tables(tmp_path / "empty")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(DirectoryProblem, match="not JSON the kiosk can read"):
        load_tables(tmp_path / "bad.json")
    with pytest.raises(DirectoryProblem, match="is not there"):
        load_tables(tmp_path / "nowhere")


_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
_FIELDS = st.sampled_from(
    ["id", "name", "description", "status", "byday", "freq", "opens_at", "closes_at",
     "valid_to", "interval", "number", "type", "extension", "location_type", "url",
     "address_1", "city", "postal_code", "address_type", "location_id", "service_id"]
)  # fmt: skip
_JSON: st.SearchStrategy[Any] = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                _FIELDS,
                st.sampled_from(
                    ["organization", "phones", "schedules", "languages", "service_at_locations",
                     "location", "addresses", "accessibility"]
                ),
            ),
            inner,
            max_size=6,
        ),
    ),
    max_leaves=30,
)  # fmt: skip


@settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(_JSON)
def test_any_json_gives_groups_or_plain_words_never_a_crash(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(data))
    try:
        imported = map_groups(load_tables(path), TODAY)
    except DirectoryProblem:
        return
    for row in imported.rows:
        assert all(isinstance(v, str) and "\n" not in v for v in row.values())
