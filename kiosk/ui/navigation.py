"""The one router: a screen says where to go by place, and never imports another screen.

The table of places and their screens is written once, in kiosk/screens/__init__.py,
and given to the router by the app. So the screens stay independent of each other (an
import-linter contract in pyproject.toml keeps them so), and "where am I" is asked of the
router instead of checking for particular screen classes.

Each place carries its types: what its screen is given and what it answers with.
`Place.MESSAGE_PREVIEW` is a `Place[str, Screening, PreviewAnswer]`: it is opened with the
words and how they were screened, and its `then` callback gets a PreviewAnswer (or None,
when the screen closes without one, on Back). So mypy checks both ends of every journey
with one line per place: each `router.open` call (the arguments, in order, and the
callback's type) and each line of the table of screens (`route`: the screen takes those
arguments and answers with that type). Typed places were chosen over one typed helper per
place, which would write every signature a second time, and over overloads of `open` on
`Literal[Place.X]`, which leave the table unchecked and would let a place written as a
plain `Place` slip through a catch-all overload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeAlias, TypeVar, TypeVarTuple

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from kiosk.content.groups import Group
    from kiosk.content.stories import Story
    from kiosk.messages.screening import Screening
    from kiosk.ui.answers import DictationAnswer, PreviewAnswer, SupportAnswer
    from kiosk.ui.services import Services
    from kiosk.ui.widgets import MenuItem

Args = TypeVarTuple("Args")
"""What a place's screen is given, after the services."""
Answer = TypeVar("Answer")
"""What a place's screen answers with when it closes (None for a screen that answers nothing)."""


class Place(Generic[*Args, Answer]):
    """Every screen the kiosk can show, each with its arguments and its answer type.

    `Place[Story, None]` is opened with a story and answers nothing; `Place[None]` takes
    nothing and answers nothing. Places compare, sort and print by their value ("home"),
    as the enum they once were.
    """

    HOME: ClassVar[Place[None]]
    STORIES: ClassVar[Place[None]]
    CONTENT_NOTE: ClassVar[Place[Story, None]]
    PLAYER: ClassVar[Place[Story, None]]
    LEAVE_MESSAGE: ClassVar[Place[None]]
    KIND_MESSAGES: ClassVar[Place[None]]
    """Leaving a message by number: where "Leave a message" starts on a keypad kiosk."""
    DICTATION: ClassVar[Place[str, DictationAnswer]]
    """Given the words heard."""
    SUPPORT_NOW: ClassVar[Place[SupportAnswer]]
    MESSAGE_PREVIEW: ClassVar[Place[str, Screening, PreviewAnswer]]
    """Given the words and how they were screened."""
    THANKS: ClassVar[Place[bool, None]]
    """Given whether the message had words that suggest its writer may be in crisis."""
    HEAR_MESSAGES: ClassVar[Place[None]]
    GROUPS: ClassVar[Place[None]]
    SEARCH_WORDS: ClassVar[Place[str, str]]
    """Given the words so far; answers with the words typed."""
    GROUP_LIST: ClassVar[Place[Sequence[Group], None]]
    GROUP_DETAIL: ClassVar[Place[Group, None]]
    GROUP_CODE: ClassVar[Place[Group, None]]
    """A group's details as a code for a phone."""
    HELP: ClassVar[Place[None]]
    TALK_NOW: ClassVar[Place[None]]
    """The centre's contacts and staff nearby, one key from Home."""
    LANGUAGE: ClassVar[Place[None]]
    # Dialogs: each asks one thing and answers with it.
    ASK: ClassVar[Place[str, str, MenuItem, MenuItem, bool]]
    """Given a title, the words, the answer that holds back and the one that goes ahead;
    answers True for the second (a yes-or-no question)."""
    PICK: ClassVar[Place[str, str, Sequence[MenuItem], object]]
    """Given a title, the label for "any" and the options; answers with the chosen option's
    value, or Pick.ANY (kiosk/ui/answers.py)."""
    STILL_THERE: ClassVar[Place[int, None]]
    """Given the seconds left."""
    # Staff, behind the PIN.
    PIN: ClassVar[Place[None]]
    STAFF_MENU: ClassVar[Place[bool, None]]
    """Given whether the PIN is too short."""
    MODERATION: ClassVar[Place[None]]
    READ_IN_FULL: ClassVar[Place[str, bool]]
    """Given the message; answers True when it was read to its last line."""
    EDIT_MESSAGE: ClassVar[Place[str, str]]
    """Given the message; answers with the edited words."""
    CONTENT_PROBLEMS: ClassVar[Place[None]]
    USAGE: ClassVar[Place[None]]
    SOUND_CHECK: ClassVar[Place[None]]

    def __init__(self, name: str) -> None:
        self.name = name
        self.value = name.lower()

    def __repr__(self) -> str:
        return f"Place.{self.name}"

    def __str__(self) -> str:
        return self.value

    def __lt__(self, other: AnyPlace) -> bool:
        return self.value < other.value


AnyPlace: TypeAlias = "Place[*tuple[Any, ...], Any]"
"""A place of any types, where code goes by place without knowing which (the table)."""

# Each place declared above is made once, here: its value is its name in lower case ("home").
# Declared, not assigned, in the class, so that one line names a place with its types.
for _name in [name for name in vars(Place)["__annotations__"] if name.isupper()]:
    setattr(Place, _name, Place(_name))
del _name

ScreenClass = Callable[..., "Screen[Any]"]


def route(
    place: Place[*Args, Answer], screen: Callable[[Services, *Args], Screen[Answer]]
) -> tuple[AnyPlace, ScreenClass]:
    """One line of the table of screens: mypy checks that `screen` fits `place`.

    It must take what the place is opened with (after the services) and answer with the
    place's answer type.
    """
    return place, screen


class Router:
    """Opens screens by place, goes back, goes home; knows which place is showing."""

    def __init__(
        self, app: App[Any], services: Services, screens: Mapping[AnyPlace, ScreenClass]
    ) -> None:
        self._app = app
        self._services = services
        self._screens = dict(screens)
        self._places: dict[object, AnyPlace] = {screen: place for place, screen in screens.items()}

    def make(self, place: Place[*Args, Answer], *args: *Args) -> Screen[Answer]:
        """The screen for `place`, built with the services and `args`."""
        screen: Screen[Answer] = self._screens[place](self._services, *args)
        return screen

    def open(
        self,
        place: Place[*Args, Answer],
        *args: *Args,
        then: Callable[[Answer | None], None] | None = None,
        replace: bool = False,
    ) -> None:
        """Show the screen for `place` on top; `then` gets its answer when it closes.

        The answer is None when the screen closes without one (Back, on most screens).
        `replace` puts it in place of the current screen, so Back skips the one it replaced
        (a content note is replaced by its story).
        """
        screen = self.make(place, *args)
        if replace:
            self._app.switch_screen(screen)
        else:
            self._app.push_screen(screen, then)

    def place_of(self, screen: object) -> AnyPlace | None:
        """The place a screen stands for (None for Textual's own default screen)."""
        return self._places.get(type(screen))

    @property
    def place(self) -> AnyPlace | None:
        """The place showing now."""
        return self.place_of(self._app.screen) if self._app.screen_stack else None

    def at(self, place: AnyPlace) -> bool:
        """True when `place` is showing, with nothing above it."""
        return self.place is place

    def home(self) -> None:
        """Close every screen above Home (a draft message is dropped, as with Back)."""
        stack = self._app.screen_stack
        while len(stack) > 1 and self.place_of(stack[-1]) is not Place.HOME:
            self._app.pop_screen()
            stack = self._app.screen_stack
