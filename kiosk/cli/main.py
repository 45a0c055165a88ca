"""The `kiosk` command: run the kiosk, check content, look at saved messages."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiosk import __version__
from kiosk.core import paths
from kiosk.core.config import KioskConfig
from kiosk.core.locale import Pack
from kiosk.messages.screening import Screening, find_identifying
from kiosk.messages.store import MessageStore, Status, StoreError
from kiosk.ui.terminal import protect_screen

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

    check.add_argument(
        "--data",
        metavar="DIR",
        help="data folder, where installed speech models are (default: $KIOSK_DATA or your user data folder)",
    )

    models = commands.add_parser(
        "models",
        help="speech models for voice commands: list them, or install one",
        description="Speech models (Vosk) let visitors speak commands. Each language needs one.",
    )
    model_commands = models.add_subparsers(dest="action", required=True, metavar="ACTION")
    models_list = model_commands.add_parser(
        "list",
        help="show which languages have a speech model",
        description="Show, for each language pack, the model it needs and whether it is installed.",
    )
    _data_option(models_list)
    models_list.add_argument("--content", metavar="DIR", help="content folder (for kiosk.toml)")
    install = model_commands.add_parser(
        "install",
        help="download and install the speech model for a language",
        description="Download the official Vosk model for LANGUAGE, check its checksum against "
        "the official list, and unpack it into the data folder. A failed download changes nothing.",
    )
    install.add_argument(
        "language",
        metavar="LANGUAGE",
        nargs="?",
        help="language code, such as en or ko (with --missing: leave out)",
    )
    install.add_argument(
        "--missing",
        action="store_true",
        help="install a model for each language in kiosk.toml that has none; never fails "
        "(the kiosk works by keys without one); `make run` does this",
    )
    install.add_argument("--content", metavar="DIR", help="content folder (for kiosk.toml)")
    install.add_argument(
        "--from",
        dest="list_url",
        metavar="URL",
        help="the model list to use instead of the official one (a local mirror)",
    )
    _data_option(install)

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
    _data_option(listing)
    show = message_commands.add_parser(
        "show", help="show one message in full, with why it was flagged"
    )
    show.add_argument("id", type=int, help="the message's number (from `kiosk messages list`)")
    _data_option(show)
    approve = message_commands.add_parser(
        "approve", help="let other visitors see and hear a message"
    )
    approve.add_argument("id", type=int, help="the message's number")
    approve.add_argument("--text", help="approve these words instead (to take out a detail)")
    approve.add_argument(
        "--read", action="store_true", help="confirm you have read a held message in full"
    )
    _data_option(approve)
    reject = message_commands.add_parser("reject", help="never show a message to visitors")
    reject.add_argument("id", type=int, help="the message's number")
    _data_option(reject)
    export = message_commands.add_parser(
        "export",
        help="write approved messages as CSV or JSON (for a newsletter or a wall)",
        description="Write approved messages (words and date only) to standard output or a file.",
    )
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--output", metavar="FILE", help="write here instead of the screen")
    _data_option(export)

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
    _data_option(stats)

    backup = commands.add_parser(
        "backup", help="copy the messages database to FILE (safe while the kiosk runs)"
    )
    backup.add_argument("file", metavar="FILE")
    _data_option(backup)
    restore = commands.add_parser(
        "restore", help="check a backup FILE and put it back (stop the kiosk first)"
    )
    restore.add_argument("file", metavar="FILE")
    _data_option(restore)

    staff = commands.add_parser("staff", help="staff settings", description="Staff settings.")
    staff_commands = staff.add_subparsers(dest="action", required=True, metavar="ACTION")
    set_pin = staff_commands.add_parser(
        "set-pin", help="set or change the staff PIN (asked for twice, never shown)"
    )
    _data_option(set_pin)
    return parser


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", metavar="DIR", help="data folder (default: $KIOSK_DATA or your user data folder)"
    )


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
    if args.command == "models":
        return _models(args)
    try:
        if args.command == "messages":
            handlers = {
                "list": _messages_list,
                "show": _messages_show,
                "approve": _messages_approve,
            }
            handlers |= {"reject": _messages_reject, "export": _messages_export}
            return handlers[args.action](args)
        if args.command == "stats":
            return _stats(args)
        if args.command in ("backup", "restore"):
            return _backup(args)
        return _set_pin(args)
    except StoreError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 1


def _store(args: argparse.Namespace) -> MessageStore:
    return MessageStore(paths.data_dir(args.data))


def _messages_show(args: argparse.Namespace) -> int:
    message = _store(args).get(args.id)
    print(f"Message {message.id}, left {message.day.isoformat()}, {message.status.value}")
    for reason in message.reasons:
        print(f"  ! {reason}")
    if message.held:
        print("  ! Held: approve only with --read, after reading it in full.")
    print()
    print(message.text)
    return 0


def _messages_approve(args: argparse.Namespace) -> int:
    store = _store(args)
    message = store.get(args.id)
    if message.held and not args.read and args.text is None:
        print(
            f"kiosk: message {message.id} is held for a second look. Read it with `kiosk messages show {message.id}`, then approve it with --read.",
            file=sys.stderr,
        )
        return 1
    if args.text is not None:
        store.edit(message.id, args.text)
    store.set_status(message.id, Status.APPROVED)
    print(f"Message {message.id} approved: other visitors can now see and hear it.")
    return 0


def _messages_reject(args: argparse.Namespace) -> int:
    _store(args).set_status(args.id, Status.REJECTED)
    print(f"Message {args.id} rejected: no visitor will see it.")
    return 0


def _messages_export(args: argparse.Namespace) -> int:
    import csv
    import io

    approved = _store(args).find(Status.APPROVED)
    rows = [{"day": m.day.isoformat(), "text": m.text} for m in approved]
    if args.format == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["day", "text"])
        writer.writeheader()
        writer.writerows(rows)
        text = out.getvalue()
    if args.output:
        # Spreadsheet programs open UTF-8 CSV correctly when it starts with a byte-order mark.
        Path(args.output).write_text(
            text, encoding="utf-8-sig" if args.format == "csv" else "utf-8"
        )
        print(f"{len(rows)} approved messages written to {args.output}.")
    else:
        sys.stdout.write(text)
    return 0


def _stats(args: argparse.Namespace) -> int:
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
        counts = [row for row in _store(args).usage(since) if row[0] < after]
    else:
        counts = _store(args).usage(dt.date.today() - dt.timedelta(days=max(0, args.days - 1)))
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


def _backup(args: argparse.Namespace) -> int:
    store = _store(args)
    target = Path(args.file).expanduser()
    if args.command == "backup":
        store.backup(target)
        print(f"Backup written to {target} ({MessageStore.check_backup(target)} messages).")
        return 0
    safety = store.path.with_suffix(".before-restore")
    store.backup(safety)
    count = store.restore(target)
    print(f"Restored {count} messages from {target}. The previous database was kept as {safety}.")
    return 0


def _set_pin(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.staff.pin import StaffLock, valid_pin

    lock = StaffLock(_store(args))
    for _ in range(3):
        pin = getpass.getpass("New staff PIN (4 to 8 digits, not shown): ")
        problem = valid_pin(pin)
        if problem:
            print(problem)
            continue
        if getpass.getpass("The same PIN again: ") != pin:
            print("The two PINs were not the same. Try again.")
            continue
        lock.set_pin(pin)
        print(
            "The staff PIN is set. On the kiosk, press 0 three times on the first screen to enter it."
        )
        return 0
    print("kiosk: the PIN was not changed.", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace) -> int:
    from kiosk.wiring import build_app

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
        app = build_app(
            paths.content_dir(args.content), data, speech_log=speech_log, watch_content=True
        )
    except StoreError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 1
    log.info("kiosk starting on %s", app.services.content.root)
    with protect_screen(data / "native.log"):
        app.run()
    app.services.player.close()
    app.services.speech.close()
    log.info("kiosk stopped")
    return 0


def _say(args: argparse.Namespace) -> int:
    import time

    from kiosk.audio.engine import AudioEngine
    from kiosk.audio.output import SoundDeviceOutput
    from kiosk.speech.speaker import Speaker, SpeechDefaults

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


def _voice_lines(config: KioskConfig, data: Path) -> list[str]:
    from kiosk.core.locale import PackProblem, load_pack
    from kiosk.listening.models import voice_status

    if not config.voice_control:
        return ["off (voice_control = false in kiosk.toml)."]
    configured = config.voice_model_path
    lines = []
    for code in config.languages:
        try:
            lines.append(voice_status(load_pack(code), data, configured).line)
        except PackProblem as problem:
            lines.append(str(problem))
    return lines


def _models(args: argparse.Namespace) -> int:
    from kiosk.core.config import load_config
    from kiosk.core.locale import PackProblem, available, load_pack
    from kiosk.listening.models import MODEL_LIST_URL, voice_status

    data = paths.data_dir(args.data)
    if args.action == "list":
        config, _ = load_config(paths.content_dir(args.content))
        configured = config.voice_model_path
        for code in available():
            pack = load_pack(code)
            offered = "offered" if code in config.languages else "not offered"
            print(
                f"{voice_status(pack, data, configured).line} Needs {pack.model or 'no model'}; {offered} in kiosk.toml."
            )
        return 0
    if args.missing:
        return _install_missing(args, data)
    if not args.language:
        print("kiosk: say which language, such as `kiosk models install ko`.", file=sys.stderr)
        return 2
    try:
        pack = load_pack(args.language)
    except PackProblem as problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return 1
    return _install_one(pack, data, args.list_url or MODEL_LIST_URL)


def _install_missing(args: argparse.Namespace, data: Path) -> int:
    """Install what kiosk.toml's languages need; say plainly what could not be done."""
    from kiosk.core.config import load_config
    from kiosk.core.locale import PackProblem, load_pack
    from kiosk.listening.models import MODEL_LIST_URL, voice_status

    config, _ = load_config(paths.content_dir(args.content))
    if not config.voice_control:
        return 0
    configured = config.voice_model_path
    for code in config.languages:
        try:
            pack = load_pack(code)
        except PackProblem:
            continue
        missing = voice_status(pack, data, configured).found is None and pack.model
        # A short time-out: a kiosk without a network must still start promptly.
        if missing and _install_one(pack, data, args.list_url or MODEL_LIST_URL, 10) != 0:
            print(
                f"The kiosk will start without voice commands in {pack.name}: everything "
                f"works with the keys. Try again later with `kiosk models install {code}`."
            )
    return 0


