"""`kiosk hub ...`: join the centre's hub, see how syncing goes, sync, and leave.

A kiosk that has joined keeps the hub's address and its own token in hub.json in the data
folder; `kiosk run` then syncs in the background, and `kiosk hub sync` does the same in the
foreground (for a kiosk whose sync runs beside it, and for tests of many kiosks). The
layers below pass failure codes; the words staff read are here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import signal
import socket
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import Commands, add_data_option
from kiosk.core import paths
from kiosk.sync.client import Failure, HubClient, HubError
from kiosk.sync.link import HubLink, LinkProblem

if TYPE_CHECKING:
    from kiosk.sync.content import ContentSync
    from kiosk.sync.service import SyncService

REVOKED_EXIT = 3
"""`kiosk hub sync` stopped because the hub refused the token: restarting will not help."""


def add_commands(commands: Commands) -> None:
    """Add `hub` and its actions."""
    hub = commands.add_parser(
        "hub",
        help="share messages with the centre's other kiosks through its hub",
        description="Join the centre's hub, so its kiosks share one moderation queue.",
    )
    actions = hub.add_subparsers(dest="action", required=True, metavar="ACTION")
    join = actions.add_parser(
        "join",
        help="join a hub with a one-time code from it",
        description="Join the centre's hub at URL with a one-time CODE "
        "(the hub's staff make one with `mutuality-hub join-code CENTRE`).",
    )
    join.add_argument(
        "url", metavar="URL", help="the hub's address, such as https://hub.example.org"
    )
    join.add_argument("code", metavar="CODE", help="the one-time code from the hub")
    join.add_argument("--name", help="this kiosk's name on the hub (default: the computer's name)")
    join.add_argument(
        "--content",
        metavar="DIR",
        help="content folder the centre's content replaces (default: $KIOSK_CONTENT)",
    )
    add_data_option(join)
    status = actions.add_parser("status", help="which hub, the last sync, what is waiting")
    add_data_option(status)
    sync = actions.add_parser(
        "sync",
        help="sync with the hub until stopped (Ctrl+C or SIGTERM)",
        description="Sync with the hub in the foreground. `kiosk run` does this by itself.",
    )
    sync.add_argument("--once", action="store_true", help="sync once, say what happened, stop")
    sync.add_argument(
        "--interval",
        type=float,
        default=None,
        metavar="S",
        help="seconds between syncs when nothing is waiting (default: 10)",
    )
    sync.add_argument(
        "--max-backoff",
        type=float,
        default=None,
        metavar="S",
        help="longest wait between tries while the hub is away (default: 300)",
    )
    sync.add_argument(
        "--content",
        metavar="DIR",
        help="content folder the centre's content goes into "
        "(default: $KIOSK_CONTENT, else the one named at join)",
    )
    add_data_option(sync)
    leave = actions.add_parser("leave", help="stop syncing and forget the hub")
    add_data_option(leave)


def failure_words(failure: Failure, url: str) -> str:
    """What a failure means, for staff."""
    match failure:
        case Failure.UNREACHABLE:
            return (
                f"the hub at {url} could not be reached. Check the address, the network, "
                "and that the hub is running."
            )
        case Failure.TIMEOUT:
            return f"the hub at {url} did not answer in time. Try again in a minute."
        case Failure.UNAUTHORISED:
            return (
                "the hub refused this kiosk's token: it was revoked, or the hub no longer knows "
                "this kiosk. Run `kiosk hub leave`, then `kiosk hub join` with a new code."
            )
        case Failure.NO_SUCH_CODE:
            return (
                "the hub did not accept that code: it is unknown, already used, or expired. "
                "Ask the hub's staff for a new one (`mutuality-hub join-code CENTRE`)."
            )
        case Failure.FORBIDDEN:
            return (
                "the hub refused a message as belonging to another kiosk or centre. The "
                "messages stay here; ask the hub's staff to look at the hub's log."
            )
        case Failure.MALFORMED:
            return (
                "the hub could not use what this kiosk sent (are the kiosk and the hub "
                "different versions?). The messages stay here."
            )
        case Failure.TOO_LARGE:
            return "what this kiosk sent is over the hub's limits. The messages stay here."
        case Failure.REPLAYED:
            return "the hub had already seen that request; the next try sends a new one."
        case Failure.STORE_UNAVAILABLE:
            return (
                "the hub's database is not running. Messages wait here until it is back; "
                "the hub's staff should check PostgreSQL."
            )
        case Failure.SERVER_ERROR:
            return "the hub failed to answer properly; the hub's staff should look at its log."


def _link(data: Path) -> HubLink | None:
    """The hub this kiosk joined; None, saying so, when it joined none."""
    link = HubLink.load(data)
    if link is None:
        print(
            "This kiosk has not joined a hub: it works on its own. "
            "To join one: kiosk hub join URL CODE",
            file=sys.stderr,
        )
    return link


def join(args: argparse.Namespace) -> int:
    """Join the hub at URL with a one-time code; keep hub.json."""
    data = paths.data_dir(args.data)
    url = args.url.rstrip("/")
    try:
        joined_before = HubLink.load(data)
    except LinkProblem as problem:
        print(f"kiosk: {problem} Run `kiosk hub leave` first to remove it.", file=sys.stderr)
        return 1
    if joined_before is not None:
        print(
            f"kiosk: this kiosk has already joined the hub at {joined_before.url} "
            f'(centre "{joined_before.centre}", kiosk {joined_before.kiosk}). To join another, '
            "run `kiosk hub leave` first.",
            file=sys.stderr,
        )
        return 1
    if not url.startswith(("http://", "https://")):
        print(
            f"kiosk: {url} is not a hub's address: it starts with https:// (or http:// on "
            "this machine only).",
            file=sys.stderr,
        )
        return 2
    name = (args.name or socket.gethostname()).strip()[:80] or "kiosk"
    content = paths.content_dir(args.content)
    device = _content_device(data, content, name)
    try:
        joined = HubClient(url).join(args.code.strip(), name, device)
    except HubError as error:
        print(f"kiosk: could not join: {failure_words(error.failure, url)}", file=sys.stderr)
        return 1
    offer = _take_content(data, content, name, joined.content) if device else None
    link = HubLink(url, joined.token, joined.kiosk, joined.centre, name, offer)
    try:
        link.save(data)
    except OSError as error:
        print(
            f"kiosk: joined, but {HubLink.path(data)} could not be written "
            f"({error.strerror}). Ask the hub's staff to revoke kiosk {joined.kiosk} and "
            "join again with a new code once the data folder can be written.",
            file=sys.stderr,
        )
        return 1
    _start_from_scratch(data)
    print(
        f'Joined the hub at {url}: this kiosk is number {joined.kiosk}, "{name}", of centre "{joined.centre}".'
    )
    print(
        "Messages left here now go to the centre's shared queue, and the centre's messages "
        "come here. `kiosk run` syncs by itself; `kiosk hub status` shows how it goes."
    )
    if offer is not None:
        print(
            f"The centre's content now comes from the hub: it will replace what is in this "
            f"kiosk's content folder, {content}, and a change made there is put back to the "
            "centre's version. The sync service (`kiosk hub sync`) keeps it up to date."
        )
    elif device and joined.content is None:
        print("The hub does not share content: this kiosk keeps its own content folder.")
    return 0


def _content_device(data: Path, content: Path, name: str) -> str | None:
    """The kiosk's Syncthing device id, to send at join; None (said why) when it has none."""
    import shutil

    from kiosk.core.syncthing import PROGRAM, SyncthingError
    from kiosk.sync.content import device_id

    if shutil.which(PROGRAM) is None:
        print(
            "Syncthing is not installed here, so the centre's content will not come to this "
            "kiosk; messages sync all the same. To have it: apt-get install syncthing, then "
            "leave and join again."
        )
        return None
    if content == paths.BUNDLED_CONTENT:
        print(
            "No content folder was named (--content DIR or $KIOSK_CONTENT), so the centre's "
            "content will not come to this kiosk: the samples that come with it are never "
            "replaced. Messages sync all the same."
        )
        return None
    try:
        paths.make_private(data)
        return device_id(data, name)
    except (SyncthingError, OSError) as error:
        print(f"Syncthing could not be set up here ({error}); joining without content.")
        return None


