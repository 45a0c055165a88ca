"""Content to every kiosk through real Syncthing processes on loopback (issue 35).

A hub's Syncthing sends a centre's content folder (a copy of the sample content) to kiosks'
Syncthings, each with its own home and content folder under tmp_path, on free loopback
ports; discovery, relays and NAT traversal are off, so they find each other only by the
addresses given. The tests wait on states (the files themselves, Syncthing's REST API),
never for a fixed time; every Syncthing is stopped (its process group killed) at the end.

`test_twenty_kiosks` is the issue's scale: 20 kiosks on this machine; its figures (initial
sync, a change, memory per Syncthing) are printed (`pytest -s`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub import content as hub_content
from kiosk.core.syncthing import State, Supervisor, free_gui_port, free_port, is_sync_file
from kiosk.sync import content as kiosk_content
from tests.support.paths import SAMPLE_CONTENT
from tests.support.waits import generous, until_sync

pytestmark = [
    pytest.mark.syncthing,
    pytest.mark.skipif(shutil.which("syncthing") is None, reason="syncthing is not installed"),
]

CENTRE = "riverside"
NEW_STORY = "zz-a-new-story"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (Syncthing's own left out) and a hash of its bytes.

    os.walk, not rglob: a folder Syncthing removes while we look is skipped, not an error.
    """
    found = {}
    for where, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not is_sync_file(name)]
        for name in files:
            if is_sync_file(name):
                continue
            path = Path(where) / name
            try:
                found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
            except FileNotFoundError:  # Syncthing took it away as we looked: not there
                continue
    return found


@dataclass
class Kiosk:
    name: str
    data: Path
    content: Path
    device_id: str
    sync: kiosk_content.ContentSync


@dataclass
class Centre:
    data: Path
    content: Path
    supervisor: Supervisor
    kiosks: list[Kiosk]
    root: Path

    def add_kiosk(self, name: str, had: Path | None = None) -> Kiosk:
        """A kiosk joining as `kiosk hub join` will: device id sent, the offer taken.

        `had`: content the kiosk had before it joined (copied into its content folder).
        """
        data = self.root / name / "data"
        content = self.root / name / "content"
        if had is not None:
            shutil.copytree(had, content)
        device = kiosk_content.device_id(data, name=name)
        hub_content.accept_kiosk(self.data, CENTRE, device, name)
        offer = hub_content.join_offer(self.data, CENTRE)
        answer = kiosk_content.ContentOffer.from_json(offer.as_json())
        kiosk_content.join_content(data, content, answer, name=name)
        sync = kiosk_content.ContentSync(data, max_backoff=2)
        kiosk = Kiosk(name, data, content, device, sync)
        self.kiosks.append(kiosk)
        sync.start()
        return kiosk


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[Centre]:
    data = tmp_path / "hub"
    content = tmp_path / "hub-content"
    shutil.copytree(SAMPLE_CONTENT, content)
    port = free_port()
    hub_content.prepare(data, listen=f"tcp://127.0.0.1:{port}")
    hub_content.add_centre(data, CENTRE, content)
    supervisor = hub_content.supervisor(data)
    made = Centre(data, content, supervisor, [], tmp_path)
    supervisor.start()
    try:
        supervisor.wait_until_up(generous(30))
        yield made
    finally:
        pids = [k.sync.pid for k in made.kiosks] + [supervisor.pid]
        with ThreadPoolExecutor(8) as stopping:  # each waits for its Syncthing to exit
            list(stopping.map(lambda k: k.sync.stop(), made.kiosks))
        supervisor.stop()
        for pid in pids:  # nothing left behind, whatever happened
            if pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)


def has_everything(kiosk: Kiosk, hub: dict[str, str]) -> bool:
    return kiosk.content.is_dir() and snapshot(kiosk.content) == hub


def until_all_have(centre: Centre, kiosks: list[Kiosk], what: str, seconds: float) -> float:
    """Wait until every one of `kiosks` holds exactly the hub's content; the seconds it took."""
    hub = snapshot(centre.content)
    began = time.monotonic()
    waiting = list(kiosks)

    def arrived() -> bool:
        waiting[:] = [k for k in waiting if not has_everything(k, hub)]
        return not waiting

    until_sync(arrived, what, seconds)
    return time.monotonic() - began


def change_content(content: Path) -> None:
    """What staff do on the hub: a new story folder, a group's details edited, a story gone."""
    shutil.copytree(content / "stories" / "small-steps-count", content / "stories" / NEW_STORY)
    toml = content / "stories" / NEW_STORY / "story.toml"
    toml.write_text(toml.read_text().replace("Small steps count", "A new story"))
    groups = content / "groups.csv"
    groups.write_text(groups.read_text().replace("Tuesday", "Wednesday", 1))
    shutil.rmtree(content / "stories" / "a-long-way-from-home")


