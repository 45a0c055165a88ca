"""The kiosk's copy of its centre's content, kept up to date by Syncthing from the hub.

The kiosk runs its own Syncthing (home in `<data>/syncthing`) as a child of its sync
service. It knows one other device, the hub, at the address the join response gave (no
discovery, relays or NAT traversal; it is never an introducer and accepts no folder it is
offered), and it holds the centre's folder `receiveonly` in the kiosk's content folder: a
change made on the kiosk itself is never sent anywhere, and `ContentSync` puts it back to the
hub's version within seconds, so what visitors see is always the centre's.

The content loaders skip Syncthing's own files (kiosk/core/syncthing.py `is_sync_file`),
and the live reload with its last good content (kiosk/content/watch.py) covers a folder that
is half-way through a sync: a story whose files have not all arrived is not shown until they
have, and one being replaced keeps its last good version.

At join: `device_id(data)` for the request's `syncthing_device_id`, then
`join_content(data, content, offer)` with the response's `content`; the sync service runs
`ContentSync(data)` (start/stop) for as long as it runs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.core import syncthing
from kiosk.core.syncthing import Home, Rest, State, Supervisor, SyncthingError

log = logging.getLogger(__name__)

HOME = "syncthing"
"""The kiosk's Syncthing home, inside its data folder."""
LISTEN = "tcp://127.0.0.1:0"
"""Kiosks dial the hub and take no connections: listening on loopback only, any port."""
HUB_NAME = "hub"
CHECK_S = 5.0
"""How often the supervisor looks for local changes to put back."""

__all__ = [
    "ContentOffer",
    "ContentState",
    "ContentSync",
    "SyncthingError",
    "content_state",
    "device_id",
    "join_content",
    "kiosk_home",
    "leave_content",
]


@dataclass(frozen=True)
class ContentOffer:
    """The join response's `content` object (hub/protocol.md)."""

    device_id: str
    address: str
    folder: str

    @classmethod
    def from_json(cls, value: Mapping[str, object]) -> ContentOffer:
        """Read the response's `content`; ValueError when a field is missing or not text."""
        fields = {key: value.get(key) for key in ("device_id", "address", "folder")}
        if not all(isinstance(v, str) and v for v in fields.values()):
            raise ValueError("the hub's content offer needs device_id, address and folder")
        if not str(fields["address"]).startswith("tcp://"):
            raise ValueError("the hub's content address must be tcp://host:port")
        return cls(str(fields["device_id"]), str(fields["address"]), str(fields["folder"]))


def kiosk_home(data: Path) -> Home:
    """The kiosk's Syncthing home in its data folder."""
    return Home(data / HOME)


def device_id(data: Path, name: str = "kiosk") -> str:
    """The kiosk's Syncthing device id, its identity made first if need be (for the join)."""
    home = kiosk_home(data)
    if not home.exists():  # made once; config.xml is not touched again here
        syncthing.generate(home.path, name=name, listen=LISTEN)
    return home.device_id()


def join_content(data: Path, content: Path, offer: ContentOffer, name: str = "kiosk") -> None:
    """Set the kiosk's Syncthing to receive the centre's folder from the hub into `content`.

    Written to its config.xml: call it while the kiosk's Syncthing is stopped (at join,
    before `ContentSync.start`), or restart it after. Joining again replaces the old hub.
    """
    home = syncthing.generate(kiosk_home(data).path, name=name, listen=LISTEN)
    _forget_others(home, keep=offer.device_id, keep_folder=offer.folder)
    syncthing.add_device(home, offer.device_id, name=HUB_NAME, addresses=[offer.address])
    content.mkdir(parents=True, exist_ok=True)
    syncthing.set_folder(
        home,
        offer.folder,
        content.resolve(),
        kind="receiveonly",
        devices=[offer.device_id],
        label="centre content",
        # The hub's file modes are not ours: the sync service's umask decides, so the
        # kiosk (the owner) and staff (the folder's setgid group) can read what arrives.
        ignore_perms=True,
    )
    log.info("content will come from the hub %s at %s", offer.device_id[:7], offer.address)


