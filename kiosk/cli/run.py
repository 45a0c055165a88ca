"""`kiosk run`: start the full-screen kiosk."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from logging.handlers import RotatingFileHandler, SysLogHandler
from pathlib import Path

from kiosk.cli.common import Commands, add_data_option
from kiosk.core import paths
from kiosk.core.allocator import keep_large_blocks_returnable
from kiosk.core.text_switch import TextExit, TextSwitch, take_over

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
    # From `kiosk session` only (kiosk/core/text_switch.py): not for people to type.
    run.add_argument("--text-switch", action="store_true", help=argparse.SUPPRESS)
    run.add_argument("--large-text", action="store_true", help=argparse.SUPPRESS)
    run.add_argument("--text-chosen", action="store_true", help=argparse.SUPPRESS)
    # From `kiosk session` too: the installed kiosk's unit has no network, and its own unit
    # (mutuality-kiosk-sync.service) runs `kiosk hub sync` beside it.
    run.add_argument("--no-hub-sync", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    """Run the kiosk until it is stopped, with or without a usable data folder."""
    # Textual, audio and speech load only here: the other commands start without them.
    from kiosk.ui.terminal import protect_screen
    from kiosk.wiring import build_app, build_sync

    data = paths.data_dir(args.data)
    content = paths.content_dir(args.content)
    refusal = missing_content(args.content, content, data)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    # Everything the kiosk writes from now on (logs as they rotate, models) is this user's only.
    os.umask(0o077)
    handler: logging.Handler
    try:
        paths.make_private(data)
        handler = RotatingFileHandler(
            paths.private_file(data / "kiosk.log"), maxBytes=1_000_000, backupCount=3
        )
    except OSError as error:
        # The kiosk still runs: stories, groups and help need no data folder, and leaving a
        # message says plainly that it cannot be saved. The log goes to descriptor 2: the
        # service's journal now, native.log (or nowhere) while the screen is up.
        print(
            f"kiosk: the data folder {data} cannot be used: {error.strerror}. The kiosk runs, "
            "but messages cannot be saved until it can; the log goes here instead.",
            file=sys.stderr,
        )
        handler = _StandardError(sys.stderr)
    # The screen belongs to the visitor: log to the file (and the journal), never to the screen.
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handlers: list[logging.Handler] = [handler]
    # Under systemd, with standard error to the journal, the journal gets the log too: on a
    # copy of descriptor 2 made now, before the screen sends 2 to native.log.
    journal = journal_handler()
    if journal is not None:
        handlers = [journal] if isinstance(handler, _StandardError) else [handler, journal]
    logging.basicConfig(level=logging.INFO, handlers=handlers, force=True)
    # Before any sound is made: freed stories and speech must go back to the system, or a
    # kiosk that runs for weeks keeps growing (kiosk/core/allocator.py says why).
    keep_large_blocks_returnable()
    speech_log = Path(args.speech_log).expanduser() if args.speech_log else None
    carried = take_over(data)  # always taken: a leftover from a crash is not kept
    switch = (
        TextSwitch(args.large_text, args.text_chosen, carried if args.text_chosen else None, data)
        if args.text_switch
        else None
    )
    app = build_app(content, data, speech_log=speech_log, watch_content=True, text_switch=switch)
    log.info("kiosk starting on %s", app.services.content.root)
    # A kiosk joined to its centre's hub syncs on a thread of its own, never the screen's
    # (unless its sync runs beside it, as on an installed kiosk).
    sync = None if args.no_hub_sync else build_sync(data)
    if sync is not None:
        sync.start()
    with protect_screen(data / "native.log"):
        app.run()
    if sync is not None:
        sync.close()
    app.services.player.close()
    app.services.speech.close()
    if app.return_code in set(TextExit):
        log.info("kiosk stopping to change the text size (%s)", TextExit(app.return_code).name)
        return app.return_code
    if app.return_code or not app.stopped_by_staff:
        # A service manager restarts a kiosk that fails; it must not look like a clean stop.
        log.error("kiosk stopped unexpectedly (exit code %s)", app.return_code or 1)
        return app.return_code or 1
    log.info("kiosk stopped")
    return 0


def missing_content(flag: str | None, content: Path, data: Path) -> str | None:
    """Why the kiosk must not start on `content`, or None when it may.

    A folder named by --content or $KIOSK_CONTENT that is not there is a mistyped path: the
    kiosk would start with nothing on it. Unless the last good settings were kept from that
    very folder: then it is a network share that dropped, and the kiosk goes on with them,
    its support contacts too, until the folder is back (issue 11.4).
    """
    if content.is_dir() or not (flag or os.environ.get("KIOSK_CONTENT")):
        return None
    from kiosk.content import last_good  # loads the content readers: only when needed

    if last_good.kept_from(data, content):
        return None
    source = "--content" if flag else "KIOSK_CONTENT"
    return (
        f"kiosk: there is no content folder at {content} (from {source}), so the kiosk "
        "did not start. Check the path; without " + source + " it uses the sample content."
    )


class _StandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """The log on descriptor 2, for a data folder that cannot be written."""


# The journal's priorities (syslog's), read from a "<N>" at the start of each line.
_PRIORITY = {
    logging.DEBUG: 7,
    logging.INFO: 6,
    logging.WARNING: 4,
    logging.ERROR: 3,
    logging.CRITICAL: 2,
}


class JournalFormat(logging.Formatter):
    """One short line per record, "<6>INFO kiosk: ...": the journal adds the time itself."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """The record's lines, each with the journal's priority in front."""
        priority = _PRIORITY.get(record.levelno, 6 if record.levelno < logging.WARNING else 3)
        # A traceback or a message over several lines stays one entry's worth of lines,
        # each marked, so none is taken for a line of its own at the wrong priority.
        lines = super().format(record).splitlines() or [""]
        return "\n".join(f"<{priority}>{line}" for line in lines)


SYSLOG_SOCKET = "/dev/log"
"""journald's syslog socket: what a service's child without the journal on stderr can use."""
SYSLOG_IDENT = "mutuality-kiosk: "


def journal_handler(syslog: str = SYSLOG_SOCKET) -> logging.Handler | None:
    """A handler to the journal when the kiosk runs under systemd; None otherwise.

    systemd sets JOURNAL_STREAM to the device and inode of the journal stream it gave the
    service; descriptor 2 is that stream only when they match (a child with its stderr sent
    elsewhere inherits the variable too). The handler writes to its own copy of 2.

    Under `kiosk install`'s service the kiosk runs inside cage and foot, and its stderr is
    foot's terminal; INVOCATION_ID (set for every process of a service) says systemd started
    it, and journald's syslog socket takes the log instead, under the service's name.
    """
    expected = os.environ.get("JOURNAL_STREAM", "")
    try:
        device, inode = (int(part) for part in expected.split(":"))
        stat = os.fstat(2)
    except (ValueError, OSError):
        return _syslog(syslog) if os.environ.get("INVOCATION_ID") else None
    if (stat.st_dev, stat.st_ino) != (device, inode):
        return _syslog(syslog) if os.environ.get("INVOCATION_ID") else None
    stream = open(os.dup(2), "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: PTH123, SIM115
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JournalFormat())
    return handler


def _syslog(address: str) -> logging.Handler | None:
    """The log to journald's syslog socket (the standard library's handler), if it is there."""
    if not Path(address).is_socket():
        return None  # no journald here: kiosk.log alone, as without systemd
    try:
        handler = SysLogHandler(address=address, facility=SysLogHandler.LOG_DAEMON)
    except OSError:
        return None
    handler.ident = SYSLOG_IDENT
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    return handler