def rss_mib(pid: int | None) -> float:
    if pid is None:
        return 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_content_reaches_kiosks_changes_follow_revoked_stop_local_edits_go_back(
    centre: Centre,
) -> None:
    # The third kiosk had its own content before it joined: the centre's replaces it.
    own = centre.root / "own-content"
    shutil.copytree(SAMPLE_CONTENT, own)
    (own / "groups.csv").write_text("name\nA group only this kiosk had\n")
    shutil.copytree(own / "stories" / "small-steps-count", own / "stories" / "zz-only-here")
    kiosks = [centre.add_kiosk(f"kiosk-{i}") for i in range(2)]
    kiosks.append(centre.add_kiosk("kiosk-2", had=own))
    until_all_have(centre, kiosks, "the whole content at every kiosk", 60)
    assert (kiosks[0].content / "stories" / "small-steps-count" / "story.ogg").is_file()

    # The hub's REST API agrees: each kiosk has all of the folder.
    rest = hub_content.hub_home(centre.data).rest()
    folder = hub_content.folder_id(CENTRE)
    for kiosk in kiosks:
        until_sync(
            lambda k=kiosk: (
                rest.get("/rest/db/completion", folder=folder, device=k.device_id)["completion"]
                == 100
            ),
            f"the hub sees {kiosk.name} complete",
        )

    # The folder shared again while Syncthing runs (through its REST API): kiosks stay in it.
    hub_content.add_centre(centre.data, CENTRE, centre.content)
    assert sorted(hub_content.kiosks_of(centre.data, CENTRE)) == sorted(k.device_id for k in kiosks)

    # A kiosk revoked: its connection ends and nothing more reaches it.
    revoked, *kept = kiosks
    hub_content.revoke_kiosk(centre.data, revoked.device_id)
    assert revoked.device_id not in hub_content.kiosks_of(centre.data, CENTRE)
    until_sync(
        lambda: (
            not rest.get("/rest/system/connections")["connections"]
            .get(revoked.device_id, {})
            .get("connected")
        ),
        "the revoked kiosk disconnected",
    )

    before_change = snapshot(centre.content)
    change_content(centre.content)
    took = until_all_have(centre, kept, "the change at every kiosk still joined", 60)
    print(f"\n3 kiosks: a change arrived at all within {took:.1f} s")
    assert snapshot(revoked.content) == before_change  # nothing new reached it

    # A local edit at a kiosk: never sent back, and put back to the centre's version.
    hub_before = snapshot(centre.content)
    edited = kept[0].content / "groups.csv"
    edited.write_text("name\nVandalised\n")
    (kept[0].content / "stories" / "zz-local-only").mkdir()
    (kept[0].content / "stories" / "zz-local-only" / "story.toml").write_text("title = 'x'\n")
    until_sync(lambda: has_everything(kept[0], hub_before), "the local edit put back", 60)
    assert kept[0].sync.reverted >= 1
    assert snapshot(centre.content) == hub_before
    assert has_everything(kept[1], hub_before)


def test_a_kiosks_syncthing_that_dies_is_started_again(centre: Centre) -> None:
    kiosk = centre.add_kiosk("kiosk-a")
    until_all_have(centre, [kiosk], "the content at the kiosk", 60)

    # The hub away: the kiosk keeps what it has; back, it catches up.
    kept = snapshot(kiosk.content)
    centre.supervisor.stop()
    (centre.content / "kiosk.toml").write_text(
        (centre.content / "kiosk.toml").read_text() + "\n# edited while the hub was away\n"
    )
    assert snapshot(kiosk.content) == kept
    centre.supervisor.start()
    until_all_have(centre, [kiosk], "the kiosk caught up when the hub came back", 60)

    first = kiosk.sync.pid
    assert first is not None
    os.killpg(first, signal.SIGKILL)
    until_sync(
        lambda: kiosk.sync.pid not in (None, first) and kiosk.sync.state is State.RUNNING,
        "the kiosk's Syncthing running again",
    )
    change_content(centre.content)
    until_all_have(centre, [kiosk], "the change after the restart", 60)


def test_twenty_kiosks(centre: Centre) -> None:
    began = time.monotonic()
    kiosks = [centre.add_kiosk(f"kiosk-{i:02}") for i in range(20)]
    joined = time.monotonic() - began
    initial = until_all_have(centre, kiosks, "the whole content at 20 kiosks", 120)
    files = len(snapshot(centre.content))
    change_content(centre.content)
    change = until_all_have(centre, kiosks, "the change at 20 kiosks", 60)
    hub_rss = rss_mib(centre.supervisor.pid)
    kiosk_rss = sorted(rss_mib(k.sync.pid) for k in kiosks)
    print(
        f"\n20 kiosks: joined and started in {joined:.1f} s; the whole content "
        f"({files} files) at all 20 "
        f"{initial:.1f} s later; a change at all 20 in {change:.1f} s. "
        f"Memory (RSS): hub {hub_rss:.0f} MiB, kiosks median {kiosk_rss[10]:.0f} MiB, "
        f"max {kiosk_rss[-1]:.0f} MiB"
    )
    assert change < generous(60)


