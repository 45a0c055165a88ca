"""The first screen: the centre's welcome, what a visitor can do, and (maybe) a language."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.screens.base import KioskScreen
from kiosk.screens.language import in_every_language, offered
from kiosk.services import Services
from kiosk.widgets import MenuItem, NumberedMenu

STAFF_PRESSES = 3
STAFF_GAP = 2.0
"""Seconds allowed between the presses of 0 that open staff PIN entry."""

CHOICES = ("stories", "leave", "hear", "groups", "help")
"""What Home offers, in order; each one's words are the pack's "home.<choice>"."""
LANGUAGE = "language"
"""The choice of language, last, when the centre offers more than one."""


class HomeScreen(KioskScreen):
    """Welcome, and a numbered menu of what the kiosk offers."""

    WORDS: ClassVar[str] = "home"

    def compose_body(self) -> ComposeResult:
        """The welcome words and the menu."""
        yield Static(Content(self.services.content.config.welcome), id="welcome")
        yield NumberedMenu(self.choices(), id="home-menu")

    def choices(self) -> list[MenuItem]:
        """The menu, in the visitor's language; with several languages, a way to change it."""
        items = [
            MenuItem(
                self.t(f"home.{name}.label"),
                name,
                self.t(f"home.{name}.detail"),
                say=(self.t(f"home.{name}.say"),),  # a shorter name to choose it by voice
            )
            for name in CHOICES
        ]
        if len(self.services.content.config.languages) > 1:
            word = self.t("language.title")
            items.append(
                MenuItem(
                    # Shown in every language offered, so anyone can find it: "Language / 언어".
                    in_every_language(self.services, "language.title"),
                    LANGUAGE,
                    "  ·  ".join(pack.name for pack in offered(self.services)),
                    spoken=word,
                    spoken_label=word,
                )
            )
        return items

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._zeros = 0
        self._last_zero = -1e9
        self._shown = services.pack.code
        """The language the screen is showing."""

    def spoken_body(self) -> str:
        """The centre's welcome words."""
        return self.services.content.config.welcome

    def language_offers(self) -> list[tuple[str, str | None]]:
        """How to change the language, said in each other language offered, in its own voice.

        A visitor who does not understand the first language still hears, in theirs, which
        key to press (row S10).
        """
        items = self.query_one(NumberedMenu).items
        number = next((n for n, item in enumerate(items, 1) if item.value == LANGUAGE), None)
        if number is None:
            return []
        return [
            (pack.t("language.offer", number=number), pack.voice)
            for pack in offered(self.services)[1:]
        ]

    def spoken_intro_parts(self) -> list[tuple[str, str | None]]:
        """The introduction, then the way to another language in that language."""
        return [*super().spoken_intro_parts(), *self.language_offers()]

    def say_position(self, event: NumberedMenu.Moved) -> None:
        """On the language choice, say it in every language offered."""
        if event.item is not None and event.item.value == LANGUAGE:
            self.speak_parts([(self.position_words(event), None), *self.language_offers()])
        else:
            super().say_position(event)

    def on_screen_resume(self) -> None:
        """Coming back in another language (chosen on the way): show it in that language."""
        if self._shown != self.services.pack.code:
            self.refresh_words()
        super().on_screen_resume()

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
        self._shown = self.services.pack.code

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
            LanguageScreen,
            LeaveMessageScreen,
            StoryListScreen,
        )

        screens = {
            "stories": StoryListScreen,
            "leave": LeaveMessageScreen,
            "hear": HearMessagesScreen,
            "groups": GroupsScreen,
            "help": HelpScreen,
            LANGUAGE: LanguageScreen,
        }
        self.app.push_screen(screens[event.item.value](self.services))
