"""`mutuality-hub`: the hub's own commands, for whoever runs the centre's hub.

Settings come from the environment (hub/protocol.md). Every failure is told in plain words
on stderr, with a non-zero exit: 1 for a refusal (no such centre, a rule of moderation), 2
for a mistake in the command line, 3 when the database cannot be reached or is not ready.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hub.models import Centre

EXIT_REFUSED = 1
EXIT_DATABASE = 3


class Refused(Exception):
    """A command that cannot do what was asked; the words are for staff."""


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    import django

    django.setup()


def _where() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"{database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432}"


def cmd_migrate(args: argparse.Namespace) -> None:
    """Create or update the hub's tables (Django migrations)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


def workers_default() -> int:
    """Gunicorn's usual advice: two per core, and one."""
    return 2 * (os.cpu_count() or 1) + 1


def cmd_serve(args: argparse.Namespace) -> None:
    """Run the hub under gunicorn, and the hub's Syncthing beside it when content is shared."""
    command = [
        sys.executable, "-m", "gunicorn", "hub.wsgi:application",
        "--bind", args.bind,
        "--workers", str(args.workers or workers_default()),
        "--threads", str(args.threads),
        "--timeout", "60",
        "--graceful-timeout", "10",
        # No control socket: one path for every hub on the machine, and nothing needs it.
        "--no-control-socket",
        # The access log has the path and status, never a body.
        "--access-logfile", "-",
        "--access-logformat", '%(h)s "%(r)s" %(s)s %(b)s %(L)ss',
    ]  # fmt: skip
    from hub import sharing

    sys.stdout.flush()
    if not sharing.enabled():
        os.execv(sys.executable, command)  # this process becomes gunicorn's master
    # Content shared: Syncthing starts before gunicorn and stops after it, whatever ends it.
    running = sharing.start()
    try:
        status = _serve(command)
    finally:
        if running is not None:
            running.stop()
    if status:
        sys.exit(status)


def _serve(command: list[str]) -> int:
    """Run gunicorn as a child, passing on the signals that stop or reload it; its status."""
    import signal
    import subprocess
    from types import FrameType

    server = subprocess.Popen(command)

    def pass_on(number: int, frame: FrameType | None) -> None:
        server.send_signal(number)

    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, pass_on)
    return server.wait()


def cmd_centre_add(args: argparse.Namespace) -> None:
    """Add a centre, and its content folder."""
    from pathlib import Path

    from django.db import IntegrityError

    from hub import sharing
    from hub.kiosks import add_centre
    from kiosk.core.syncthing import SyncthingError

    folder = Path(args.content).expanduser().resolve() if args.content else None
    try:
        centre = add_centre(args.name, folder)
    except IntegrityError as error:
        raise Refused(f"There is already a centre named {args.name!r}.") from error
    print(f"Centre {centre.name!r} added (number {centre.pk}).")
    where = sharing.folder_of(centre)
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Refused(f"The content folder {where} cannot be made: {error.strerror}.") from error
    print(
        f"Its content folder is {where}: put the centre's content there (kiosk.toml, "
        "stories/, groups.csv), and every kiosk of the centre gets it."
    )
    if not sharing.enabled():
        print(
            "Content sharing is off on this hub: set MUTUALITY_HUB_SYNCTHING_ADDRESS "
            "(tcp://HOST:22000, as kiosks reach the hub) and `mutuality-hub serve` shares it."
        )
        return
    try:
        sharing.share(centre)
    except (SyncthingError, OSError) as error:
        print(
            f"The folder is not shared yet ({error}); `mutuality-hub serve` shares it "
            "when it starts.",
            file=sys.stderr,
        )


def _centre(name: str) -> Centre:
    from hub.models import Centre

    found = Centre.objects.filter(name=name).first()
    if found is None:
        raise Refused(f"There is no centre named {name!r} (see `mutuality-hub centre add`).")
    return found


def cmd_join_code(args: argparse.Namespace) -> None:
    """Print a one-time join code for a centre."""
    from hub.kiosks import make_join_code

    centre = _centre(args.centre)
    if not 0 < args.valid_hours <= 24 * 30:
        raise Refused("A join code is valid for more than 0 and at most 720 hours.")
    print(make_join_code(centre, args.valid_hours))


def cmd_kiosks(args: argparse.Namespace) -> None:
    """List kiosks, with when they last called and whether their clock is wrong."""
    from hub.models import Kiosk

    kiosks = Kiosk.objects.select_related("centre").order_by("centre__name", "pk")
    if args.centre:
        _centre(args.centre)
        kiosks = kiosks.filter(centre__name=args.centre)
    for kiosk in kiosks:
        state = "revoked" if kiosk.revoked_at else "active"
        contact = (
            kiosk.last_contact.isoformat(timespec="seconds") if kiosk.last_contact else "never"
        )
        skew = f", clock {kiosk.clock_skew_days:+d} days" if kiosk.clock_skew_days else ""
        print(
            f"{kiosk.pk}\t{kiosk.centre.name}\t{kiosk.name}\t{state}\tlast contact {contact}{skew}"
        )


