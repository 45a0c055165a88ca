"""What every kiosk screen shares: the top bar, key hints, digits, Back, and its voice.

Each screen says, on arriving: its title, one short instruction, and each option with its
key (accessibility row S1). Moving the highlight says the item and where it is (row S2).
Screens speak from meaning, never by reading the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from kiosk.widgets import NumberedMenu

if TYPE_CHECKING:
    from kiosk.services import Services

BACK_HINT = "Esc: go back"
CHOOSE = "Press a number to choose, or use the arrows and Enter."
PRIVACY_NOTE = "The screen is hidden. The voice goes on. Press F11 to show the screen."


class KioskScreen(Screen[Any]):
    """A full screen with the centre's name, a title, a body and a line of key hints.

    Screens that answer a question (such as "send it?") dismiss themselves with the answer.
    """

    TITLE: ClassVar[str] = ""
    HINT: ClassVar[str] = "Number keys: choose  ·  Arrows and Enter: choose  ·  " + BACK_HINT
    INSTRUCTION: ClassVar[str] = CHOOSE
    """One short instruction, said after the title."""
    ITEM_NOUN: ClassVar[str] = "Choice"
    """What the items of this screen's list are called when saying "Story 2 of 6"."""
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"digit({n})", show=False) for n in range(10)),
        Binding("escape,backspace", "back", "Back", show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.resume_words: str | None = None
        """Said instead of the whole introduction the next time this screen comes back."""

    @property
    def title_text(self) -> str:
        """The title shown and said for this screen."""
        return self.TITLE

    def compose(self) -> ComposeResult:
        """Top bar, the screen's own body, then key hints."""
        with Horizontal(id="top-bar"):
            with Vertical(id="titles"):
                yield Static(Content(self.services.content.config.centre_name), id="centre-name")
                yield Static(Content(self.title_text), id="screen-title")
            yield Static("", id="status")
        with Vertical(id="body"):
            yield from self.compose_body()
        yield Static(Content(PRIVACY_NOTE), id="privacy-note")
        yield Static(Content(self.HINT), id="hints")

    def compose_body(self) -> ComposeResult:
        """The screen's own content."""
        yield from ()

    def set_title(self, text: str) -> None:
        """Change the title shown."""
        self.query_one("#screen-title", Static).update(Content(text))

    # --- speech ---------------------------------------------------------------------------

    def speak(self, text: str, *, language: str | None = None) -> None:
        """Say `text` (cutting off whatever was being said)."""
        self.services.speech.say(text, language=language)

    def spoken_body(self) -> str:
        """What the screen says between its title and its instruction."""
        return ""

    def spoken_intro(self) -> str:
        """Title, the screen's own words, one instruction, every option with its key."""
        menus = self.query(NumberedMenu)
        options = menus.first().spoken_options() if menus else ""
        title = self.title_text if self.title_text[-1:] in ".?!" else f"{self.title_text}."
        parts = (title, self.spoken_body(), self.INSTRUCTION, options)
        return " ".join(part for part in parts if part)

    def on_screen_resume(self) -> None:
        """Arriving at (or coming back to) the screen: say what it is and what it offers."""
        refresh = getattr(self.app, "refresh_status", None)
        if refresh is not None:
            refresh()
        words, self.resume_words = self.resume_words, None
        self.speak(words if words is not None else self.spoken_intro())

    @on(NumberedMenu.Moved)
    def say_position(self, event: NumberedMenu.Moved) -> None:
        """Say the highlighted item and where it is: "..., Story 2 of 6." (row S2)."""
        if event.item is None:
            self.speak("More. Press Enter for the next part of the list.")
            return
        total = len(event.menu.items)
        self.speak(
            f"{event.item.words}. {self.ITEM_NOUN} {event.number} of {total}.",
            language=event.item.language,
        )

    @on(NumberedMenu.PageTurned)
    def say_page(self, event: NumberedMenu.PageTurned) -> None:
        """A new page: say its choices."""
        self.speak(event.menu.spoken_options())

    def describe_digit(self, number: int) -> str:
        """What a digit key does here, for key help mode (row I3)."""
        menus = self.query(NumberedMenu)
        if menus:
            menu = menus.first()
            items = menu.page_items()
            if number == 0 and menu.pages > 1:
                return "0 shows more of the list."
            if 1 <= number <= len(items):
                return f"{number} chooses: {items[number - 1].label}."
        return f"{number} does nothing here."

    # --- keys -------------------------------------------------------------------------------

    def action_digit(self, number: int) -> None:
        """A digit chooses from the list shown, if there is one."""
        menus = self.query(NumberedMenu)
        if menus and menus.first().choose_number(number):
            return
        self.speak(f"{number} does nothing here.")

    def action_back(self) -> None:
        """Go back one screen."""
        self.dismiss()

    def go_home(self) -> None:
        """Close every screen above Home."""
        from kiosk.screens.home import HomeScreen

        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, HomeScreen):
            self.app.pop_screen()
