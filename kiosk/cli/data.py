"""`kiosk stats`, `kiosk backup` and `kiosk restore`: what the data folder holds, kept safe."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.cli.common import Commands, add_data_option, open_messages, open_usage


def add_commands(commands: Commands) -> None:
    """Add `stats`, `backup` and `restore`."""
    stats = commands.add_parser(
        "stats",
        help="usage counts per day (nothing about any visitor)",
        description="Usage counts per day: visits, stories, messages, groups. No times, no visitors.",
    )
    stats.add_argument(
        "--csv", action="store_true", help="print CSV for a spreadsheet or a funder's report"
    )
    stats.add_argument("--days", type=int, default=31, help="how many days back (default: 31)")
    stats.add_argument(
        "--month", metavar="YYYY-MM", help="one calendar month instead, such as 2026-11"
    )
    add_data_option(stats)

    backup = commands.add_parser(
        "backup", help="copy the messages database to FILE (safe while the kiosk runs)"
    )
    backup.add_argument("file", metavar="FILE")
    add_data_option(backup)
    restore = commands.add_parser(
        "restore", help="check a backup FILE and put it back (stop the kiosk first)"
    )
    restore.add_argument("file", metavar="FILE")
    add_data_option(restore)


def stats(args: argparse.Namespace) -> int:
    """Print the usage counts per day, as a table or CSV; 2 if --month is not YYYY-MM."""
    import csv
    import datetime as dt

    from kiosk.usage.reports import daily_totals

    if args.month:
        try:
            since = dt.date.fromisoformat(f"{args.month}-01")
        except ValueError:
            print("kiosk: --month is written like 2026-11", file=sys.stderr)
            return 2
        after = (since.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        counts = [row for row in open_usage(args).counts(since) if row[0] < after]
    else:
        counts = open_usage(args).counts(dt.date.today() - dt.timedelta(days=max(0, args.days - 1)))
    table = daily_totals(counts)
    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["day", *table.columns])
        for day, row in table.rows:
            writer.writerow([day.isoformat(), *row])
        return 0
    if not table.rows:
        print("No usage counted yet.")
        return 0
    print(table.text())
    return 0


def backup(args: argparse.Namespace) -> int:
    """Copy the messages database to FILE, then check the copy."""
    target = Path(args.file).expanduser()
    count = open_messages(args).backup(target)
    print(f"Backup written to {target} ({count} messages).")
    return 0


def restore(args: argparse.Namespace) -> int:
    """Put a checked backup FILE back, keeping the database it replaces beside it."""
    target = Path(args.file).expanduser()
    count, safety = open_messages(args).restore(target)
    print(f"Restored {count} messages from {target}. The previous database was kept as {safety}.")
    return 0
