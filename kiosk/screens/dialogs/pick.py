"""Choosing one thing from a list (a topic, a day, an area), with "any" first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on

from kiosk.ui.answers import Pick
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu


class PickScreen(KioskScreen[object]):
    """A titled list; dismissed with the chosen value, Pick.ANY, or None on Back."""

    WORDS: ClassVar[str] = "pick"

    def __init__(
        self, services: Services, title: str, any_label: str, options: Sequence[MenuItem]
    ) -> None:
        super().__init__(services)
        self._title = title
        self.items = [MenuItem(any_label, Pick.ANY), *options]

    @property
    def title_text(self) -> str:
        """What is being chosen."""
        return self._title

    def page(self) -> Page:
        """How many there are to choose from, and the list."""
        return Page([Line(self.pack.count("pick.count", len(self.items)))], self.items)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Answer with the chosen value."""
        self.dismiss(event.item.value)
