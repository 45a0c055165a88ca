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

CHOICES = (
    MenuItem("Hear a story", "stories", "Real people talk about hard times and what helped"),
    MenuItem("Leave a message", "leave", "Write a few kind words for another visitor"),
    MenuItem("Hear a message from another visitor", "hear", "Kind words left by people here"),
    MenuItem("Find a group", "groups", "What happens, when, where and how to get in touch"),
    MenuItem("Help", "help", "How to use this screen, and people you can talk to"),
)


class HomeScreen(KioskScreen):
    """Welcome, and a numbered menu of what the kiosk offers."""

    TITLE: ClassVar[str] = "Welcome"
    INSTRUCTION: ClassVar[str] = "Press a number to choose. Press F1 at any time for help."
    HINT: ClassVar[str] = "Press a number to choose  ·  Arrows and Enter also work  ·  F1: help"

    def compose_body(self) -> ComposeResult:
        """The welcome words and the menu."""
        yield Static(Content(self.services.content.config.welcome), id="welcome")
        yield NumberedMenu(CHOICES, id="home-menu")

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._zeros = 0
        self._last_zero = -1e9

    def spoken_body(self) -> str:
        """The centre's welcome words."""
        return self.services.content.config.welcome

    def describe_back(self) -> str:
        """What Escape does here."""
        return "Escape does nothing here: this is the first screen."

    def reset(self) -> None:
        """Put the menu back to its first item for the next visitor."""
        self.query_one(NumberedMenu).set_items(CHOICES)
        self.query_one(NumberedMenu).focus()

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
            self.speak("0 does nothing here.")

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
