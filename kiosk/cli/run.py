"""`kiosk run`: start the full-screen kiosk."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiosk.cli.common import Commands, add_data_option
from kiosk.core import paths
from kiosk.core.allocator import keep_large_blocks_returnable

log = logging.getLogger("kiosk")


def add_commands(commands: Commands) -> None:
    """Add `run`."""
    run = commands.add_parser(
        "run",
        help="start the full-screen kiosk",
        description="Start the full-screen kiosk. Stop it with `kill -TERM <pid>` "
        "(or `systemctl stop`), not from its keyboard.",
    )
    run.add_argument(
        "--content",
        metavar="DIR",
        help="content folder (default: $KIOSK_CONTENT or the bundled samples)",
    )
    run.add_argument(
        "--speech-log",
        metavar="FILE",
        help="append every utterance to FILE as JSON lines (off by default; with it off, "
        "nothing a visitor typed is written anywhere)",
    )
    add_data_option(
        run,
        "data folder for messages and the log (default: $KIOSK_DATA or your user data folder)",
    )


def run(args: argparse.Namespace) -> int:
    """Run the kiosk until it is stopped; a StoreError (the data folder) is the caller's."""
    # Textual, audio and speech load only here: the other commands start without them.
    from kiosk.ui.terminal import protect_screen
    from kiosk.wiring import build_app

    data = paths.data_dir(args.data)
    # Everything the kiosk writes from now on (logs as they rotate, models) is this user's only.
    os.umask(0o077)
    try:
        paths.make_private(data)
        handler: logging.Handler = RotatingFileHandler(
            paths.private_file(data / "kiosk.log"), maxBytes=1_000_000, backupCount=3
        )
    except OSError as error:
        print(f"kiosk: the data folder {data} cannot be used: {error.strerror}", file=sys.stderr)
        return 1
    # The screen belongs to the visitor: log to the file only, never to the terminal.
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    # Before any sound is made: freed stories and speech must go back to the system, or a
    # kiosk that runs for weeks keeps growing (kiosk/core/allocator.py says why).
    keep_large_blocks_returnable()
    speech_log = Path(args.speech_log).expanduser() if args.speech_log else None
    app = build_app(
        paths.content_dir(args.content), data, speech_log=speech_log, watch_content=True
    )
    log.info("kiosk starting on %s", app.services.content.root)
    with protect_screen(data / "native.log"):
        app.run()
    app.services.player.close()
    app.services.speech.close()
    if app.return_code or not app.stopped_by_staff:
        # A service manager restarts a kiosk that fails; it must not look like a clean stop.
        log.error("kiosk stopped unexpectedly (exit code %s)", app.return_code or 1)
        return app.return_code or 1
    log.info("kiosk stopped")
    return 0
