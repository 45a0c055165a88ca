"""The `kiosk` command: the parser's top level, and one table from each command to its handler.

Each command group (a module beside this one) adds its own subcommands and holds their
handlers. Those modules import what is heavy (Textual, audio, speech) inside the handlers
that need it, so `kiosk --version`, `kiosk check` and the messages commands start quickly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.cli import (
    content,
    data,
    doctor,
    groups,
    hub,
    messages,
    models,
    run,
    service,
    sound,
    staff,
    stories,
)
from kiosk.cli.common import Handler
from kiosk.messages.repository import StoreError

# In the order `kiosk --help` lists them.
GROUPS = (run, content, stories, groups, doctor, models, sound, messages, hub, data, staff, service)

HANDLERS: dict[tuple[str, str | None], Handler] = {
    ("run", None): run.run,
    ("check", None): content.check,
    ("stories", "transcribe"): stories.transcribe,
    ("groups", "import"): groups.import_groups,
    ("doctor", None): doctor.doctor,
    ("models", "list"): models.list_models,
    ("models", "install"): models.install,
    ("say", None): sound.say,
    ("devices", None): sound.devices,
    ("messages", "list"): messages.list_messages,
    ("messages", "show"): messages.show,
    ("messages", "approve"): messages.approve,
    ("messages", "reject"): messages.reject,
    ("messages", "export"): messages.export,
    ("hub", "join"): hub.join,
    ("hub", "status"): hub.status,
    ("hub", "sync"): hub.sync,
    ("hub", "leave"): hub.leave,
    ("stats", None): data.stats,
    ("backup", None): data.backup,
    ("restore", None): data.restore,
    ("staff", "set-pin"): staff.set_pin,
    ("install", None): service.install,
    ("uninstall", None): service.uninstall,
    ("terminal-config", None): service.terminal_config,
    ("session", None): service.session,
    ("display", None): service.display,
}
"""Each (command, action) to its handler; the action is None for a command without one."""


def parser() -> argparse.ArgumentParser:
    """The whole `kiosk` parser: the top level here, each group's subcommands from its module."""
    top = argparse.ArgumentParser(
        prog="kiosk",
        description="Mutuality: a talking peer-support kiosk for drop-in centres.",
    )
    top.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.add_commands(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `kiosk` command; returns the exit code."""
    args = parser().parse_args(argv)
    handler = HANDLERS[args.command, getattr(args, "action", None)]
    try:
        return handler(args)
    except StoreError as error:
        # The store's errors are written for staff: say them plainly, without a traceback.
        print(f"kiosk: {error}", file=sys.stderr)
        return 1
