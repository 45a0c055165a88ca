"""What every command group shares: the --data option, the data's services, a handler's shape."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from kiosk.core import paths

if TYPE_CHECKING:
    from kiosk.messages.service import MessageService
    from kiosk.staff.pin import StaffLock
    from kiosk.usage.counting import UsageCounts

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A command's handler: takes the parsed arguments, returns the exit code."""

# argparse does not name the type `add_subparsers` returns; it is generic only to type checkers.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""Where a command group adds its subcommands."""

DATA_HELP = "data folder (default: $KIOSK_DATA or your user data folder)"


def add_data_option(parser: argparse.ArgumentParser, help_text: str = DATA_HELP) -> None:
    """Add `--data DIR` to `parser`; `help_text` says what the command keeps there, if not messages."""
    parser.add_argument("--data", metavar="DIR", help=help_text)


# The command line's factory: the one place besides wiring that knows the data is in SQLite.
# Imported when called, so a command that does not need the data does not load it.


def open_messages(args: argparse.Namespace) -> MessageService:
    """The message service on the data folder that `--data` (or the environment) names."""
    from kiosk.core.clock import SystemClock
    from kiosk.messages.service import MessageService
    from kiosk.messages.store import open_sqlite

    stores = open_sqlite(paths.data_dir(args.data))
    return MessageService(stores.messages, SystemClock(), backups=stores.database)


def open_usage(args: argparse.Namespace) -> UsageCounts:
    """The usage counts in the data folder."""
    from kiosk.messages.store import open_sqlite

    return open_sqlite(paths.data_dir(args.data)).usage


def open_staff_lock(args: argparse.Namespace) -> StaffLock:
    """The staff PIN and its lock, kept in the data folder."""
    from kiosk.messages.store import open_sqlite
    from kiosk.staff.pin import StaffLock

    return StaffLock(open_sqlite(paths.data_dir(args.data)).staff)