def leave_content(data: Path) -> None:
    """Forget the hub and its folder (the content already here stays as it is).

    A Syncthing running now (the sync service's) forgets them at once, through its REST
    API; its config.xml is written too, for the next start.
    """
    home = kiosk_home(data)
    if not home.exists():
        return
    rest = home.rest(timeout=5)
    if rest.up():
        mine = home.device_id()
        for folder in rest.get("/rest/config/folders"):
            rest.call("DELETE", f"/rest/config/folders/{folder['id']}")
        for device in rest.get("/rest/config/devices"):
            if device["deviceID"] != mine:
                rest.call("DELETE", f"/rest/config/devices/{device['deviceID']}")
    _forget_others(home, keep=None)
    log.info("content: the hub and its folder are forgotten")


@dataclass(frozen=True)
class ContentState:
    """How the centre's content is doing here, for `kiosk hub status`."""

    folder: Path | None
    """The content folder Syncthing fills (None: this kiosk shares no content)."""
    running: bool
    """Whether the kiosk's Syncthing answers (the sync service runs it)."""
    connected: bool = False
    """Whether it is connected to the hub's."""
    state: str = ""
    """Syncthing's word for the folder: idle, scanning, syncing, error ..."""
    missing_files: int = 0
    """Files the hub has that have not arrived yet."""
    error: str = ""


def content_state(data: Path, offer: ContentOffer) -> ContentState:
    """Where this kiosk's copy of the centre's content is, asked of its Syncthing if it runs."""
    home = kiosk_home(data)
    if not home.exists():
        return ContentState(None, running=False)
    found = syncthing.folder_config(home, offer.folder)
    folder = found.path if found is not None else None
    rest = home.rest(timeout=3)
    if folder is None or not rest.up():
        return ContentState(folder, running=False)
    try:
        connections = rest.get("/rest/system/connections")["connections"]
        status = rest.get("/rest/db/status", folder=offer.folder)
    except (SyncthingError, KeyError, TypeError) as error:
        return ContentState(folder, running=True, error=str(error))
    return ContentState(
        folder,
        running=True,
        connected=bool(connections.get(offer.device_id, {}).get("connected")),
        state=str(status.get("state", "")),
        missing_files=int(status.get("needFiles", 0)),
        error=str(status.get("error", "")),
    )


def _forget_others(home: Home, keep: str | None, keep_folder: str | None = None) -> None:
    """Forget every hub but `keep`, and every folder but `keep_folder`."""
    for other in syncthing.remote_devices(home):
        if other != keep:
            syncthing.forget_device(home, other)
    for folder in syncthing.folder_ids(home):
        if folder != keep_folder:
            syncthing.remove_folder(home, folder)


class ContentSync:
    """The kiosk's Syncthing, run by the sync service: started, watched, restarted, stopped.

    Every few seconds while it runs, any change made to the content folder on the kiosk
    itself is put back to the hub's version (`POST /rest/db/revert`).
    """

    def __init__(self, data: Path, *, max_backoff: float = 60.0) -> None:
        self.home = kiosk_home(data)
        self.reverted = 0
        """Local changes put back so far (files and folders)."""
        self._supervisor = Supervisor(
            self.home,
            name="kiosk-syncthing",
            max_backoff=max_backoff,
            every=self._put_back_local_changes,
            every_s=CHECK_S,
        )

    @property
    def state(self) -> State:
        """Where the kiosk's Syncthing is: stopped, starting, running, backing off."""
        return self._supervisor.state

    @property
    def pid(self) -> int | None:
        """Its process id while it runs."""
        return self._supervisor.pid

    def start(self) -> None:
        """Start Syncthing (after `join_content`); it is started again whenever it dies."""
        if not self.home.exists():
            raise SyncthingError("this kiosk has no Syncthing identity: join a hub first")
        self._supervisor.start()

    def stop(self) -> None:
        """Stop Syncthing and its supervision."""
        self._supervisor.stop()

    def restart(self) -> None:
        """Stop and start again: after `join_content` changed its config."""
        self._supervisor.stop()
        self._supervisor.start()

    def wait_until_up(self, timeout: float = 30.0) -> Rest:
        """Wait until the kiosk's Syncthing answers; its REST client."""
        return self._supervisor.wait_until_up(timeout)

    def _put_back_local_changes(self, rest: Rest) -> None:
        for folder in rest.get("/rest/config/folders"):
            if folder.get("type") != "receiveonly":
                continue
            status = rest.get("/rest/db/status", folder=folder["id"])
            changed = int(status.get("receiveOnlyTotalItems", 0))
            if changed:
                log.warning(
                    "%d local change(s) to the content folder put back to the centre's version",
                    changed,
                )
                rest.call("POST", "/rest/db/revert", folder=folder["id"])
                self.reverted += changed
