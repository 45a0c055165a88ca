"""Choosing one thing from a list (a topic, a day, an area), with "any" first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult

from kiosk.ui.navigation import PICK_ANY
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu


class PickScreen(KioskScreen):
    """A titled list; dismissed with the chosen value, PICK_ANY, or None on Back."""

    WORDS: ClassVar[str] = "pick"

    def __init__(
        self, services: Services, title: str, any_label: str, options: Sequence[MenuItem]
    ) -> None:
        super().__init__(services)
        self._title = title
        self.items = [MenuItem(any_label, PICK_ANY), *options]

    @property
    def title_text(self) -> str:
        """What is being chosen."""
        return self._title

    def spoken_body(self) -> str:
        """How many there are to choose from."""
        return self.pack.count("pick.count", len(self.items))

    def compose_body(self) -> ComposeResult:
        """The list."""
        yield NumberedMenu(self.items, id="pick-menu")

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Answer with the chosen value."""
        self.dismiss(event.item.value)
