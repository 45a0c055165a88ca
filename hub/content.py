"""The hub's Syncthing: each centre's content folder, sent to the kiosks of that centre only.

Staff edit one content folder per centre on the hub; Syncthing (Debian's package, run by
the hub with its home in `<hub data>/syncthing`) sends it to every kiosk that joined that
centre, as a `sendonly` folder: nothing a kiosk does to its copy ever comes back. Syncthing
finds nobody by itself here (no discovery, relays or NAT traversal): kiosks dial the address
the join response gives them, and the hub talks only to devices it was told to accept.

The join view calls `accept_kiosk` with the device id the kiosk sent and answers with
`join_offer`; revoking a kiosk calls `revoke_kiosk`. Each works whether the hub's Syncthing
is running (through its REST API, applied at once) or not (in its config.xml, read at the
next start). A lock file keeps two gunicorn workers from losing each other's changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core import syncthing
from kiosk.core.syncthing import Home, Rest, Supervisor, SyncthingError

log = logging.getLogger(__name__)

HOME = "syncthing"
"""The hub's Syncthing home, inside the hub's data folder."""
DEFAULT_LISTEN = "tcp://0.0.0.0:22000"
ADDRESS_VARIABLE = "MUTUALITY_HUB_SYNCTHING_ADDRESS"
"""The address kiosks dial (tcp://hub.example.org:22000): the hub's name as kiosks see it."""

__all__ = [
    "ContentOffer",
    "SyncthingError",
    "accept_kiosk",
    "add_centre",
    "folder_id",
    "hub_home",
    "join_offer",
    "kiosks_of",
    "prepare",
    "revoke_kiosk",
    "supervisor",
]


@dataclass(frozen=True)
class ContentOffer:
    """What a joining kiosk needs to fetch its centre's content (the join response's `content`)."""

    device_id: str
    """The hub's Syncthing device id."""
    address: str
    """Where kiosks dial it: tcp://host:port."""
    folder: str
    """The centre's folder id."""

    def as_json(self) -> dict[str, str]:
        """The `content` object of the join response (hub/protocol.md)."""
        return {"device_id": self.device_id, "address": self.address, "folder": self.folder}


def hub_home(data: Path) -> Home:
    """The hub's Syncthing home in its data folder (`MUTUALITY_HUB_DATA`)."""
    return Home(data / HOME)


def folder_id(centre: str) -> str:
    """The Syncthing folder id of a centre's content: `mutuality-` and the centre's key.

    `centre` is a stable key of the centre (its id or slug in the hub's database), not a
    name staff may change.
    """
    key = re.sub(r"[^a-z0-9]+", "-", centre.casefold()).strip("-")
    if not key:
        raise ValueError(f"no folder id can be made from {centre!r}")
    return f"mutuality-{key}"


def prepare(
    data: Path, *, listen: str = DEFAULT_LISTEN, gui_port: int | None = None, name: str = "hub"
) -> Home:
    """Make (once) the hub's Syncthing identity and config, with our settings applied.

    Call it before the hub's Syncthing starts (it writes config.xml). The REST API is on
    127.0.0.1 only, with an API key of its own; `listen` is where kiosks connect.
    """
    home = hub_home(data)
    with _locked(home):
        return syncthing.generate(home.path, name=name, listen=listen, gui_port=gui_port)


def supervisor(data: Path) -> Supervisor:
    """The hub's Syncthing, supervised: `start()` it beside the server, `stop()` it after."""
    return Supervisor(hub_home(data), name="hub-syncthing")


def add_centre(data: Path, centre: str, folder: Path) -> str:
    """Share `folder` (the centre's content folder) from the hub, send-only; its folder id.

    Kiosks already accepted into the centre stay in it. The folder is made if missing.
    """
    home = hub_home(data)
    folder.mkdir(parents=True, exist_ok=True)
    fid = folder_id(centre)
    with _locked(home):
        rest = _running(home)
        if rest is None:
            devices = _offline_kiosks(home, fid)
            syncthing.set_folder(
                home, fid, folder.resolve(), kind="sendonly", devices=devices, label=centre
            )
        else:
            devices = _rest_kiosks(rest, fid, home.device_id(), new_ok=True)
            rest.call(
                "PUT",
                f"/rest/config/folders/{fid}",
                _folder_json(fid, centre, folder.resolve(), [home.device_id(), *devices]),
            )
    log.info("content folder %s shared for centre %s", folder, centre)
    return fid


def accept_kiosk(data: Path, centre: str, device_id: str, name: str) -> None:
    """Let a kiosk's Syncthing (`device_id`, from its join request) receive the centre's folder.

    Safe to repeat. ValueError for a device id that is not one.
    """
    device_id = device_id.strip().upper()
    if not syncthing.valid_device_id(device_id):
        raise ValueError("not a Syncthing device id")
    home = hub_home(data)
    fid = folder_id(centre)
    with _locked(home):
        rest = _running(home)
        if rest is None:
            syncthing.add_device(home, device_id, name=name)
            folder = _offline_folder(home, fid)
            syncthing.set_folder(
                home,
                fid,
                folder.path,
                kind="sendonly",
                devices=[*_offline_kiosks(home, fid), device_id],
                label=folder.label,
            )
        else:
            rest.call(
                "PUT",
                f"/rest/config/devices/{device_id}",
                {
                    "deviceID": device_id,
                    "name": name,
                    "addresses": ["dynamic"],  # kiosks dial us; we never look for them
                    "introducer": False,
                    "autoAcceptFolders": False,
                    "compression": "metadata",
                },
            )
            devices = _rest_kiosks(rest, fid, home.device_id())
            if device_id not in devices:
                _patch_devices(rest, fid, [home.device_id(), *devices, device_id])
    log.info("kiosk %s (%s) accepted for centre %s's content", name, device_id[:7], centre)


def revoke_kiosk(data: Path, device_id: str) -> None:
    """Stop sending content to a kiosk: out of every folder, and forgotten as a device.

    Its connection is closed at once when the hub's Syncthing runs; it cannot connect again.
    """
    device_id = device_id.strip().upper()
    home = hub_home(data)
    with _locked(home):
        rest = _running(home)
        if rest is None:
            syncthing.forget_device(home, device_id)
        else:
            for folder in rest.get("/rest/config/folders"):
                ids = [d["deviceID"] for d in folder["devices"]]
                if device_id in ids:
                    _patch_devices(rest, folder["id"], [i for i in ids if i != device_id])
            with contextlib.suppress(SyncthingError):  # not known: nothing to forget
                rest.call("DELETE", f"/rest/config/devices/{device_id}")
    log.info("kiosk device %s revoked from content", device_id[:7])


def kiosks_of(data: Path, centre: str) -> list[str]:
    """The device ids the centre's folder is sent to (not the hub's own)."""
    home = hub_home(data)
    rest = _running(home)
    fid = folder_id(centre)
    return _offline_kiosks(home, fid) if rest is None else _rest_kiosks(rest, fid, home.device_id())


def join_offer(data: Path, centre: str, address: str | None = None) -> ContentOffer:
    """The join response's `content` for a kiosk of `centre`.

    `address` is where kiosks reach the hub's Syncthing; by default $MUTUALITY_HUB_SYNCTHING_ADDRESS,
    else the listen address when it names a host (not 0.0.0.0).
    """
    home = hub_home(data)
    if address is None:
        address = os.environ.get(ADDRESS_VARIABLE) or _listen_address(home)
    return ContentOffer(home.device_id(), address, folder_id(centre))


# --- helpers ----------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(home: Home) -> Iterator[None]:
    home.path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (home.path / ".mutuality.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _running(home: Home) -> Rest | None:
    """The REST client when the hub's Syncthing answers, else None (edit config.xml)."""
    if not home.exists():
        raise SyncthingError("the hub's Syncthing is not set up: call hub.content.prepare first")
    rest = home.rest(timeout=10)
    return rest if rest.up() else None


def _listen_address(home: Home) -> str:
    listen = next(iter(syncthing.listen_addresses(home)), "")
    if not listen.startswith("tcp://") or "0.0.0.0" in listen or "[::]" in listen:
        raise SyncthingError(
            f"set {ADDRESS_VARIABLE} to the address kiosks dial (tcp://HOST:22000)"
        )
    return listen


def _offline_folder(home: Home, fid: str) -> syncthing.FolderConfig:
    folder = syncthing.folder_config(home, fid)
    if folder is None:
        raise SyncthingError(f"no content folder {fid} on the hub: call add_centre first")
    return folder


def _offline_kiosks(home: Home, fid: str) -> list[str]:
    folder = syncthing.folder_config(home, fid)
    mine = home.device_id()
    return [] if folder is None else [d for d in folder.devices if d != mine]


def _rest_kiosks(rest: Rest, fid: str, mine: str, *, new_ok: bool = False) -> list[str]:
    """The kiosks the running Syncthing sends `fid` to; none when `new_ok` and it has no `fid`."""
    try:
        folder = rest.get(f"/rest/config/folders/{fid}")
    except SyncthingError as error:
        if " 404 " in f"{error} ":
            if new_ok:
                return []
            raise SyncthingError(f"no content folder {fid} on the hub: add_centre first") from error
        raise
    return [d["deviceID"] for d in folder["devices"] if d["deviceID"] != mine]


def _patch_devices(rest: Rest, fid: str, devices: list[str]) -> None:
    body = {"devices": [{"deviceID": d, "introducedBy": ""} for d in dict.fromkeys(devices)]}
    rest.call("PATCH", f"/rest/config/folders/{fid}", body)


def _folder_json(fid: str, label: str, path: Path, devices: list[str]) -> dict[str, Any]:
    return {
        "id": fid,
        "label": label,
        "path": str(path),
        "type": "sendonly",
        "rescanIntervalS": syncthing.FOLDER_RESCAN_S,
        "fsWatcherEnabled": True,
        "fsWatcherDelayS": syncthing.WATCHER_DELAY_S,
        "markerName": syncthing.MARKER,
        "minDiskFree": {"value": 1, "unit": "%"},
        "devices": [{"deviceID": d, "introducedBy": ""} for d in dict.fromkeys(devices)],
    }
