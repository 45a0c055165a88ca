"""The first screen: the centre's welcome and the four things a visitor can do."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.screens.base import KioskScreen
from kiosk.services import Services
from kiosk.widgets import MenuItem, NumberedMenu

STAFF_PRESSES = 3
STAFF_GAP = 2.0
"""Seconds allowed between the presses of 0 that open staff PIN entry."""

CHOICES = ("stories", "leave", "hear", "groups", "help")
"""What Home offers, in order; each one's words are the pack's "home.<choice>"."""


class HomeScreen(KioskScreen):
    """Welcome, and a numbered menu of what the kiosk offers."""

    WORDS: ClassVar[str] = "home"

    def compose_body(self) -> ComposeResult:
        """The welcome words and the menu."""
        yield Static(Content(self.services.content.config.welcome), id="welcome")
        yield NumberedMenu(self.choices(), id="home-menu")

    def choices(self) -> list[MenuItem]:
        """The menu, in the visitor's language."""
        return [
            MenuItem(self.t(f"home.{name}.label"), name, self.t(f"home.{name}.detail"))
            for name in CHOICES
        ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._zeros = 0
        self._last_zero = -1e9

    def spoken_body(self) -> str:
        """The centre's welcome words."""
        return self.services.content.config.welcome

    def describe_back(self) -> str:
        """What Escape does here."""
        return self.t("home.back")

    def reset(self) -> None:
        """Put the menu back to its first item for the next visitor."""
        self.refresh_words()
        self.query_one(NumberedMenu).focus()

    def refresh_words(self) -> None:
        """Show everything in the language now chosen."""
        super().refresh_words()
        self.query_one(NumberedMenu).set_items(self.choices())

    def action_back(self) -> None:
        """Home is as far back as the kiosk goes."""

    def action_digit(self, number: int) -> None:
        """Digits choose; 0 three times in a row opens staff PIN entry (documented for staff)."""
        if number != 0:
            self._zeros = 0
            super().action_digit(number)
            return
        now = self.services.clock.monotonic()
        recent = now - self._last_zero < STAFF_GAP
        self._zeros = self._zeros + 1 if recent else 1
        self._last_zero = now
        if self._zeros >= STAFF_PRESSES:
            self._zeros = 0
            from kiosk.screens import PinScreen

            self.app.push_screen(PinScreen(self.services))
        else:
            self.speak(self.t("screen.digit_nothing", number=0))

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Open what was chosen."""
        from kiosk.screens import (
            GroupsScreen,
            HearMessagesScreen,
            HelpScreen,
            LeaveMessageScreen,
            StoryListScreen,
        )

        screens = {
            "stories": StoryListScreen,
            "leave": LeaveMessageScreen,
            "hear": HearMessagesScreen,
            "groups": GroupsScreen,
            "help": HelpScreen,
        }
        self.app.push_screen(screens[event.item.value](self.services))
