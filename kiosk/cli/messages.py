"""`kiosk messages ...`: list, show, approve, reject and export visitors' messages."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import assert_never

from kiosk.cli.common import Commands, add_data_option, open_messages
from kiosk.core.locale import english
from kiosk.core.paths import private_file
from kiosk.messages.moderation import ModerationRefused, Refusal
from kiosk.messages.repository import Status
from kiosk.staff.wording import reason_words


def add_commands(commands: Commands) -> None:
    """Add `messages` and its actions."""
    messages = commands.add_parser(
        "messages", help="see visitors' messages", description="See visitors' messages."
    )
    actions = messages.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list", help="list saved messages", description="List saved messages, oldest first."
    )
    listing.add_argument(
        "--status", choices=[s.value for s in Status], help="only messages with this status"
    )
    listing.add_argument(
        "--json", action="store_true", help="print JSON (one array) instead of lines"
    )
    add_data_option(listing)
    show = actions.add_parser("show", help="show one message in full, with why it was flagged")
    show.add_argument("id", type=int, help="the message's number (from `kiosk messages list`)")
    add_data_option(show)
    approve = actions.add_parser("approve", help="let other visitors see and hear a message")
    approve.add_argument("id", type=int, help="the message's number")
    approve.add_argument("--text", help="approve these words instead (to take out a detail)")
    approve.add_argument(
        "--read", action="store_true", help="confirm you have read a held message in full"
    )
    approve.add_argument(
        "--urgent",
        action="store_true",
        help="confirm approving a message marked urgent (after the centre's safeguarding steps)",
    )
    add_data_option(approve)
    reject = actions.add_parser("reject", help="never show a message to visitors")
    reject.add_argument("id", type=int, help="the message's number")
    add_data_option(reject)
    export = actions.add_parser(
        "export",
        help="write approved messages as CSV or JSON (for a newsletter or a wall)",
        description="Write approved messages (words and date only) to standard output or a file.",
    )
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--output", metavar="FILE", help="write here instead of the screen")
    add_data_option(export)


def list_messages(args: argparse.Namespace) -> int:
    """Print the saved messages, oldest first: previews with details hidden, or full JSON."""
    # Screening brings phonenumbers and the content rules (numpy too): only a list needs them.
    from kiosk.messages.screening import Screening, find_identifying

    found = open_messages(args).find(Status(args.status) if args.status else None)
    if args.json:
        # For programs: the reasons as codes with their details, as kept.
        rows = [
            {
                "id": m.id,
                "uid": m.uid,
                "day": m.day.isoformat(),
                "status": m.status.value,
                "text": m.text,
                "reasons": [reason.stored() for reason in m.reasons],
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


def show(args: argparse.Namespace) -> int:
    """Print one message in full, with why it was flagged."""
    message = open_messages(args).get(args.id)
    print(f"Message {message.id}, left {message.day.isoformat()}, {message.status.value}")
    print(f"  Id across kiosks: {message.uid}")
    staff = english()  # staff's words at the command line, as on the kiosk's staff screens
    for reason in message.reasons:
        print(f"  ! {reason_words(staff, reason)}")
    if message.held:
        print("  ! Held: approve only with --read, after reading it in full.")
    if message.urgent:
        print("  ! Urgent: approve only with --urgent, after the centre's safeguarding steps.")
    print()
    print(message.text)
    return 0


def approve(args: argparse.Namespace) -> int:
    """Let other visitors see and hear a message (with --text, these words instead)."""
    # The rule (a held message needs --read) is moderation's, shared with the staff screen.
    try:
        message = open_messages(args).approve(
            args.id,
            read_in_full=args.read,
            urgent_confirmed=args.urgent,
            text=args.text,
        )
    except ModerationRefused as refused:
        print(f"kiosk: {_refusal(refused)}", file=sys.stderr)
        return 1
    print(f"Message {message.id} approved: other visitors can now see and hear it.")
    return 0


def _refusal(refused: ModerationRefused) -> str:
    """What a refused decision means at the command line, and what to do instead."""
    number = refused.message.id
    match refused.refusal:
        case Refusal.HELD_UNREAD:
            return f"message {number} is held for a second look. Read it with `kiosk messages show {number}`, then approve it with --read."
        case Refusal.URGENT_UNCONFIRMED:
            return f"message {number} is marked urgent: its words suggest the writer may be in crisis. Follow the centre's safeguarding steps, then approve it with --urgent if it should still be shown."
        case _:  # a new Refusal fails the type check here until it is worded
            assert_never(refused.refusal)


def reject(args: argparse.Namespace) -> int:
    """Never show a message to visitors."""
    open_messages(args).reject(args.id)
    print(f"Message {args.id} rejected: no visitor will see it.")
    return 0


def export(args: argparse.Namespace) -> int:
    """Write the approved messages, words and day only, as CSV or JSON."""
    import csv
    import io

    approved = open_messages(args).find(Status.APPROVED)
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
        output = Path(args.output)
        if output.is_file() or not output.exists():  # not /dev/stdout: that is not ours
            private_file(output)  # visitors' words: this user's only, whatever the umask
        output.write_text(text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
        print(f"{len(rows)} approved messages written to {args.output}.")
    else:
        sys.stdout.write(text)
    return 0