def cmd_revoke(args: argparse.Namespace) -> None:
    """Refuse a kiosk's token from now on."""
    from hub.kiosks import revoke
    from hub.models import Kiosk

    try:
        kiosk = revoke(args.kiosk)
    except Kiosk.DoesNotExist as error:
        raise Refused(f"There is no kiosk number {args.kiosk}.") from error
    print(f"Kiosk {kiosk.pk} ({kiosk.name}) is revoked: its token is refused from now on.")
    from hub import sharing
    from kiosk.core.syncthing import SyncthingError

    try:
        stopped = sharing.revoke(kiosk)
    except (SyncthingError, OSError) as error:
        raise Refused(
            f"The hub could not stop sending it content ({error}): revoke it again "
            "once the hub's Syncthing answers, or restart `mutuality-hub serve`."
        ) from error
    if stopped:
        print("It gets no more content from the hub either.")


def cmd_messages(args: argparse.Namespace) -> None:
    """The centre's queue: pending messages, urgent first, then in the order they came."""
    from hub.models import HubMessage

    centre = _centre(args.centre)
    rows = HubMessage.objects.filter(centre=centre, status=HubMessage.Status.PENDING)
    rows = rows.select_related("kiosk").order_by("-urgent", "first_seq")
    for row in rows:
        marks = " ".join(m for m, on in (("URGENT", row.urgent), ("HELD", row.held)) if on)
        print(f"{row.pk}\t{row.day}\t{row.kiosk.name}\t{marks}\t{row.text}")


def _decided(message_id: int, outcome: str, what: str) -> None:
    if outcome == "overruled":
        raise Refused(
            f"Message {message_id} was already decided: the first decision stands (noted in the log)."
        )
    print(f"Message {message_id} {what}.")


def cmd_approve(args: argparse.Namespace) -> None:
    """Approve by the rules of moderation (held: --read; urgent: --urgent-confirmed)."""
    from hub import staff
    from kiosk.messages.moderation import ModerationRefused, Refusal

    try:
        _, outcome = staff.approve(
            args.id,
            args.by,
            read_in_full=args.read,
            urgent_confirmed=args.urgent_confirmed,
            text=args.text,
        )
    except ModerationRefused as refused:
        if refused.refusal is Refusal.HELD_UNREAD:
            raise Refused(
                f"Message {args.id} is held for a second look: read it in full, then approve with --read."
            ) from refused
        raise Refused(
            f"Message {args.id} is marked urgent: follow the centre's safeguarding steps, then approve with --urgent-confirmed."
        ) from refused
    _decided(args.id, outcome, "approved")


def cmd_reject(args: argparse.Namespace) -> None:
    """Reject a message: no visitor will see it."""
    from hub import staff

    _, outcome = staff.reject(args.id, args.by)
    _decided(args.id, outcome, "rejected")


def cmd_createsuperuser(args: argparse.Namespace) -> None:
    """Make a staff account for /admin/ (asks for the name and password)."""
    from django.core.management import call_command

    call_command("createsuperuser")


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(
        prog="mutuality-hub", description="The centre's hub: kiosks sync with it."
    )
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, run: Callable[[argparse.Namespace], None]) -> argparse.ArgumentParser:
        found = sub.add_parser(name, help=(run.__doc__ or "").splitlines()[0])
        found.set_defaults(run=run)
        return found

    command("migrate", cmd_migrate)
    serve = command("serve", cmd_serve)
    serve.add_argument("--bind", default="127.0.0.1:8300", help="address:port (127.0.0.1:8300)")
    serve.add_argument("--workers", type=int, default=0, help="processes (2 per core, and one)")
    serve.add_argument("--threads", type=int, default=1, help="threads per process (1)")
    centre = sub.add_parser("centre", help="centres").add_subparsers(dest="what", required=True)
    add = centre.add_parser("add", help="add a centre")
    add.add_argument("name")
    add.add_argument(
        "--content",
        metavar="DIR",
        help="the centre's content folder (default: MUTUALITY_HUB_DATA/content/<its number>)",
    )
    add.set_defaults(run=cmd_centre_add)
    code = command("join-code", cmd_join_code)
    code.add_argument("centre")
    code.add_argument("--valid-hours", type=float, default=24)
    command("kiosks", cmd_kiosks).add_argument("centre", nargs="?")
    command("revoke", cmd_revoke).add_argument("kiosk", type=int)
    command("messages", cmd_messages).add_argument("centre")
    approve = command("approve", cmd_approve)
    approve.add_argument("id", type=int)
    approve.add_argument("--read", action="store_true", help="you read it in full")
    approve.add_argument("--urgent-confirmed", action="store_true")
    approve.add_argument("--text", help="the words to approve instead (a detail taken out)")
    approve.add_argument("--by", required=True, help="your name, for the decision log")
    reject = command("reject", cmd_reject)
    reject.add_argument("id", type=int)
    reject.add_argument("--by", required=True, help="your name, for the decision log")
    command("createsuperuser", cmd_createsuperuser)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args = parser().parse_args(argv)
    _setup()
    from django.db import InterfaceError, OperationalError, ProgrammingError

    from kiosk.messages.repository import StoreError

    try:
        args.run(args)
    except (Refused, StoreError) as refused:
        print(refused, file=sys.stderr)
        return EXIT_REFUSED
    except (OperationalError, InterfaceError):
        print(
            f"Cannot reach the hub's database at {_where()}: is PostgreSQL running?",
            file=sys.stderr,
        )
        return EXIT_DATABASE
    except ProgrammingError:
        print(
            "The hub's database is not ready: run `mutuality-hub migrate` first.", file=sys.stderr
        )
        return EXIT_DATABASE
    return 0


if __name__ == "__main__":
    sys.exit(main())