def test_the_hubs_config_is_kept_while_its_syncthing_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "hub"
    home = hub_content.prepare(data)  # tcp://0.0.0.0:22000: kiosks need the hub's name
    fid = hub_content.add_centre(data, CENTRE, tmp_path / "content")
    kiosk = kiosk_content.device_id(tmp_path / "kiosk")
    hub_content.accept_kiosk(data, CENTRE, kiosk.lower(), "kiosk-1")
    hub_content.accept_kiosk(data, CENTRE, kiosk, "kiosk-1")  # again: no harm
    assert hub_content.kiosks_of(data, CENTRE) == [kiosk]
    with pytest.raises(ValueError):
        hub_content.accept_kiosk(data, CENTRE, "not-a-device", "kiosk-2")
    hub_content.add_centre(data, CENTRE, tmp_path / "content")  # shared again: kiosks stay
    assert hub_content.kiosks_of(data, CENTRE) == [kiosk]

    with pytest.raises(hub_content.SyncthingError, match=hub_content.ADDRESS_VARIABLE):
        hub_content.join_offer(data, CENTRE)
    monkeypatch.setenv(hub_content.ADDRESS_VARIABLE, "tcp://hub.example.org:22000")
    offer = hub_content.join_offer(data, CENTRE).as_json()
    assert offer == {
        "device_id": home.device_id(),
        "address": "tcp://hub.example.org:22000",
        "folder": fid,
    }
    config = home.config.read_text()
    for setting in (
        "<globalAnnounceEnabled>false<",
        "<localAnnounceEnabled>false<",
        "<relaysEnabled>false<",
        "<natEnabled>false<",
        "<urAccepted>-1<",
        "<crashReportingEnabled>false<",
        "<autoUpgradeIntervalH>0<",
        "<startBrowser>false<",
    ):
        assert setting in config
    assert 'type="sendonly"' in config and "<address>127.0.0.1:" in config

    hub_content.revoke_kiosk(data, kiosk)
    assert hub_content.kiosks_of(data, CENTRE) == []
    assert kiosk not in home.config.read_text()


def test_a_kiosk_offer_is_checked() -> None:
    good = {"device_id": "X" * 7, "address": "tcp://10.0.0.5:22000", "folder": "f"}
    assert kiosk_content.ContentOffer.from_json(good).address == "tcp://10.0.0.5:22000"
    for bad in ({**good, "address": "http://x"}, {**good, "folder": ""}, {"device_id": "x"}):
        with pytest.raises(ValueError):
            kiosk_content.ContentOffer.from_json(bad)


def test_a_kiosks_config_knows_only_the_hub(tmp_path: Path) -> None:
    data = tmp_path / "kiosk"
    mine = kiosk_content.device_id(data)
    hub = kiosk_content.device_id(tmp_path / "another")  # any real device id will do
    offer = kiosk_content.ContentOffer(hub, "tcp://192.0.2.10:22000", "mutuality-riverside")
    kiosk_content.join_content(data, tmp_path / "content", offer)
    home = kiosk_content.kiosk_home(data)
    assert home.device_id() == mine
    config = home.config.read_text()
    assert 'type="receiveonly"' in config and "<address>tcp://192.0.2.10:22000</address>" in config
    assert 'introducer="true"' not in config and "<autoAcceptFolders>true" not in config
    assert "<listenAddress>tcp://127.0.0.1:0</listenAddress>" in config
    assert "<relaysEnabled>false<" in config and "<globalAnnounceEnabled>false<" in config
    # Joining another hub forgets the first.
    other = kiosk_content.device_id(tmp_path / "third")
    kiosk_content.join_content(
        data, tmp_path / "content", kiosk_content.ContentOffer(other, "tcp://h:22000", "f2")
    )
    config = home.config.read_text()
    assert hub not in config and "mutuality-riverside" not in config and other in config


def test_a_taken_rest_port_is_moved_before_a_start(tmp_path: Path) -> None:
    home = kiosk_content.kiosk_home(tmp_path / "kiosk")
    kiosk_content.device_id(tmp_path / "kiosk")
    address, _ = home.gui()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", int(address.rpartition(":")[2])))
        squatter.listen()
        free_gui_port(home)
    assert home.gui()[0] != address


def test_a_syncthing_ends_when_the_process_that_started_it_is_killed(tmp_path: Path) -> None:
    # A hub or a sync service killed with SIGKILL (the many-kiosk tests do it 200 times) must
    # not leave its Syncthing running: it would hold its database and the next start fail.
    data = tmp_path / "data"
    kiosk_content.device_id(data)
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from kiosk.sync.content import ContentSync\n"
        "sync = ContentSync(Path(sys.argv[1]))\n"
        "sync.start()\n"
        "while sync.pid is None: time.sleep(0.05)\n"
        "print(sync.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    starter = subprocess.Popen(
        [sys.executable, "-c", script, str(data)], stdout=subprocess.PIPE, text=True
    )
    assert starter.stdout is not None
    pid = int(starter.stdout.readline())
    assert Path(f"/proc/{pid}").exists()
    starter.kill()
    starter.wait()
    until_sync(lambda: not Path(f"/proc/{pid}").exists(), "Syncthing ended with its starter", 30)
