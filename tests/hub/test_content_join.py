"""Content joined end to end (issue 35): the real hub shares it, real kiosks join and sync it.

`test_three_kiosks_join_sync_revoke_and_leave` runs every part as its own process: the hub
(`mutuality-hub serve` with content sharing on, on loopback), three kiosks joined through
`kiosk hub join` and each running `kiosk hub sync` (messages and its Syncthing), on the
session's PostgreSQL. It waits on states (the files, the hub's Syncthing), never for a fixed
time, prints how long a change took to reach every kiosk (`pytest -s`), and stops every
process it started. The others check the hub's side in-process.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client, override_settings

from hub import content as hub_content
from hub import sharing
from hub.kiosks import make_join_code, revoke
from hub.localdb import LocalPostgres
from hub.models import Centre, Kiosk
from kiosk.core.syncthing import free_port
from kiosk.sync import content as kiosk_content
from tests.hub.conftest import DATABASE, post
from tests.hub.test_content_sync import change_content, snapshot
from tests.support.hubs import ROOT, HubServer, hub_command
from tests.support.paths import SAMPLE_CONTENT
from tests.support.waits import generous, until_sync

pytestmark = [
    pytest.mark.syncthing,
    pytest.mark.skipif(shutil.which("syncthing") is None, reason="syncthing is not installed"),
]

CENTRE = "Riverside"
KIOSK_UMASK = 0o027
"""The installed sync unit's UMask= (kiosk/system/files.py)."""


def kiosk_env() -> dict[str, str]:
    """A kiosk subprocess's environment: this checkout's code, no content folder by default."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "MUTUALITY_"))}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    """`kiosk ARGS` (this checkout's), to the end."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        env=kiosk_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def hub(database: str, data: Path, *args: str) -> str:
    """`mutuality-hub ARGS` with the environment as it is now; what it printed."""
    result = hub_command(database, data, *args)
    assert result.returncode == 0, f"mutuality-hub {' '.join(args)}: {result.stderr}"
    return result.stdout


def end_processes_under(folder: Path) -> None:
    """SIGKILL any process still running from `folder` (a Syncthing whose parent was killed)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if str(folder).encode() in command:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGKILL)


class SyncingKiosk:
    """A kiosk's data and content folders, and its `kiosk hub sync` process."""

    def __init__(self, folder: Path, name: str) -> None:
        self.name = name
        self.data = folder / name / "data"
        self.content = folder / name / "content"
        self.log = folder / name / "sync.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "hub", "sync", "--data", str(self.data),
                 "--interval", "1", "--max-backoff", "2"],
                env=kiosk_env(), stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                process_group=0, umask=KIOSK_UMASK,
            )  # fmt: skip

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def has(self, wanted: dict[str, str]) -> bool:
        return self.content.is_dir() and snapshot(self.content) == wanted

    def syncthing_up(self) -> bool:
        return kiosk_content.kiosk_home(self.data).rest(timeout=2).up()


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder of the test's own, and nothing left running from it afterwards."""
    made = Path(os.environ.get("TMPDIR", "/tmp")) / f"content-join-{os.getpid()}-{time.time_ns()}"
    made.mkdir()
    try:
        yield made
    finally:
        end_processes_under(made)
        shutil.rmtree(made, ignore_errors=True)


