"""The kiosk App: small on purpose. Screens live in kiosk/screens, one per file."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App
from textual.binding import BindingType

from kiosk.audio import Player, PlayerState
from kiosk.clock import Clock, SystemClock
from kiosk.content import load_content
from kiosk.screens import HomeScreen, StillThereScreen
from kiosk.services import Services
from kiosk.store import MessageStore
from kiosk.theme import PALETTE

log = logging.getLogger(__name__)

WARNING_SECONDS = 20
"""How long before the time-out the "are you still there?" warning shows."""


class KioskApp(App[None], inherit_bindings=False):
    """The full-screen kiosk. A visitor cannot quit it: no key binding leads out."""

    CSS_PATH = "kiosk.tcss"
    TITLE = "Mutuality"
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    # No ctrl+q, no ctrl+c: staff stop the kiosk with a signal (see README).
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self._last_activity = services.clock.monotonic()
        self._warning: StillThereScreen | None = None

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Make the palette available to the stylesheet as $kiosk-... variables."""
        return {**super().get_theme_variable_defaults(), **PALETTE}

    def on_mount(self) -> None:
        """Open Home and start watching for the visitor walking away."""
        self.push_screen(HomeScreen(self.services))
        self.set_interval(1.0, self.check_walked_away)
        # Staff stop the kiosk with a signal (a service stop sends SIGTERM): leave cleanly,
        # restoring the terminal. There is no key for it.
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGTERM, self.exit)
            # SIGHUP: the terminal is gone, so there is no screen to restore, and Textual can
            # hang writing to it. Leave at once; every saved message is already on disk.
            loop.add_signal_handler(signal.SIGHUP, self._terminal_gone)

    def _terminal_gone(self) -> None:
        log.info("the terminal closed; stopping")
        self.services.player.close()
        logging.shutdown()
        os._exit(0)

    async def on_event(self, event: events.Event) -> None:
        """Every key a visitor presses counts as them still being here."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.note_activity()
        await super().on_event(event)

    def note_activity(self) -> None:
        """Restart the idle count."""
        self._last_activity = self.services.clock.monotonic()

    @property
    def idle_seconds(self) -> float:
        """How long since the last key."""
        return self.services.clock.monotonic() - self._last_activity

    def check_walked_away(self) -> None:
        """Warn before the time-out; at the time-out, start over for the next person."""
        if self.services.player.state is PlayerState.PLAYING:
            # Someone listening to a story presses no keys, and is still here.
            self.note_activity()
            return
        timeout = self.services.content.config.idle_timeout_seconds
        idle = self.idle_seconds
        if idle >= timeout:
            self.reset_for_next_visitor()
        elif idle >= timeout - WARNING_SECONDS and self._warning is None and not self.at_home:
            self._warning = StillThereScreen(round(timeout - idle))
            self.push_screen(self._warning, lambda _: self._warning_closed())

    def _warning_closed(self) -> None:
        self._warning = None

    @property
    def at_home(self) -> bool:
        """True when Home is showing with nothing above it."""
        return isinstance(self.screen, HomeScreen)

    def reset_for_next_visitor(self) -> None:
        """Stop sound, drop every screen (and any unsent draft with it), go Home."""
        self.services.player.stop()
        self._warning = None
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.reset()
        self.note_activity()


def build_app(
    content_dir: Path,
    data_dir: Path,
    *,
    player: Player | None = None,
    clock: Clock | None = None,
) -> KioskApp:
    """Build the kiosk from a content folder and a data folder; the CLI and tests use this."""
    content = load_content(content_dir)
    store = MessageStore(data_dir)
    if player is None:
        from kiosk.audio.device import DevicePlayer

        player = DevicePlayer()
    services = Services(content=content, store=store, player=player, clock=clock or SystemClock())
    return KioskApp(services)
