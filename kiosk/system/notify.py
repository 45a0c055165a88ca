"""Liveness for systemd: READY=1 once the first screen is up, then WATCHDOG=1 while it answers.

Only when systemd asked for it (NOTIFY_SOCKET is set); otherwise nothing is sent. The kiosk
runs under cage and foot, not as the service's main process, so the unit says
NotifyAccess=all (see `kiosk.system.files.unit`).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Mapping
from typing import Protocol

import sdnotify

log = logging.getLogger(__name__)

DEFAULT_WATCHDOG_SECONDS = 10.0
"""How often to say "still here" when systemd did not say how often it wants to hear."""


class Notifier(Protocol):
    """Something that passes a state line ("READY=1") to the service manager."""

    def notify(self, state: str) -> None:
        """Send `state`; never raises."""


class Liveness:
    """Tells systemd the kiosk is ready and still answering; does nothing without systemd."""

    def __init__(self, notifier: Notifier | None, watchdog_seconds: float) -> None:
        self._notifier = notifier
        self.watchdog_seconds = watchdog_seconds
        """How often `alive` should be called: half what systemd waits before it restarts."""
        self._ready = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Liveness:
        """Liveness for this process: active only when NOTIFY_SOCKET is set."""
        environ = os.environ if environ is None else environ
        seconds = DEFAULT_WATCHDOG_SECONDS
        # systemd sets WATCHDOG_USEC to WatchdogSec; ping twice as often, as sd_notify(3) asks.
        with contextlib.suppress(ValueError):
            seconds = max(int(environ.get("WATCHDOG_USEC", "")) / 2_000_000, 0.05)
        if not environ.get("NOTIFY_SOCKET"):
            return cls(None, seconds)
        return cls(sdnotify.SystemdNotifier(), seconds)

    @property
    def active(self) -> bool:
        """True when there is a service manager to tell."""
        return self._notifier is not None

    def ready(self) -> None:
        """The first screen is up: READY=1, once."""
        if self._notifier is not None and not self._ready:
            self._ready = True
            self._notifier.notify("READY=1")
            log.info("told systemd the kiosk is ready")

    def alive(self) -> None:
        """The screen still answers: WATCHDOG=1 (only after READY=1, as systemd reads them).

        The watchdog's timer can fire before the first screen is drawn on a busy machine.
        """
        if self._notifier is not None and self._ready:
            self._notifier.notify("WATCHDOG=1")

    def stopping(self) -> None:
        """The kiosk is leaving on purpose: STOPPING=1."""
        if self._notifier is not None:
            self._notifier.notify("STOPPING=1")
