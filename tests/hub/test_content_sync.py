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
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub import content as hub_content
from kiosk.core.syncthing import State, Supervisor, free_port, is_sync_file
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
    """Every file under `folder` (Syncthing's own left out) and a hash of its bytes."""
    found = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if path.is_file() and not any(is_sync_file(part) for part in relative.parts):
            found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
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

    def add_kiosk(self, name: str) -> Kiosk:
        """A kiosk joining as `kiosk hub join` will: device id sent, the offer taken."""
        data = self.root / name / "data"
        content = self.root / name / "content"
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
        for kiosk in made.kiosks:
            kiosk.sync.stop()
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
    """What staff do on the hub: a new story folder, and a group's details edited."""
    shutil.copytree(content / "stories" / "small-steps-count", content / "stories" / NEW_STORY)
    toml = content / "stories" / NEW_STORY / "story.toml"
    toml.write_text(toml.read_text().replace("Small steps count", "A new story"))
    groups = content / "groups.csv"
    groups.write_text(groups.read_text().replace("Tuesday", "Wednesday", 1))


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
    kiosks = [centre.add_kiosk(f"kiosk-{i}") for i in range(3)]
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
    change_content(centre.content)
    change = until_all_have(centre, kiosks, "the change at 20 kiosks", 60)
    hub_rss = rss_mib(centre.supervisor.pid)
    kiosk_rss = sorted(rss_mib(k.sync.pid) for k in kiosks)
    print(
        f"\n20 kiosks: joined and started in {joined:.1f} s; the whole content "
        f"({sum(1 for _ in snapshot(centre.content))} files) at all 20 "
        f"{initial:.1f} s later; a change at all 20 in {change:.1f} s. "
        f"Memory (RSS): hub {hub_rss:.0f} MiB, kiosks median {kiosk_rss[10]:.0f} MiB, "
        f"max {kiosk_rss[-1]:.0f} MiB"
    )
    assert change < generous(60)
