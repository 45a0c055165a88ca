"""The `kiosk` command: run the kiosk, check content, look at saved messages."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiosk import __version__, paths
from kiosk.store import MessageStore, Status, StoreError
from kiosk.terminal import protect_screen

log = logging.getLogger("kiosk")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Mutuality: a talking peer-support kiosk for drop-in centres.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    run.add_argument(
        "--data",
        metavar="DIR",
        help="data folder for messages and the log (default: $KIOSK_DATA or your user data folder)",
    )

    check = commands.add_parser(
        "check",
        help="check a content folder and list every problem",
        description="Check a content folder. Prints each problem as `file:line: what is wrong`, "
        "then a summary. Exits 1 if anything is wrong, 0 if all is well.",
    )
    check.add_argument(
        "folder",
        nargs="?",
        metavar="DIR",
        help="content folder (default: $KIOSK_CONTENT or the bundled samples)",
    )

    say = commands.add_parser(
        "say",
        help="speak words through the kiosk's voice (to check the sound)",
        description="Speak WORDS through the kiosk's own voice and audio engine, then exit.",
    )
    say.add_argument("words", nargs="+", help="what to say")
    say.add_argument("--language", default="en", help="language code for the voice (default: en)")
    commands.add_parser(
        "devices",
        help="list the audio devices",
        description="List the sound devices PortAudio can see; * marks the default output.",
    )

    messages = commands.add_parser(
        "messages", help="see visitors' messages", description="See visitors' messages."
    )
    message_commands = messages.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = message_commands.add_parser(
        "list", help="list saved messages", description="List saved messages, oldest first."
    )
    listing.add_argument(
        "--status", choices=[s.value for s in Status], help="only messages with this status"
    )
    listing.add_argument(
        "--json", action="store_true", help="print JSON (one array) instead of lines"
    )
    listing.add_argument(
        "--data", metavar="DIR", help="data folder (default: $KIOSK_DATA or your user data folder)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `kiosk` command; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "run":
        return _run(args)
    if args.command == "check":
        return _check(args)
    if args.command == "say":
        return _say(args)
    if args.command == "devices":
        return _devices()
    return _messages_list(args)


def _run(args: argparse.Namespace) -> int:
    from kiosk.app import build_app

    data = paths.data_dir(args.data)
    try:
        data.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            data / "kiosk.log", maxBytes=1_000_000, backupCount=3
        )
    except OSError as error:
        print(f"kiosk: the data folder {data} cannot be used: {error.strerror}", file=sys.stderr)
        return 1
    # The screen belongs to the visitor: log to the file only, never to the terminal.
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    speech_log = Path(args.speech_log).expanduser() if args.speech_log else None
    try:
        app = build_app(paths.content_dir(args.content), data, speech_log=speech_log)
    except StoreError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 1
    log.info("kiosk starting on %s", app.services.content.root)
    with protect_screen(data / "kiosk.log"):
        app.run()
    app.services.player.close()
    app.services.speech.close()
    log.info("kiosk stopped")
    return 0


def _say(args: argparse.Namespace) -> int:
    import time

    from kiosk.audio.engine import AudioEngine, SoundDeviceOutput
    from kiosk.audio.speech import Speaker, SpeechDefaults

    engine = AudioEngine(SoundDeviceOutput())
    speaker = Speaker(engine, args.language, SpeechDefaults(volume=10))
    speaker.say(" ".join(args.words))
    started = time.monotonic()
    while speaker.speaking and time.monotonic() - started < 60 and not engine.problem:
        time.sleep(0.05)
    problem = speaker.problem or (f"no sound: {engine.problem}" if engine.problem else None)
    speaker.close()
    engine.close()
    if problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return 1
    return 0


def _devices() -> int:
    try:
        import sounddevice
    except OSError as error:
        print(f"kiosk: PortAudio is not installed ({error}). Run: make run", file=sys.stderr)
        return 1
    devices = sounddevice.query_devices()
    if not len(devices):
        print("No sound devices found.")
        return 1
    print(devices)
    return 0


def _check(args: argparse.Namespace) -> int:
    from kiosk.content import load_content

    logging.disable(logging.WARNING)  # the problems are printed below, not logged twice
    folder = paths.content_dir(args.folder)
    content = load_content(folder)
    for problem in sorted(content.problems, key=lambda p: p.sort_key):
        print(problem.format(content.root))
    found = f"{len(content.stories)} stories and {len(content.groups)} groups can be shown"
    if content.problems:
        count = len(content.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found in {folder}; {found}.")
        return 1
    print(f"All is well in {folder}: {found}.")
    return 0


def _messages_list(args: argparse.Namespace) -> int:
    try:
        store = MessageStore(paths.data_dir(args.data))
        found = store.find(Status(args.status) if args.status else None)
    except StoreError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 1
    if args.json:
        rows = [
            {"id": m.id, "day": m.day.isoformat(), "status": m.status.value, "text": m.text}
            for m in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("No messages.")
    for message in found:
        print(
            f"{message.id:>5}  {message.day.isoformat()}  {message.status.value:<8}  {message.text}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