def _take_content(
    data: Path, content: Path, name: str, offered: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Set this kiosk's Syncthing to take the centre's content into `content`; the offer kept."""
    from kiosk.core.syncthing import SyncthingError
    from kiosk.sync.content import ContentOffer, join_content

    if offered is None:
        return None
    try:
        join_content(data, content, ContentOffer.from_json(offered), name)
    except (ValueError, SyncthingError, OSError) as error:
        print(
            f"kiosk: the centre's content could not be set up here ({error}); messages "
            "sync all the same. Leave and join again to try once more.",
            file=sys.stderr,
        )
        return None
    return offered


def _start_from_scratch(data: Path) -> None:
    """A kiosk that joins takes the centre's messages from the start."""
    from kiosk.messages.store import open_sqlite
    from kiosk.sync.service import SINCE

    open_sqlite(data).outbox.set_values({SINCE: "0"})


def status(args: argparse.Namespace) -> int:
    """Say which hub, when it last synced, what is waiting, and any problem."""
    from kiosk.messages.store import open_sqlite
    from kiosk.sync.service import LAST_SYNC, PROBLEM, PROBLEM_AT

    data = paths.data_dir(args.data)
    try:
        link = _link(data)
    except LinkProblem as problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return 1
    if link is None:
        return 0
    print(
        f'Joined the hub at {link.url} as kiosk {link.kiosk}, "{link.name}", of centre "{link.centre}".'
    )
    outbox = open_sqlite(data).outbox
    last = outbox.value(LAST_SYNC)
    print(f"Last sync: {_when(last)}." if last else "Not synced yet.")
    waiting = outbox.waiting()
    if waiting:
        print(
            f"Waiting for the hub: {_count(waiting.messages, 'message')} and "
            f"{_count(waiting.decisions, 'decision')}."
        )
    else:
        print("Nothing waiting: the hub has everything from this kiosk.")
    code = outbox.value(PROBLEM)
    if code:
        when = outbox.value(PROBLEM_AT)
        try:
            words = failure_words(Failure(code), link.url)
        except ValueError:
            words = code
        print(f"Problem at the last try ({_when(when)}): {words}")
    print(_content_words(data, link))
    return 0


def _content_words(data: Path, link: HubLink) -> str:
    """Whether the centre's content is shared here, and how it is doing."""
    from kiosk.sync.content import ContentOffer, content_state

    if not link.content:
        return "Content: not shared; this kiosk keeps its own content folder."
    try:
        offer = ContentOffer.from_json(link.content)
    except ValueError:
        return "Content: the hub's offer in hub.json cannot be read; leave and join again."
    state = content_state(data, offer)
    if state.folder is None:
        return "Content: shared, but this kiosk's Syncthing has no folder for it; join again."
    if not state.running:
        return (
            f"Content: shared from the hub into {state.folder}; Syncthing is not running "
            "now (the sync service, `kiosk hub sync`, runs it)."
        )
    hub = "connected to the hub" if state.connected else "not connected to the hub"
    missing = (
        f", {_count(state.missing_files, 'file')} still to come" if state.missing_files else ""
    )
    problem = f". Problem: {state.error}" if state.error else ""
    return f"Content: shared from the hub into {state.folder}; {hub}, {state.state or 'starting'}{missing}{problem}."


def _when(iso: str | None) -> str:
    """A time the service kept (UTC), in the machine's local time."""
    try:
        moment = dt.datetime.fromisoformat(iso or "")
    except ValueError:
        return "unknown"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def open_sync(data: Path, link: HubLink, args: argparse.Namespace) -> SyncService:
    """The sync service for the data folder `data` and its hub."""
    from kiosk.messages.store import open_sqlite
    from kiosk.sync.checks import cheap_checks
    from kiosk.sync.service import INTERVAL, MAX_BACKOFF, SyncService

    return SyncService(
        open_sqlite(data).outbox,
        HubClient(link.url, link.token),
        doctor=lambda: cheap_checks(data),
        interval=args.interval if args.interval is not None else INTERVAL,
        max_backoff=args.max_backoff if args.max_backoff is not None else MAX_BACKOFF,
    )


def sync(args: argparse.Namespace) -> int:
    """Sync with the hub: once, or until SIGTERM or SIGINT."""
    data = paths.data_dir(args.data)
    try:
        link = _link(data)
    except LinkProblem as problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return 1
    if link is None:
        return 2
    service = open_sync(data, link, args)
    if args.once:
        try:
            done = service.run_once()
        except HubError as error:
            print(
                f"kiosk: the sync failed: {failure_words(error.failure, link.url)}", file=sys.stderr
            )
            return REVOKED_EXIT if error.failure is Failure.UNAUTHORISED else 1
        print(
            f"Synced with the hub: it took {_count(done.messages, 'message')} and "
            f"{_count(done.decisions, 'decision')} from this kiosk"
            + (f" ({done.overruled} already decided there)" if done.overruled else "")
            + f"; {_count(done.changes, 'change')} from the hub, "
            + f"{_count(done.added, 'new message')} here."
        )
        return 0
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    stop = threading.Event()

    def stop_now(number: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, stop_now)
    signal.signal(signal.SIGINT, stop_now)
    logging.getLogger("kiosk").info(
        "hub sync: kiosk %d of %s, with %s", link.kiosk, link.centre, link.url
    )
    content = _start_content(data, link, args.content)
    try:
        service.run_forever(stop)
    finally:
        if content is not None:
            content.stop()
    from kiosk.sync.service import SyncState

    if service.state is SyncState.REVOKED:
        print(
            f"kiosk: syncing stopped: {failure_words(Failure.UNAUTHORISED, link.url)}",
            file=sys.stderr,
        )
        return REVOKED_EXIT
    logging.getLogger("kiosk").info("hub sync stopped")
    return 0


def _start_content(data: Path, link: HubLink, folder: str | None) -> ContentSync | None:
    """The kiosk's Syncthing, started when it joined the centre's content; else None.

    `folder` (--content, else $KIOSK_CONTENT) is where the content goes, if not where it
    went at join: the installed sync unit names the appliance's content folder.
    """
    from kiosk.core.syncthing import SyncthingError
    from kiosk.sync.content import ContentOffer, ContentSync, join_content

    if not link.content:
        return None
    content = ContentSync(data)
    try:
        chosen = paths.content_dir(folder)
        if chosen != paths.BUNDLED_CONTENT:
            join_content(data, chosen, ContentOffer.from_json(link.content), link.name)
        content.start()
    except (SyncthingError, ValueError, OSError) as error:
        logging.getLogger("kiosk").error("the centre's content is not synced: %s", error)
        return None
    return content


def leave(args: argparse.Namespace) -> int:
    """Forget the hub: stop syncing; messages stay here."""
    data = paths.data_dir(args.data)
    try:
        link = HubLink.load(data)
    except LinkProblem:
        link = None
    if not HubLink.forget(data):
        print("This kiosk had not joined a hub.")
        return 0
    if link is not None and link.content:
        from kiosk.core.syncthing import SyncthingError
        from kiosk.sync.content import leave_content

        try:
            leave_content(data)
            print("The centre's content no longer comes here; what has come stays.")
        except (SyncthingError, OSError) as error:
            print(f"kiosk: Syncthing could not forget the hub ({error}).", file=sys.stderr)
    where = f" at {link.url}" if link else ""
    print(f"This kiosk has left the hub{where} and works on its own; its messages stay here.")
    if link:
        print(
            f"Ask the hub's staff to revoke its token too: mutuality-hub revoke {link.kiosk}. "
            "A kiosk running now stops syncing when it next starts."
        )
    return 0
