"""Content sharing as the hub's settings have it: centres' folders, join's offer, revoking.

hub/content.py knows Syncthing and folders; this module knows the hub's centres and kiosks
and when sharing is on: `MUTUALITY_HUB_SYNCTHING_ADDRESS` set (the address kiosks dial).
Each centre's content folder is the one staff named (`centre add --content DIR`), else
`<MUTUALITY_HUB_DATA>/content/<centre id>`; its Syncthing key is the centre's id, which
never changes when staff rename it.

`start()` is for `mutuality-hub serve`: it shares every centre's folder (a centre added while
sharing was off gets its folder now), brings the kiosks' devices in line with the database
(joined ones in, revoked ones out), and starts the hub's Syncthing. A failure here is logged
in plain words and leaves the message API alone.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

from hub import content
from hub.models import Centre, Kiosk
from kiosk.core import syncthing
from kiosk.core.syncthing import Supervisor, SyncthingError

log = logging.getLogger(__name__)

CONTENT = "content"
"""The folder of centres' content folders, in the hub's data folder."""
UP_WITHIN_S = 30.0
"""How long `serve` waits for the hub's Syncthing before it serves without it."""


def enabled() -> bool:
    """Whether this hub shares content: the address kiosks dial is set."""
    return bool(settings.SYNCTHING_ADDRESS)


def data() -> Path:
    """The hub's data folder (`MUTUALITY_HUB_DATA`), where its Syncthing lives."""
    return Path(settings.DATA)


def key(centre: Centre) -> str:
    """The centre's stable key for Syncthing: its id."""
    return str(centre.pk)


def folder_of(centre: Centre) -> Path:
    """Where staff put the centre's content."""
    if centre.content_folder:
        return Path(centre.content_folder)
    return data() / CONTENT / key(centre)


def prepared() -> None:
    """Make the hub's Syncthing identity and config, if not made yet."""
    if not content.hub_home(data()).exists():
        content.prepare(data(), listen=settings.SYNCTHING_LISTEN)


def share(centre: Centre) -> str:
    """Share the centre's folder (made empty if missing) with its kiosks; the folder id."""
    prepared()
    return content.add_centre(data(), key(centre), folder_of(centre))


def offer(kiosk: Kiosk) -> dict[str, str] | None:
    """Join's `content` for a kiosk that sent its device id, its device accepted; else None.

    A failure (the hub's Syncthing not set up, say) is logged and the kiosk joins without
    content: its messages sync all the same.
    """
    if not enabled() or not kiosk.syncthing_device_id:
        return None
    try:
        centre = kiosk.centre
        if content.folder_id(key(centre)) not in _shared():
            share(centre)
        content.accept_kiosk(data(), key(centre), kiosk.syncthing_device_id, kiosk.name)
        return content.join_offer(data(), key(centre), settings.SYNCTHING_ADDRESS).as_json()
    except (SyncthingError, OSError, ValueError) as error:
        log.error("kiosk %d joined without content: %s", kiosk.pk, error)
        return None


def revoke(kiosk: Kiosk) -> bool:
    """Stop sending content to a revoked kiosk; True when its device was taken out.

    Its device stays when another kiosk that is not revoked has the same one (the same
    machine, left and joined again).
    """
    device = kiosk.syncthing_device_id
    if not device or not content.hub_home(data()).exists():
        return False
    others = Kiosk.objects.filter(syncthing_device_id=device, revoked_at=None).exclude(pk=kiosk.pk)
    if others.exists():
        return False
    content.revoke_kiosk(data(), device)
    return True


def start() -> Supervisor | None:
    """For `serve`: every centre's folder shared, kiosks in line, the hub's Syncthing started.

    None, said plainly in the log, when Syncthing cannot be set up or started: the hub
    serves messages all the same.
    """
    try:
        content.prepare(data(), listen=settings.SYNCTHING_LISTEN)
    except (SyncthingError, OSError) as error:
        log.error("content sharing is off: the hub's Syncthing cannot be set up: %s", error)
        return None
    try:
        _in_line()
    except DatabaseError as error:
        log.error("content: centres not read (%s); sharing what was shared before", error)
    except (SyncthingError, OSError, ValueError) as error:
        log.error("content: the centres' folders could not all be shared: %s", error)
    running = content.supervisor(data())
    running.start()
    try:
        running.wait_until_up(UP_WITHIN_S)
    except SyncthingError as error:
        log.error("content: the hub's Syncthing is not answering yet (%s); trying on", error)
    else:
        log.info(
            "content sharing on: kiosks dial %s (listening on %s)",
            settings.SYNCTHING_ADDRESS,
            settings.SYNCTHING_LISTEN,
        )
    return running


def _shared() -> set[str]:
    """The folder ids the hub's Syncthing config has."""
    home = content.hub_home(data())
    return set(syncthing.folder_ids(home)) if home.exists() else set()


def _in_line() -> None:
    """Share every centre's folder; accept joined kiosks' devices, forget revoked ones."""
    for centre in Centre.objects.order_by("pk"):
        share(centre)
        path = folder_of(centre)
        log.info("content of centre %d (%s) is shared from %s", centre.pk, centre.name, path)
    kiosks = Kiosk.objects.select_related("centre").exclude(syncthing_device_id="")
    for kiosk in kiosks.filter(revoked_at=None):
        content.accept_kiosk(data(), key(kiosk.centre), kiosk.syncthing_device_id, kiosk.name)
    for kiosk in kiosks.exclude(revoked_at=None):
        revoke(kiosk)
