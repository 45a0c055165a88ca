"""What every command group shares: the --data option, the store, the shape of a handler."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias

from kiosk.core import paths
from kiosk.messages.store import MessageStore

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A command's handler: takes the parsed arguments, returns the exit code."""

# argparse does not name the type `add_subparsers` returns; it is generic only to type checkers.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""Where a command group adds its subcommands."""

DATA_HELP = "data folder (default: $KIOSK_DATA or your user data folder)"


def add_data_option(parser: argparse.ArgumentParser, help_text: str = DATA_HELP) -> None:
    """Add `--data DIR` to `parser`; `help_text` says what the command keeps there, if not messages."""
    parser.add_argument("--data", metavar="DIR", help=help_text)


def open_store(args: argparse.Namespace) -> MessageStore:
    """The message store in the data folder that `--data` (or the environment) names."""
    return MessageStore(paths.data_dir(args.data))
