"""The `kiosk` command: one parser, one dispatch table, a module per command group."""

from kiosk.cli.main import main

__all__ = ["main"]