def _install_one(pack: Pack, data: Path, list_url: str, timeout: float = 60) -> int:
    from kiosk.listening.models import ModelProblem, install_model

    shown = [-1]

    def progress(got: int, total: int) -> None:
        percent = got * 100 // total if total else -1
        if percent // 10 != shown[0] // 10:
            shown[0] = percent
            print(
                f"  {got // 1_000_000} MB" + (f" of {total // 1_000_000} MB" if total else ""),
                flush=True,
            )

    print(f"Installing {pack.model} for {pack.name} into {data / 'models' / pack.code} ...")
    try:
        path = install_model(pack, data, list_url=list_url, progress=progress, timeout=timeout)
    except ModelProblem as problem:
        print(f"kiosk: {problem} Voice commands stay as they were.", file=sys.stderr)
        return 1
    print(
        f"Installed. Voice commands in {pack.name} will work the next time the kiosk starts ({path})."
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    from kiosk.content import load_content

    logging.disable(logging.WARNING)  # the problems are printed below, not logged twice
    folder = paths.content_dir(args.folder)
    content = load_content(folder)
    for problem in sorted(content.problems, key=lambda p: p.sort_key):
        print(problem.format(content.root))
    found = f"{len(content.stories)} stories and {len(content.groups)} groups can be shown"
    # Voice is a capability, not content: without a model the kiosk still works by keys, so
    # this is said plainly but does not fail the check.
    for line in _voice_lines(content.config, paths.data_dir(args.data)):
        print(f"Voice commands: {line}")
    if content.problems:
        count = len(content.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found in {folder}; {found}.")
        return 1
    print(f"All is well in {folder}: {found}.")
    return 0


def _messages_list(args: argparse.Namespace) -> int:
    found = _store(args).find(Status(args.status) if args.status else None)
    if args.json:
        rows = [
            {
                "id": m.id,
                "day": m.day.isoformat(),
                "status": m.status.value,
                "text": m.text,
                "reasons": list(m.reasons),
                "urgent": m.urgent,
                "held": m.held,
            }
            for m in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("No messages.")
    for message in found:
        # A list is a preview: identifying details stay hidden; `show` gives the whole text.
        preview = Screening(hidden=find_identifying(message.text)).preview(message.text)
        marks = ("URGENT " if message.urgent else "") + ("HELD " if message.held else "")
        if message.reasons and not marks:
            marks = "flagged "
        print(
            f"{message.id:>5}  {message.day.isoformat()}  {message.status.value:<8}  {marks}{preview}"
        )
    return 0
