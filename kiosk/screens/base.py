"""What every kiosk screen shares: the top bar, the key hints, digits and Back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from kiosk.widgets import NumberedMenu

if TYPE_CHECKING:
    from kiosk.services import Services

BACK_HINT = "Esc: go back"


class KioskScreen(Screen[Any]):
    """A full screen with the centre's name, a title, a body and a line of key hints.

    Screens that answer a question (such as "send it?") dismiss themselves with the answer.
    """

    TITLE: ClassVar[str] = ""
    HINT: ClassVar[str] = "Number keys: choose  ·  Arrows and Enter: choose  ·  " + BACK_HINT
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"digit({n})", show=False) for n in range(10)),
        Binding("escape,backspace", "back", "Back", show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    @property
    def title_text(self) -> str:
        """The title shown (and later spoken) for this screen."""
        return self.TITLE

    def compose(self) -> ComposeResult:
        """Top bar, the screen's own body, then key hints."""
        with Vertical(id="top-bar"):
            yield Static(Content(self.services.content.config.centre_name), id="centre-name")
            yield Static(Content(self.title_text), id="screen-title")
        with Vertical(id="body"):
            yield from self.compose_body()
        yield Static(Content(self.HINT), id="hints")

    def compose_body(self) -> ComposeResult:
        """The screen's own content."""
        yield from ()

    def set_title(self, text: str) -> None:
        """Change the title shown."""
        self.query_one("#screen-title", Static).update(Content(text))

    def action_digit(self, number: int) -> None:
        """A digit chooses from the list shown, if there is one."""
        menus = self.query(NumberedMenu)
        if menus:
            menus.first().choose_number(number)

    def action_back(self) -> None:
        """Go back one screen."""
        self.dismiss()

    def go_home(self) -> None:
        """Close every screen above Home."""
        from kiosk.screens.home import HomeScreen

        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, HomeScreen):
            self.app.pop_screen()
