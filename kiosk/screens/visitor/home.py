"""The first screen: the centre's welcome, what a visitor can do, and (maybe) a language."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.ui.controls import BACK_KEYS
from kiosk.ui.languages import in_every_language, offered
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu

STAFF_PRESSES = 3
STAFF_GAP = 2.0
"""Seconds allowed between the presses of 0 that open staff PIN entry. Presses closer than
the debounce time (kiosk/core/debounce.py) are one press, so a held 0 never opens it."""

CHOICES = (
    Place.STORIES,
    Place.LEAVE_MESSAGE,
    Place.HEAR_MESSAGES,
    Place.GROUPS,
    Place.HELP,
    Place.TALK_NOW,
)
"""What Home offers, in order, each with its words in the pack ("home.<word>"). Talking to
someone now is one key from here, not only inside Help (issue 34); it comes after the
others so the numbers visitors know stay as they were."""
TEXT_SIZE = "text_size"
"""The choice of large text (or the usual size again), after the language: not a screen."""
WORDS = {
    Place.STORIES: "stories",
    Place.LEAVE_MESSAGE: "leave",
    Place.HEAR_MESSAGES: "hear",
    Place.GROUPS: "groups",
    Place.HELP: "help",
    Place.TALK_NOW: "talk_now",
}


class HomeScreen(KioskScreen[None]):
    """Welcome, and a numbered menu of what the kiosk offers."""

    WORDS: ClassVar[str] = "home"
    NOT_TAPPED: ClassVar[frozenset[str]] = frozenset({"back", "home"})

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._zeros = 0
        self._last_zero = -1e9
        self._shown = services.pack.code
        """The language the screen is showing."""

    def page(self) -> Page:
        """The centre's welcome words, and what the kiosk offers."""
        config = self.services.content.config
        welcome = Line(config.welcome, id="welcome", language=config.language)
        return Page([welcome], self.choices())

    def choices(self) -> list[MenuItem]:
        """The menu, in the visitor's language; with several languages, a way to change it."""
        items = [
            MenuItem(
                self.t(f"home.{WORDS[place]}.label"),
                place,
                self.t(f"home.{WORDS[place]}.detail"),
                aliases=(self.t(f"home.{WORDS[place]}.say"),),  # shorter, to choose it by voice
            )
            for place in CHOICES
        ]
        if len(self.services.content.config.languages) > 1:
            items.append(
                MenuItem(
                    # Shown in every language offered, so anyone can find it: "Language / 언어";
                    # said in the visitor's language, then in each other one in its own voice.
                    in_every_language(self.services, "language.title"),
                    Place.LANGUAGE,
                    "  ·  ".join(pack.name for pack in offered(self.services)),
                    said=self.t("language.title"),
                    detail_said=self.pack.name,
                )
            )
        switch = self.services.text_switch
        if switch is not None:
            # Only where `kiosk session` can start the terminal again at another font size.
            word = "text_usual" if switch.large else "text_large"
            items.append(
                MenuItem(
                    self.t(f"home.{word}.label"),
                    TEXT_SIZE,
                    self.t(f"home.{word}.detail"),
                    aliases=(self.t(f"home.{word}.say"),),
                )
            )
        return items

    def language_offers(self) -> list[tuple[str, str | None]]:
        """How to change the language, said in each other language offered, in its own voice.

        A visitor who does not understand the first language still hears, in theirs, which
        key to press (row S10).
        """
        items = self.query_one(NumberedMenu).items
        number = next((n for n, item in enumerate(items, 1) if item.value is Place.LANGUAGE), None)
        if number is None:
            return []
        return [
            (f"{pack.t('language.title')}. {pack.t('language.offer', number=number)}", pack.voice)
            for pack in offered(self.services)[1:]
        ]

    def spoken_title(self) -> list[tuple[str, str | None]]:
        """The title, then the centre's name in the centre's language (rows S1, S10)."""
        config = self.services.content.config
        name = config.centre_name if config.centre_name[-1:] in ".?!" else f"{config.centre_name}."
        return [*super().spoken_title(), (name, config.language)]

    def spoken_intro_parts(self) -> list[tuple[str, str | None]]:
        """The introduction, then the way to another language in that language.

        Just after a visitor changed the text size, it begins with the new size (row I4).
        """
        parts = [*super().spoken_intro_parts(), *self.language_offers()]
        switch = self.services.text_switch
        if switch is not None and switch.chosen:
            switch.chosen = False  # said once, on the first Home after the restart
            parts.insert(
                0, (self.t("speech.large_on" if switch.large else "speech.large_off"), None)
            )
        return parts

    def say_position(self, event: NumberedMenu.Moved) -> None:
        """On the language choice, say it in every language offered."""
        if event.item is not None and event.item.value is Place.LANGUAGE:
            self.speak_parts([(self.position_words(event), None), *self.language_offers()])
        else:
            super().say_position(event)

    def arrived(self) -> None:
        """Coming back in another language (chosen on the way): show it in that language."""
        if self._shown != self.services.pack.code:
            self.refresh_words()
        super().arrived()

    def describe_key(self, key: str) -> str | None:
        """Back keys (Escape, Backspace, the keypad's ".") do nothing here: the first screen."""
        if key in BACK_KEYS:
            return self.t("home.back")
        return super().describe_key(key)

    def reset(self) -> None:
        """Put the menu back to its first item for the next visitor."""
        self.refresh_words()
        self.query_one(NumberedMenu).focus()

    def refresh_words(self) -> None:
        """Show everything in the language now chosen."""
        super().refresh_words()
        self.show_page(highlight=0)
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
            self.router.open(Place.PIN)
        else:
            self.speak(self.t("screen.digit_nothing", number=0))

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Open what was chosen."""
        if event.item.value == TEXT_SIZE:
            self.shell.switch_text_size()
            return
        if event.item.value is Place.LEAVE_MESSAGE and self.services.content.config.keypad:
            # With number keys alone, a message is chosen, not typed (issue 34).
            self.router.open(Place.KIND_MESSAGES)
            return
        self.router.open(event.item.value)
