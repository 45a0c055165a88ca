"""The doctor's cheap checks, as the hub is sent them (at most hourly, as codes).

Only what takes no time and makes no sound: the data folder's privacy, free disk space and
the service's state. The full `kiosk doctor` plays sound and listens; it is not for a loop.
Details are codes and numbers (and the data folder's path), never a visitor's words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk import __version__


def cheap_checks(data: Path) -> dict[str, Any]:
    """The results of the cheap checks on the data folder `data`, as JSON for the hub."""
    # Loaded here: doctor's module brings sound and content readers, needed hourly at most.
    from kiosk.health.doctor import Host, check_disk, check_private, check_service

    host = Host()
    results = [check_service(host), check_private(data), check_disk(host, data)]
    return {
        "kiosk": __version__,
        "checks": [
            {"mark": r.mark.value, "finding": r.finding.value, "details": dict(r.details)}
            for r in results
        ],
    }
