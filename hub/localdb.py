"""A PostgreSQL cluster of the hub's own in a folder: for trying the hub, and for its tests.

Debian's `postgresql` package (its binaries in /usr/lib/postgresql/<version>/bin) runs a
cluster made with `initdb` in any folder, on a loopback port, as an unprivileged user: the
same server a charity's hub uses, with nothing installed system-wide. PostgreSQL refuses to
run as root; run as root, the cluster belongs to `nobody`. The server is this process's own child (not
pg_ctl's), so a server killed with SIGKILL is reaped and can start again at once.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

SERVER_USER = "nobody"
"""Who runs the cluster when the caller is root."""


class NoPostgres(RuntimeError):
    """PostgreSQL's programs are not on this machine, or the cluster would not start."""


def bindir() -> Path:
    """The newest installed PostgreSQL's programs (Debian 12: 15, Ubuntu 24.04: 16)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    if initdb := shutil.which("initdb"):
        return Path(initdb).resolve().parent
    raise NoPostgres(
        "PostgreSQL is not installed: run scripts/setup.sh hub (Debian's postgresql package)."
    )


def free_port() -> int:
    """A loopback port nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LocalPostgres:
    """One cluster in `folder`, listening on 127.0.0.1:`port` (trust for local connections)."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.data = folder / "data"
        self.sockets = folder / "run"
        self.log = folder / "postgres.log"
        self.bin = bindir()
        self._as_root = os.geteuid() == 0
        self._server: subprocess.Popen[bytes] | None = None
        # Who the server's programs run as: `nobody` when we are root, else ourselves.
        entry = pwd.getpwnam(SERVER_USER) if self._as_root else None
        self._uid = entry.pw_uid if entry else None
        self._gid = entry.pw_gid if entry else None
        self._groups: list[int] | None = [] if entry else None

    @property
    def url(self) -> str:
        """The hub's MUTUALITY_HUB_DATABASE for database `hub` as user `hub`."""
        return f"postgresql://hub@127.0.0.1:{self.port}/hub"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=check,
            cwd="/",
            user=self._uid,
            group=self._gid,
            extra_groups=self._groups,
        )

    def _own(self, path: Path) -> None:
        if self._as_root:
            entry = pwd.getpwnam(SERVER_USER)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def create(self) -> None:
        """Make the cluster (once), with a role and a database `hub` owned by it."""
        if (self.data / "PG_VERSION").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o755)
        for path in (self.data, self.sockets):
            path.mkdir(exist_ok=True)
            path.chmod(0o700)
            self._own(path)
        made = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
            check=False,
        )
        if made.returncode != 0:
            # As root, the most likely cause: a folder above this one that `nobody` cannot open.
            raise NoPostgres(
                f"initdb could not make a cluster in {self.data}: {made.stderr.strip()}"
            )
        self.start()
        self.sql("CREATE ROLE hub LOGIN")
        self.sql("CREATE DATABASE hub OWNER hub")

    def start(self) -> None:
        """Start the server and wait until it answers (raises NoPostgres when it will not)."""
        if self._server is not None and self._server.poll() is None:
            return
        log = self.log.open("ab")
        self._server = subprocess.Popen(
            [
                str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                "-c", "listen_addresses=127.0.0.1", "-k", str(self.sockets),
                "-c", "max_connections=300",
            ],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, cwd="/",
            user=self._uid, group=self._gid, extra_groups=self._groups,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 60
        while not self.running():
            if self._server.poll() is not None or time.monotonic() > deadline:
                raise NoPostgres(f"PostgreSQL would not start:\n{self.tail()}")
            time.sleep(0.05)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` ends sessions cleanly, `immediate` as a crash would."""
        server, self._server = self._server, None
        if server is None or server.poll() is not None:
            return
        server.send_signal(signal.SIGQUIT if mode == "immediate" else signal.SIGINT)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    def kill(self) -> None:
        """Kill the server with SIGKILL, as a power cut would (it recovers at the next start).

        Its backends see their postmaster gone and end; the next start waits for them.
        """
        server, self._server = self._server, None
        if server is None:
            return
        with contextlib.suppress(ProcessLookupError):
            server.kill()
        server.wait()

    def running(self) -> bool:
        """The server answers on its port."""
        return (
            self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False).returncode
            == 0
        )

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement as the superuser; returns what psql printed (unaligned)."""
        result = self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
            "-v", "ON_ERROR_STOP=1", "-At", "-c", statement,
        )  # fmt: skip
        return result.stdout.strip()

    def tail(self, lines: int = 20) -> str:
        """The end of the server's log, for a failure's message."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def destroy(self) -> None:
        """Stop the server at once and delete the cluster."""
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