def test_three_kiosks_join_sync_revoke_and_leave(
    db: LocalPostgres, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = folder / "hub"
    # A centre added while content sharing is off: `serve` shares its folder when it is on.
    added = hub(DATABASE, data, "centre", "add", CENTRE)
    assert "Content sharing is off" in added
    centre_folder = data / "content" / "1"
    assert f"Its content folder is {centre_folder}" in added and centre_folder.is_dir()
    shutil.copytree(SAMPLE_CONTENT, centre_folder, dirs_exist_ok=True)

    port = free_port()
    monkeypatch.setenv("MUTUALITY_HUB_SYNCTHING_ADDRESS", f"tcp://127.0.0.1:{port}")
    monkeypatch.setenv("MUTUALITY_HUB_SYNCTHING_LISTEN", f"tcp://127.0.0.1:{port}")
    server = HubServer(DATABASE, data)
    kiosks = [SyncingKiosk(folder, f"kiosk-{i}") for i in range(3)]
    try:
        server.start()
        rest = hub_content.hub_home(data).rest()
        until_sync(rest.up, "the hub's Syncthing answers")
        assert "content sharing on" in server.output()

        # A centre added while the hub runs: its folder is shared at once.
        result = hub_command(DATABASE, data, "centre", "add", "Hillside")
        assert result.returncode == 0 and "not shared" not in result.stderr, result.stderr
        assert "Its content folder is" in result.stdout and "sharing is off" not in result.stdout
        assert hub_content.folder_id("2") in {f["id"] for f in rest.get("/rest/config/folders")}

        for number, one in enumerate(kiosks):
            one.content.mkdir(parents=True)
            one.content.chmod(0o2775)  # as installed: setgid, the staff group's
            code = hub(DATABASE, data, "join-code", CENTRE).split()[-1]
            joined = kiosk(
                "hub", "join", server.url, code, "--name", one.name,
                "--data", str(one.data), "--content", str(one.content),
            )  # fmt: skip
            assert joined.returncode == 0, joined.stderr
            assert f"this kiosk is number {number + 1}" in joined.stdout
            assert "will replace what is in this kiosk's content folder" in joined.stdout
            one.start()

        began = time.monotonic()
        wanted = snapshot(centre_folder)
        until_sync(
            lambda: all(one.has(wanted) for one in kiosks), "the centre's content at 3 kiosks", 120
        )
        print(f"\n3 kiosks joined through `kiosk hub join`: the content at all in "
              f"{time.monotonic() - began:.1f} s")  # fmt: skip
        status = kiosk("hub", "status", "--data", str(kiosks[0].data))
        assert f"Content: shared from the hub into {kiosks[0].content}" in status.stdout

        # What Syncthing wrote (with the sync unit's umask): the kiosk's, staff may read it.
        for path in [kiosks[0].content / "stories", *kiosks[0].content.rglob("story.toml")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode & 0o440 == 0o440 and not mode & 0o007, (path, oct(mode))
        assert kiosks[0].content.joinpath("stories").stat().st_mode & stat.S_ISGID

        # A change staff make on the hub: at every kiosk within 60 s.
        change_content(centre_folder)
        began = time.monotonic()
        wanted = snapshot(centre_folder)
        until_sync(lambda: all(one.has(wanted) for one in kiosks), "the change at 3 kiosks", 60)
        took = time.monotonic() - began
        print(f"a change (a new story, groups.csv edited) at all 3 kiosks in {took:.1f} s")
        assert took < generous(60)

        # Revoked on the hub: the kiosk's token is refused (its sync stops) and its
        # Syncthing is cut off.
        revoked, left, kept = kiosks
        assert "no more content" in hub(DATABASE, data, "revoke", "1")
        device = kiosk_content.device_id(revoked.data)
        assert device not in hub_content.kiosks_of(data, "1")
        assert revoked.process is not None
        until_sync(lambda: revoked.process.poll() is not None, "the revoked kiosk's sync stops")  # type: ignore[union-attr]
        assert revoked.process.returncode == 3
        assert not revoked.syncthing_up()

        # Left at the kiosk: its Syncthing forgets the hub at once, while the sync runs.
        assert left.syncthing_up()
        gone = kiosk("hub", "leave", "--data", str(left.data))
        assert gone.returncode == 0 and "no longer comes here" in gone.stdout
        assert left.syncthing_up()
        assert kiosk_content.kiosk_home(left.data).rest().get("/rest/config/folders") == []
        left_device = kiosk_content.device_id(left.data)
        until_sync(
            lambda: (
                not rest.get("/rest/system/connections")["connections"]
                .get(left_device, {})
                .get("connected")
            ),
            "the kiosk that left is not connected",
        )

        before = snapshot(centre_folder)
        (centre_folder / "groups.csv").write_text((centre_folder / "groups.csv").read_text() + "\n")
        wanted = snapshot(centre_folder)
        until_sync(lambda: kept.has(wanted), "the last change at the kiosk still joined", 60)
        assert revoked.has(before) and left.has(before)  # nothing more reached them
    finally:
        for one in kiosks:
            one.stop()
        server.stop()
    hub_log = server.output()
    assert "content sharing is off" not in hub_log
    assert not hub_content.hub_home(data).rest(timeout=2).up()  # stopped with the server


def test_join_offers_content_when_sharing_is_on_and_a_device_is_sent(
    centre: Centre, client: Client, tmp_path: Path
) -> None:
    data = tmp_path / "hub"
    kiosk_device = kiosk_content.device_id(tmp_path / "k1")
    body = {"name": "café", "syncthing_device_id": kiosk_device}
    with override_settings(DATA=data, SYNCTHING_ADDRESS=""):
        status, answer = post(client, "/api/v1/join", {**body, "code": make_join_code(centre)})
        assert status == 201 and answer["content"] is None
    with override_settings(
        DATA=data,
        SYNCTHING_ADDRESS="tcp://hub.example.org:22000",
        SYNCTHING_LISTEN="tcp://127.0.0.1:0",
    ):
        status, answer = post(client, "/api/v1/join", {**body, "code": make_join_code(centre)})
        assert status == 201
        assert answer["content"] == {
            "device_id": hub_content.hub_home(data).device_id(),
            "address": "tcp://hub.example.org:22000",
            "folder": f"mutuality-{centre.pk}",
        }
        assert hub_content.kiosks_of(data, str(centre.pk)) == [kiosk_device]
        assert sharing.folder_of(centre).is_dir()
        # No device sent: no content, as before.
        no_device = {"name": "x", "code": make_join_code(centre)}
        assert post(client, "/api/v1/join", no_device)[1]["content"] is None

        # The same machine joined twice (it left and joined again): revoking the old kiosk
        # keeps the device for the new one; revoking that too takes it out.
        first, second = Kiosk.objects.filter(syncthing_device_id=kiosk_device).order_by("pk")
        assert sharing.revoke(revoke(first.pk)) is False
        assert hub_content.kiosks_of(data, str(centre.pk)) == [kiosk_device]
        assert sharing.revoke(revoke(second.pk)) is True
        assert hub_content.kiosks_of(data, str(centre.pk)) == []
