"""The `kiosk` parser and its dispatch table name the same commands, and start light."""

from __future__ import annotations

import argparse
import subprocess
import sys

from kiosk.cli.main import HANDLERS, parser


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_has_a_handler_and_every_handler_a_command() -> None:
    leaves: set[tuple[str, str | None]] = set()
    for command, sub in _subcommands(parser()).items():
        actions = _subcommands(sub)
        leaves |= {(command, action) for action in actions} if actions else {(command, None)}
    assert leaves == set(HANDLERS)


def test_the_cli_loads_nothing_heavy_until_a_handler_needs_it() -> None:
    """`kiosk --version` and the messages commands start in a fraction of a second."""
    code = (
        "import sys, kiosk.cli\n"
        "heavy = ('textual', 'rich', 'sounddevice', 'vosk', 'numpy', 'phonenumbers', "
        "'kiosk.ui', 'kiosk.wiring', 'kiosk.audio', 'kiosk.speech', 'kiosk.listening', "
        "'kiosk.content')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
