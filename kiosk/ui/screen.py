"""What every kiosk screen shares: the top bar, key hints, digits, Back, and its voice.

A screen describes itself once, as a page (kiosk/ui/pages.py): its lines and its choices.
The page is drawn, and the same page is said on arriving: the title, every line, one short
instruction, and each choice with its key (accessibility row S1). Moving the highlight says
the choice, its second line and where it is (row S2). Screens speak from meaning, never by
reading the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from kiosk.core.config import VoiceMode
from kiosk.core.locale import Pack, english
from kiosk.listening.commands import TALK_KEY
from kiosk.speech.types import Utterance
from kiosk.ui.controls import BACK_KEYS, key_names, visitor_words
from kiosk.ui.pages import Announcement, Line, Page, joined
from kiosk.ui.shell import Shell
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.widgets.touch import Tap, TapButton, TouchBar, TouchKeyboard

if TYPE_CHECKING:
    from kiosk.ui.navigation import Router
    from kiosk.ui.services import Services

BACK_HINT = "Escape: go back"
"""For staff screens, which stay in English; visitor screens take every word from the pack."""


ResultT = TypeVar("ResultT")
"""What a screen answers with when it closes, named by each screen: `KioskScreen[None]` for
most (they answer nothing), `KioskScreen[PreviewAnswer]` (kiosk/ui/answers.py) and so on."""


class KioskScreen(Screen[ResultT]):
    """A full screen with the centre's name, a title, a body and a line of key hints.

    A visitor screen names its part of the language pack in WORDS ("home"): its title,
    hint, instruction and item noun are the pack's "home.title", "home.hint" and so on,
    and where it has none of its own the shared "screen.*" words are used. Staff screens
    (STAFF = True) stay in English, with TITLE, HINT and INSTRUCTION in code.

    Screens that answer a question (such as "send it?") dismiss themselves with the answer.
    A screen opens another through the router, by place (kiosk/ui/navigation.py).
    """

    WORDS: ClassVar[str] = ""
    """This screen's part of the language pack, such as "home"."""
    STAFF: ClassVar[bool] = False
    """Staff screens are always in English."""
    TITLE: ClassVar[str] = ""
    HINT: ClassVar[str] = ""
    INSTRUCTION: ClassVar[str] = ""
    """Staff screens only: one short instruction, said after the title."""
    NOT_TAPPED: ClassVar[frozenset[str]] = frozenset()
    """Buttons this screen leaves out of the bottom row ("back" on Home: there is no back)."""
    TYPES: ClassVar[bool] = False
    """True where the visitor writes: a touch screen shows letters to tap (`keyboard`)."""
    DICTATION: ClassVar[bool] = False
    """True where speech is a message to write down, not a command (kiosk/ui/voice.py)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"digit({n})", show=False) for n in range(10)),
        Binding(",".join(BACK_KEYS), "back", show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.resume_words: str | None = None
        """Said instead of the whole introduction the next time this screen comes back."""
        self.shown_page = Page()
        """The page as drawn now: what is said is always this page, never a fresh one."""
        self._said = Static("", id="said")
        """The line of what was said (row V1): held, as every key and every word touch it."""
        self._types: bool | None = None
        self._names: dict[tuple[object, ...], dict[str, str]] = {}

    @property
    def shell(self) -> Shell:
        """The app this screen runs in, as far as a screen may use it."""
        app = self.app
        assert isinstance(app, Shell)  # kiosk screens run only in the kiosk app
        return app

    @property
    def router(self) -> Router:
        """The way to other screens."""
        return self.shell.router

    @property
    def pack(self) -> Pack:
        """The words this screen shows and says: the visitor's language, or English for staff."""
        return english() if self.STAFF else self.services.pack

    def t(self, key: str, /, *, shown: bool = False, **values: Any) -> str:
        """The words for `key` (a full key, "home.title") in this screen's language.

        Visitor words name the keys this kiosk has (kiosk/ui/controls.py `key_names`): a
        "{back_key}" in them is "Escape", or "the dot key" on a keypad kiosk, and a key
        with a keypad's own words ("home.instruction_keypad") has those there. `shown`: the
        words are for the hints along the bottom, where the buttons are in sight.
        """
        pack = self.pack
        if self.STAFF:
            return pack.t(key, **values)
        names = self.key_names(shown=shown)
        return visitor_words(pack, self.services.content.config, key, names, **values)

    def key_names(self, *, shown: bool = False) -> dict[str, str]:
        """What the controls are called on this kiosk, as said or (`shown`) in the hints."""
        config = self.services.content.config
        typing = self.TYPES
        asked = (self.pack.code, id(config), shown, typing)
        names = self._names.get(asked)
        if names is None:
            names = key_names(self.pack, config, shown=shown, typing=typing)
            self._names = {asked: names}
        return names

    def own_words(self, name: str, shared: str = "", *, shown: bool = False) -> str:
        """The words `WORDS.name` of this screen, else the shared `screen.<shared>`, else ""."""
        pack = self.pack
        if self.WORDS and pack.has(f"{self.WORDS}.{name}"):
            return self.t(f"{self.WORDS}.{name}", shown=shown)
        return self.t(f"screen.{shared}", shown=shown) if shared else ""

    @property
    def title_text(self) -> str:
        """The title shown and said for this screen."""
        return self.TITLE or self.own_words("title")

    @property
    def hint_text(self) -> str:
        """The key hints along the bottom."""
        return self.HINT or self.own_words("hint", "hint", shown=True)

    @property
    def instruction(self) -> str:
        """One short instruction, said after the title."""
        return self.INSTRUCTION or self.own_words("instruction", "instruction")

    @property
    def item_noun(self) -> str:
        """What the items of this screen's list are called when saying "Story 2 of 6"."""
        return self.own_words("item", "item")

    def compose(self) -> ComposeResult:
        """Top bar, the screen's own body, then key hints."""
        yield from self.compose_top()
        with Vertical(id="body"):
            yield from self.compose_body()
        yield self._said
        yield Static(Content(self.t("screen.privacy")), id="privacy-note")
        yield from self.compose_foot()

    def compose_top(self) -> ComposeResult:
        """The centre's name, the title, and the state of the toggles."""
        # The state of the toggles has a line of its own: beside the title it wrapped onto
        # the title's line at 80 columns (row V2).
        with Vertical(id="top-bar"):
            yield Static(Content(self.services.content.config.centre_name), id="centre-name")
            yield Static(Content(self.title_text), id="screen-title")
            yield Static("", id="status")

    def compose_foot(self) -> ComposeResult:
        """Buttons to tap (on a touch screen), then the key hints."""
        with Vertical(id="foot"):
            if self.touch_screen:
                taps = self.touch_taps()
                if taps:
                    yield TouchBar(taps, id="touch-bar")
            yield Static(Content(self.hint_text), id="hints")

    # --- touch ----------------------------------------------------------------------------

    @property
    def touch_screen(self) -> bool:
        """True when this screen has buttons to tap (visitor screens, unless staff said not)."""
        return not self.STAFF and self.services.content.config.touch_screen

    def tap(self, name: str, key: str) -> Tap:
        """A button with the pack's words "touch.<name>" that presses `key`."""
        return Tap(self.t(f"touch.{name}"), key, name=name)

    @property
    def talk_tapped(self) -> bool:
        """True when a Talk button is shown: visitors speak after pressing the talk key."""
        config = self.services.content.config
        return config.voice_control and config.voice_mode is VoiceMode.PRESS_TO_TALK

    def keyboard(self, done: str) -> ComposeResult:
        """Letters to tap, on a touch screen, with `done` ("touch.done") on the Enter key."""
        if not self.touch_screen:
            return
        keys = [
            Tap(self.t("touch.space"), "space", " ", name="space"),
            Tap(self.t("touch.delete"), "backspace", name="delete"),
            Tap(self.t(done), "enter", name="done"),
            self.tap("back", "escape"),
        ]
        if self.talk_tapped:  # a message can be spoken, not only tapped out
            keys.append(self.tap("talk", TALK_KEY))
        rows, capitals = self.t("touch.letters").split(), self.t("touch.capitals").split()
        yield TouchKeyboard(rows, capitals, keys, self.t("touch.capital"))

    def body_taps(self) -> list[Tap]:
        """The screen's own keys as buttons, shown under its body (none by default)."""
        return []

    def touch_taps(self) -> list[Tap]:
        """The buttons along the bottom: the keys every screen has, as words to tap.

        A screen with keys of its own (a story's play and pause) shows those in its body.
        """
        if self.TYPES:
            return []  # the keyboard in the body has Back, and room is short
        taps = [
            self.tap("back", "escape"),
            self.tap("home", "home"),
            self.tap("repeat", "f2"),
            self.tap("quieter", "f7"),
            self.tap("louder", "f8"),
            self.tap("help", "f1"),
        ]
        if self.talk_tapped:
            taps.append(self.tap("talk", TALK_KEY))
        return [tap for tap in taps if tap.name not in self.NOT_TAPPED]

    # --- the page: one description, drawn and said ------------------------------------

    def page(self) -> Page:
        """What this screen shows and says: its lines and its choices."""
        return Page()

    def compose_body(self) -> ComposeResult:
        """The page's lines, the screen's live widgets, then its choices."""
        page = self.shown_page = self.page()
        lines = [self._draw(line) for line in page.lines]
        if page.scroll:
            yield VerticalScroll(*lines, id=page.scroll, classes="lines", can_focus=True)
        else:
            yield Vertical(*lines, classes="lines")
        yield from self.compose_live()
        if page.choices:
            yield NumberedMenu(page.choices)
        taps = self.body_taps() if self.touch_screen else []
        if taps:
            yield TouchBar(taps, id="screen-taps")

    def compose_live(self) -> ComposeResult:
        """Widgets that change as the visitor uses them (a text box, a progress bar).

        Drawn after the page's lines; each says what it needs to as it changes.
        """
        yield from ()

    @staticmethod
    def _draw(line: Line) -> Static:
        return Static(line.shown, id=line.id, classes=line.style)

    def show_page(self, *, highlight: int | None = None) -> None:
        """Draw the page again after the screen's state changed (it is said by the caller)."""
        page = self.shown_page = self.page()
        holder = self.query_one(".lines")
        shown = list(holder.query_children(Static))
        # Line by line, in place: a widget keeps the id it was first drawn with.
        for widget, line in zip(shown, page.lines, strict=False):
            widget.update(line.shown)
            widget.set_classes(line.style)
        for widget in shown[len(page.lines) :]:
            widget.remove()
        holder.mount_all([self._draw(line) for line in page.lines[len(shown) :]])
        menus = self.query(NumberedMenu)
        if menus:
            menu = menus.first()
            where = menu.highlighted_index if highlight is None else highlight
            menu.set_items(page.choices, highlight=where)

    def set_title(self, text: str) -> None:
        """Change the title shown."""
        self.query_one("#screen-title", Static).update(Content(text))

    def announce(self, announcement: Announcement, where: str) -> None:
        """Show `announcement` in the widget with id `where` (hidden when empty) and say it."""
        widget = self.query_one(f"#{where}", Static)
        widget.update(Content(announcement.shown))
        widget.display = bool(announcement.shown)
        if announcement.spoken:
            self.speak(announcement.spoken)

    def refresh_words(self) -> None:
        """Show the shared words again, in the language now chosen."""
        self.set_title(self.title_text)
        self.query_one("#privacy-note", Static).update(Content(self.t("screen.privacy")))
        self.query_one("#hints", Static).update(Content(self.hint_text))
        for button in self.query(TapButton):  # a language chosen on Home relabels its buttons
            if button.tap.name and self.pack.has(f"touch.{button.tap.name}"):
                button.label = Content(self.t(f"touch.{button.tap.name}"))

    # --- speech ---------------------------------------------------------------------------

    def show_said(self, words: str) -> None:
        """Show what is being said that the screen does not show already (row V1).

        "Sorry, I didn't catch that", "7 does nothing here", "Story 2 of 7": a visitor who
        cannot hear gets every prompt too, on a line of its own above the key hints. What of
        an utterance to show is decided as it is made (`Utterance.shown`): none of a screen's
        introduction, only what a highlighted choice adds to what the list shows.
        """
        line = self._said
        if line.is_mounted:  # nothing to show it on until the screen is drawn
            line.display = bool(words) and not self._shows(words)
            line.update(Content(words))
            self.remove_class("-crowded")
            # Where visitors type, the key hints stay: they say how to hear what was typed.
            if line.display and not self.typing:
                self.call_after_refresh(self._make_room)

    def _make_room(self) -> None:
        """Give the key hints' row to a list the line of what was said pushed out of sight.

        Until the next key, and only then: 80x24's seventh story under the orientation.
        """
        menus = self.query(NumberedMenu)
        if self._said.display and menus:
            body = self.query_one("#body")
            if menus.first().region.bottom > body.region.bottom:
                self.add_class("-crowded")

    def clear_said(self) -> None:
        """Hide the line of what was said, if it shows (on every key: kept cheap)."""
        if self._said.display:
            self._said.display = False
            self.remove_class("-crowded")

    def _shows(self, words: str) -> bool:
        """True when a line of the body already shows exactly `words` (a story's problem)."""
        return any(
            isinstance(widget.content, str | Content) and str(widget.content) == words
            for widget in self.query("#body Static").results(Static)
        )

    def speak(self, text: str, *, language: str | None = None, shown: str | None = None) -> None:
        """Say `text` (cutting off whatever was being said), in the screen's language.

        `shown`: what the line of what was said shows of it (None: all of it).
        """
        self.speak_parts([(text, language)], shown=shown)

    def speak_parts(self, parts: list[tuple[str, str | None]], *, shown: str | None = None) -> None:
        """Say pieces in several languages as one utterance (None: the screen's language).

        A screen's words take the lead: whatever waits to go first of them (how the kiosk
        works, once a visit; a choice heard by voice) is said at their start.
        """
        said = [(text, lang or self.pack.voice) for text, lang in parts]
        self.services.speech_manager.speak(Utterance.of(said, shown=shown, takes_lead=True))

    def spoken_intro_parts(self) -> list[tuple[str, str | None]]:
        """The introduction in pieces, each with its language (a screen may add others).

        Staff's words (the welcome, a contact) are said in the centre's language, the rest
        in the visitor's (row S10); as one piece when they are the same.
        """
        menus = self.query(NumberedMenu)
        options = menus.first().spoken_options() if menus else ""
        parts = [*self.spoken_title(), *self.shown_page.spoken_parts, (self.instruction, None)]
        return joined([*parts, (options, None)], self.pack.voice)

    def spoken_title(self) -> list[tuple[str, str | None]]:
        """The title as said first on arriving, as pieces with their languages."""
        title = self.title_text
        return [(title if title[-1:] in ".?!" else f"{title}.", None)]

    def show_privacy(self) -> None:
        """Hide this screen under the privacy note, or show it, as the visitor chose (row V4).

        Kept on each screen, not once on the app: a screen coming back is hidden too.
        """
        self.set_class(self.services.choices.privacy, "-privacy")

    @on(events.Click, "#privacy-note")
    def _privacy_tapped(self) -> None:
        # On a touch screen, a tap on the hidden screen is the way to show it again.
        self.shell.action_privacy()

    def on_screen_resume(self) -> None:
        """Textual's arrival event: screens override `arrived`, never this.

        Textual calls this handler of every class in a screen's ancestry, so an override
        that also called super() said the introduction twice (Home did: the first was cut
        off 10 ms in, heard as a click).
        """
        self.arrived()

    def arrived(self) -> None:
        """Arriving at (or coming back to) the screen: say what it is and what it offers."""
        self.show_privacy()
        self.shell.refresh_status()
        # Only if the screen is still the one shown: a screen that is only passed through
        # (the answer to its question, handled first, opens Thanks in its place or closes
        # it) would otherwise start its introduction and be cut off mid-word.
        self._introduce()

    def _introduce(self) -> None:
        if not self.is_current:
            return
        # Its words are the screen itself: none of them goes on the line of what was said.
        words, self.resume_words = self.resume_words, None
        if words is not None:
            self.speak(words, shown="")
        else:
            self.speak_parts(self.spoken_intro_parts(), shown="")

    @on(NumberedMenu.Moved)
    def _moved(self, event: NumberedMenu.Moved) -> None:
        # One handler here; screens change what is said by overriding say_position.
        self.say_position(event)

    def say_position(self, event: NumberedMenu.Moved) -> None:
        """Say the highlighted item and where it is: "..., Story 2 of 6." (row S2)."""
        if event.item is None:
            self.speak(self.t("menu.more_spoken"))
            return
        item = event.item
        words = self.position_words(event)
        # The list shows its label and second line: the line of what was said, the rest.
        shown = words[len(item.listed) :].lstrip(". ") if words.startswith(item.listed) else None
        self.speak(words, language=item.language, shown=shown)

    def position_words(self, event: NumberedMenu.Moved) -> str:
        """The highlighted item and where it is: "..., Story 2 of 6."."""
        position = self.t(
            "screen.position", noun=self.item_noun, number=event.number, total=len(event.menu.items)
        )
        return f"{event.item.spoken}. {position}" if event.item else position

    def paused_sound(self) -> bool | None:
        """Whether this screen's own sound (a story) is paused; None when it has none.

        F3 pauses what the visitor hears: a story while one plays, else the kiosk's voice.
        """
        return None

    def pause_sound(self) -> None:
        """Pause this screen's own sound, or carry on (only when `paused_sound` is not None)."""

    @on(NumberedMenu.PageTurned)
    def say_page(self, event: NumberedMenu.PageTurned) -> None:
        """A new page: say its choices."""
        self.speak(event.menu.spoken_options())

    @property
    def typing(self) -> bool:
        """True when keys type into a box on this screen.

        Asked on every key, so looked up once the screen is drawn: no screen adds or
        removes its text box later.
        """
        if self._types is not None:
            return self._types
        types = bool(self.query("MessageBox, Input"))
        if self.is_mounted:
            self._types = types
        return types

    def describe_key(self, key: str) -> str | None:
        """What `key` does on this screen, for key help (row I3); None: the app's own words."""
        if key.isdigit():
            return (
                self.t("keys.types_number", key=key)
                if self.typing
                else self.describe_digit(int(key))
            )
        return None

    def reset(self) -> None:
        """Ready for the next visitor (only Home is left when the kiosk starts over)."""

    def dictated(self, text: str) -> None:
        """Words spoken for a message (only screens with DICTATION get any)."""

    def describe_digit(self, number: int) -> str:
        """What a digit key does here, for key help mode (row I3)."""
        menus = self.query(NumberedMenu)
        if menus:
            menu = menus.first()
            items = menu.page_items()
            if number == 0 and menu.pages > 1:
                return self.t("screen.digit_more")
            if 1 <= number <= len(items):
                return self.t("screen.digit_chooses", number=number, label=items[number - 1].name)
        return self.t("screen.digit_nothing", number=number)

    # --- keys -------------------------------------------------------------------------------

    def action_digit(self, number: int) -> None:
        """A digit chooses from the list shown, if there is one."""
        menus = self.query(NumberedMenu)
        if menus and menus.first().choose_number(number):
            return
        self.speak(self.t("screen.digit_nothing", number=number))

    def action_back(self) -> None:
        """Go back one screen."""
        self.dismiss()

    def go_home(self) -> None:
        """Close every screen above Home."""
        self.router.home()
