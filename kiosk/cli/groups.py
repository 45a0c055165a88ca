"""`kiosk groups import`: the local groups from an Open Referral (HSDS) directory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.cli.common import Commands
from kiosk.core import paths

BACKUP = "groups-before-import.csv"
"""Where --replace keeps the old groups.csv: not a name the kiosk reads, so it stays out."""


def add_commands(commands: Commands) -> None:
    """Add `groups` and its action `import`."""
    groups = commands.add_parser(
        "groups", help="bring in the list of local groups", description="The local groups list."
    )
    actions = groups.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = actions.add_parser(
        "import",
        help="write groups.csv from an Open Referral (HSDS) directory",
        description="Read an Open Referral (HSDS) directory, version 1.x to 3.0: a folder "
        "of its CSV files (services.csv, locations.csv, schedules.csv ..., by the names its "
        "datapackage.json gives them), those zipped, or a JSON file of services. Writes "
        "groups.csv in the content folder with the kiosk's own columns, then says what "
        "could not be brought over, so you can fill it in.",
    )
    importing.add_argument("path", metavar="PATH", help="the HSDS folder, zip or JSON file")
    importing.add_argument(
        "--content",
        metavar="DIR",
        help="content folder to write groups.csv in (default: $KIOSK_CONTENT)",
    )
    importing.add_argument(
        "--replace",
        action="store_true",
        help=f"write over the groups list already there (the old groups.csv is kept as {BACKUP})",
    )


def import_groups(args: argparse.Namespace) -> int:
    """Write groups.csv from an HSDS directory; 1 if nothing was written."""
    import logging

    from kiosk.content.groups import GROUP_FILES, GROUPS_FILE, load_groups
    from kiosk.content.hsds import DirectoryProblem, read_directory, write_groups
    from kiosk.core.config import load_config

    folder = paths.content_dir(args.content)
    if folder == paths.BUNDLED_CONTENT:
        print(
            "kiosk: say which content folder to write groups.csv in, with --content DIR "
            "(or $KIOSK_CONTENT). The samples that come with the kiosk are not changed.",
            file=sys.stderr,
        )
        return 1
    if not folder.is_dir():
        print(f"kiosk: the content folder {folder} does not exist.", file=sys.stderr)
        return 1
    present = [name for name in GROUP_FILES if (folder / name).exists()]
    if present and not args.replace:
        print(
            f"kiosk: {' and '.join(present)} {'is' if len(present) == 1 else 'are'} already in "
            f"{folder}, and importing would "
            f"write over the list. Nothing was changed. To write over it, add --replace "
            f"(the old groups.csv is kept as {BACKUP}).",
            file=sys.stderr,
        )
        return 1
    country = load_config(folder)[0].country  # phone numbers are checked as the kiosk will
    try:
        imported = read_directory(Path(args.path), country=country)
    except DirectoryProblem as problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return 1
    if not imported.rows:
        for note in imported.notes:
            print(f"- {note}")
        print("kiosk: no groups could be taken from this directory; nothing was written.")
        return 1
    target = folder / GROUPS_FILE
    if target.exists():
        target.replace(folder / BACKUP)
        print(f"The old {GROUPS_FILE} is kept as {BACKUP}.")
    write_groups(imported.rows, target)
    print(f"Wrote {len(imported.rows)} groups to {target}.")
    if imported.notes:
        print("Not everything could be brought over; please fill this in:")
        for note in imported.notes:
            print(f"- {note}")
    logging.disable(logging.WARNING)
    _groups, problems = load_groups(folder, country)
    problems = [p for p in problems if p.path == target]
    if problems:
        print("The kiosk's own check of the new list (see content/README.md):")
        for found in problems:
            print(found.format(folder))
    others = [name for name in present if name != GROUPS_FILE]
    if others:
        print(
            f"{' and '.join(others)} {'is' if len(others) == 1 else 'are'} here too. The kiosk "
            "uses the file saved most recently, which is now groups.csv; delete "
            f"{'it' if len(others) == 1 else 'them'} once you are happy with the new list."
        )
    return 0
