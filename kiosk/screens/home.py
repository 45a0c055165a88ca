"""The first screen: the centre's welcome and the four things a visitor can do."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.screens.base import KioskScreen
from kiosk.widgets import MenuItem, NumberedMenu

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
