"""The one router: a screen says where to go by place, and never imports another screen.

The table of places and their screens is written once, in kiosk/screens/__init__.py,
and given to the router by the app. So the screens stay independent of each other (an
import-linter contract in pyproject.toml keeps them so), and "where am I" is asked of the
router instead of checking for particular screen classes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from kiosk.ui.services import Services


class Place(StrEnum):
    """Every screen the kiosk can show."""

    HOME = "home"
    STORIES = "stories"
    CONTENT_NOTE = "content_note"
    PLAYER = "player"
    LEAVE_MESSAGE = "leave_message"
    DICTATION = "dictation"
    SUPPORT_NOW = "support_now"
    MESSAGE_PREVIEW = "message_preview"
    THANKS = "thanks"
    HEAR_MESSAGES = "hear_messages"
    GROUPS = "groups"
    SEARCH_WORDS = "search_words"
    GROUP_LIST = "group_list"
    GROUP_DETAIL = "group_detail"
    GROUP_CODE = "group_code"
    HELP = "help"
    LANGUAGE = "language"
    # Dialogs: each asks one thing and answers with it.
    ASK = "ask"
    PICK = "pick"
    STILL_THERE = "still_there"
    # Staff, behind the PIN.
    PIN = "pin"
    STAFF_MENU = "staff_menu"
    MODERATION = "moderation"
    READ_IN_FULL = "read_in_full"
    EDIT_MESSAGE = "edit_message"
    CONTENT_PROBLEMS = "content_problems"
    USAGE = "usage"
    SOUND_CHECK = "sound_check"


PICK_ANY = "__any__"
"""The answer of the PICK dialog when the visitor picks "any": the choice is cleared."""

ScreenClass = Callable[..., "Screen[Any]"]


class Router:
    """Opens screens by place, goes back, goes home; knows which place is showing."""

    def __init__(
        self, app: App[Any], services: Services, screens: Mapping[Place, ScreenClass]
    ) -> None:
        self._app = app
        self._services = services
        self._screens = dict(screens)
        self._places: dict[object, Place] = {screen: place for place, screen in screens.items()}

    def make(self, place: Place, *args: Any) -> Screen[Any]:
        """The screen for `place`, built with the services and `args`."""
        return self._screens[place](self._services, *args)

    def open(
        self,
        place: Place,
        *args: Any,
        then: Callable[[Any], None] | None = None,
        replace: bool = False,
    ) -> None:
        """Show the screen for `place` on top; `then` gets its answer when it closes.

        `replace` puts it in place of the current screen, so Back skips the one it replaced
        (a content note is replaced by its story).
        """
        screen = self.make(place, *args)
        if replace:
            self._app.switch_screen(screen)
        else:
            self._app.push_screen(screen, then)

    def place_of(self, screen: object) -> Place | None:
        """The place a screen stands for (None for Textual's own default screen)."""
        return self._places.get(type(screen))

    @property
    def place(self) -> Place | None:
        """The place showing now."""
        return self.place_of(self._app.screen) if self._app.screen_stack else None

    def at(self, place: Place) -> bool:
        """True when `place` is showing, with nothing above it."""
        return self.place is place

    def home(self) -> None:
        """Close every screen above Home (a draft message is dropped, as with Back)."""
        stack = self._app.screen_stack
        while len(stack) > 1 and self.place_of(stack[-1]) is not Place.HOME:
            self._app.pop_screen()
            stack = self._app.screen_stack
