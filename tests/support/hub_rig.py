"""A centre on one machine: a real PostgreSQL, the real hub server, and kiosks that sync with it.

Each part is the real program: the cluster is Debian's PostgreSQL (hub/localdb.py), the hub
is `mutuality-hub serve` (gunicorn and Django), and each kiosk is `kiosk hub sync` on a data
folder of its own (the sync code the kiosk runs; no screen is needed to test sync). Each runs
in a process group of its own, so a test can kill it with SIGKILL, as a power cut would, and
start it again. Visitors' messages are left through the kiosk's own message service on that
kiosk's data folder, as the screens leave them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from hub.localdb import LocalPostgres, free_port
from kiosk.content.rules import Rules
from kiosk.core.clock import Clock, SystemClock
from kiosk.core.syncthing import is_sync_file
from kiosk.messages.repository import Message, Status
from kiosk.messages.service import MessageService
from kiosk.messages.store import open_sqlite
from tests.support.hubs import HubServer, hub_command, hub_environment
from tests.support.paths import SAMPLE_CONTENT

BIN = Path(sys.executable).parent


def _stop(process: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    """Signal a process's whole group and reap it."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Hub:
    """A PostgreSQL cluster and the hub server on it, in `folder` (tests/support/hubs.py)."""

    def __init__(self, folder: Path, workers: int = 2, *, sharing: bool = False) -> None:
        self.folder = folder
        # Content sharing (Syncthing) on loopback when `sharing`: the address kiosks dial.
        port = free_port()
        self.extra = (
            {
                "MUTUALITY_HUB_SYNCTHING_ADDRESS": f"tcp://127.0.0.1:{port}",
                "MUTUALITY_HUB_SYNCTHING_LISTEN": f"tcp://127.0.0.1:{port}",
            }
            if sharing
            else {}
        )
        # The cluster runs as `nobody` when the tests run as root, and pytest's own temporary
        # folders are private: it gets one of its own that nobody can reach into.
        self._cluster = Path(tempfile.mkdtemp(prefix="hub-postgres-"))
        self._cluster.chmod(0o755)
        self.postgres = LocalPostgres(self._cluster / "postgres")
        self.server = HubServer(
            self.postgres.url, folder / "data", workers=workers, extra=self.extra
        )
        self.log = self.server.log
        self.content = folder / "content"
        """The centre's content folder on the hub (set when the centre is added)."""

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def env(self) -> dict[str, str]:
        return hub_environment(self.postgres.url, self.server.data, self.extra)

    def command(self, *args: str) -> str:
        """Run `mutuality-hub ARGS`; returns what it printed (fails the test if it failed)."""
        result = hub_command(self.postgres.url, self.server.data, *args, extra=self.extra)
        assert result.returncode == 0, f"mutuality-hub {' '.join(args)}: {result.stderr}"
        return result.stdout

    def create(self) -> None:
        """The cluster, the hub's schema, and the server running."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.postgres.create()
        self.postgres.start()
        self.command("migrate")
        self.start()

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    def kill(self) -> None:
        """SIGKILL to the server and its workers, mid-request or not."""
        self.server.kill()

    def destroy(self) -> None:
        self.server.stop()
        self.postgres.destroy()
        shutil.rmtree(self._cluster, ignore_errors=True)

    def centre(self, name: str) -> Path:
        """Add a centre; returns its content folder on the hub (where staff put content)."""
        said = self.command("centre", "add", name)
        found = re.search(r"Its content folder is (.+?): put", said)
        assert found, said
        return Path(found[1])

    def join_code(self, centre: str) -> str:
        """A one-time code for joining `centre` (the last word the command prints)."""
        return self.command("join-code", centre).split()[-1]

    def query(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        """Rows from the hub's database (for checking what it holds)."""
        with psycopg.connect(self.postgres.url, autocommit=True) as db:
            return list(db.execute(sql, params).fetchall())

    def messages(self, centre: str) -> dict[str, tuple[str, str]]:
        """The centre's messages on the hub: uid -> (status, text)."""
        rows = self.query(
            "SELECT m.uid, m.status, m.text FROM hub_hubmessage m "
            "JOIN hub_centre c ON c.id = m.centre_id WHERE c.name = %s",
            centre,
        )
        return {str(uid): (str(status), str(text)) for uid, status, text in rows}


@dataclass
class Kiosk:
    """One kiosk's data folder and its sync process."""

    data: Path
    name: str
    clock: Clock = field(default_factory=SystemClock)
    process: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        self.log = self.data.parent / f"{self.name}.log"
        self.content = self.data.parent / f"{self.name}-content"
        self.content.mkdir(parents=True, exist_ok=True)
        self.stores = open_sqlite(self.data)
        self.service = MessageService(self.stores.messages, self.clock)

    def join(self, hub: Hub, code: str) -> None:
        result = subprocess.run(
            [str(BIN / "kiosk"), "hub", "join", hub.url, code, "--name", self.name,
             "--data", str(self.data), "--content", str(self.content)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, f"{self.name} could not join: {result.stderr}"

    def start(self, *extra: str) -> None:
        """`kiosk hub sync` on this kiosk's data folder, in the background."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "kiosk"), "hub", "sync", "--data", str(self.data), *extra],
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
                process_group=0,
            )

    def stop(self) -> None:
        _stop(self.process)
        self.process = None

    def kill(self) -> None:
        _stop(self.process, signal.SIGKILL)
        self.process = None

    def leave(self, text: str) -> Message:
        """A visitor leaves `text`, through the kiosk's own message service."""
        found = self.service.check(text, Rules(), "GB")
        assert found.taken, found
        return self.service.leave(text, found.screening)

    def messages(self) -> dict[str, tuple[str, str]]:
        """Every message this kiosk holds: uid -> (status, text)."""
        return {m.uid: (m.status.value, m.text) for m in self.service.find()}

    def approved(self) -> set[str]:
        return {m.uid for m in self.service.find(Status.APPROVED)}


@contextlib.contextmanager
def centre_with_kiosks(
    folder: Path,
    count: int,
    *,
    centre: str = "Riverside",
    sync_args: tuple[str, ...] = (),
    sharing: bool = False,
) -> Iterator[tuple[Hub, list[Kiosk]]]:
    """A hub with one centre and `count` joined kiosks, each syncing; all stopped afterwards.

    With `sharing`, the hub shares the centre's content (the sample content) through
    Syncthing, and each kiosk joins with a content folder of its own.
    """
    hub = Hub(folder / "hub", sharing=sharing)
    kiosks: list[Kiosk] = []
    try:
        hub.create()
        hub.content = hub.centre(centre)
        if sharing:
            shutil.copytree(SAMPLE_CONTENT, hub.content, dirs_exist_ok=True)
        for number in range(count):
            kiosk = Kiosk(folder / "kiosks" / f"k{number:02d}", f"k{number:02d}")
            kiosks.append(kiosk)
            kiosk.join(hub, hub.join_code(centre))
            kiosk.start(*sync_args)
        yield hub, kiosks
    finally:
        for kiosk in kiosks:
            kiosk.stop()
        hub.destroy()


def files_of(folder: Path) -> dict[str, str]:
    """Each file below `folder` (Syncthing's own left out): its path there -> its SHA-256."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not any(is_sync_file(part) for part in path.relative_to(folder).parts)
    }


def logs_text(*paths: Path) -> str:
    """Everything the given logs say, for checking that no message text is in them."""
    return "\n".join(p.read_text(errors="replace") for p in paths if p.exists())


def as_json(value: object) -> str:
    return json.dumps(value, sort_keys=True)
