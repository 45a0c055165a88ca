"""A numbered list: digits choose, arrows move, Enter picks. Nine to a page.

Nine per page keeps every choice one key away on a keypad: 1-9 choose on the page shown,
0 turns the page. The same list serves the home menu, stories, groups and every picker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Protocol, runtime_checkable

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.dom import NoScreen
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kiosk.core.locale import Pack, english


@runtime_checkable
class HasPack(Protocol):
    """A screen that says which language its words are in (every kiosk screen)."""

    @property
    def pack(self) -> Pack:
        """The screen's language."""
        ...


PAGE_SIZE = 9
MORE = "__more__"


@dataclass(frozen=True)
class MenuItem:
    """One choice: its label, an optional second line, and what it stands for.

    What is shown is what is said: the label in the list of choices, the label and its
    second line when it is highlighted.
    """

    label: str
    value: Any
    detail: str = ""
    """A second line about it, shown under the label and said after it when highlighted."""
    said: str = ""
    """The label as said, only where it cannot be said as shown (a label in several scripts,
    "Language / 언어", said in the screen's own language and the rest in their own voices)."""
    detail_said: str | None = None
    """The second line as said, for the same reason; None: as shown."""
    language: str | None = None
    """The language of its words, when not the screen's."""
    aliases: tuple[str, ...] = ()
    """Other words that choose it by voice, besides its label and number."""
    about: str = ""
    """A sentence or two more (a story's summary), said when it is highlighted."""
    say_as: str = ""
    """How to choose it by voice ("Say: ..."), shown and said after the label: set by the
    voice control where the label has a word the speech model does not know."""

    @property
    def name(self) -> str:
        """The label as said in the list of choices."""
        return self.said or self.label

    @property
    def listed(self) -> str:
        """What is said of it in the list of choices: its name, then its second line (S1)."""
        detail = self.detail if self.detail_said is None else self.detail_said
        return ". ".join(part for part in (self.name, self.say_as, detail) if part)

    @property
    def spoken(self) -> str:
        """What is said when it is highlighted: as listed, then what it is about."""
        return ". ".join(part for part in (self.listed, self.about.rstrip(".")) if part)


class NumberedMenu(OptionList):
    """A list of numbered choices, paged nine at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "next_page", show=False),
        Binding("pageup", "previous_page", show=False),
    ]

    class Moved(Message):
        """The visitor moved the highlight with a key (not set by the program)."""

        def __init__(self, menu: NumberedMenu, item: MenuItem | None, number: int) -> None:
            super().__init__()
            self.menu = menu
            self.item = item
            self.number = number
            """Position in the whole list, from 1; 0 for the "More" line."""

        @property
        def control(self) -> NumberedMenu:
            """The menu."""
            return self.menu

    class PageTurned(Message):
        """The visitor turned the page."""

        def __init__(self, menu: NumberedMenu) -> None:
            super().__init__()
            self.menu = menu

        @property
        def control(self) -> NumberedMenu:
            """The menu."""
            return self.menu

    class Chosen(Message):
        """A visitor chose an item (by digit or Enter)."""

        def __init__(self, menu: NumberedMenu, item: MenuItem) -> None:
            super().__init__()
            self.menu = menu
            self.item = item

        @property
        def control(self) -> NumberedMenu:
            """The menu the choice was made in."""
            return self.menu

    def __init__(
        self, items: Sequence[MenuItem] = (), *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[MenuItem] = list(items)
        self.page = 0
        self.squeezed = False
        """True when the page did not fit with every second line: only the highlighted item
        shows its own (all are said). At 80x24 nine stories took 18 rows; the seventh was
        the last in sight while the kiosk said "There are 9 stories" (by ear, issue 34)."""
        self._detail_at: int | None = None
        """The option drawn with its second line while squeezed."""

    def on_mount(self) -> None:
        """Show the first page."""
        self._show_page(0)

    @property
    def pages(self) -> int:
        """How many pages the items fill."""
        return max(1, -(-len(self.items) // PAGE_SIZE))

    def set_items(self, items: Sequence[MenuItem], *, highlight: int = 0) -> None:
        """Replace the items, highlighting the one at `highlight` (an index into items)."""
        self.items = list(items)
        self._show_page(highlight // PAGE_SIZE, highlight % PAGE_SIZE)

    def set_say_as(self, say_as: dict[int, str]) -> None:
        """Show (and say) how to choose some items of this page by voice: index -> words."""
        start = self.page * PAGE_SIZE
        changed = False
        for index, words in say_as.items():
            item = self.items[start + index]
            if item.say_as != words:
                self.items[start + index] = replace(item, say_as=words)
                changed = True
        if changed:
            self._show_page(self.page, self.highlighted or 0)

    def page_items(self) -> list[MenuItem]:
        """The items on the page shown."""
        start = self.page * PAGE_SIZE
        return self.items[start : start + PAGE_SIZE]

    def _show_page(self, page: int, highlight: int = 0) -> None:
        self.page = min(max(0, page), self.pages - 1)
        items = self.page_items()
        more = 1 if self.pages > 1 else 0
        highlight = min(highlight, len(items) + more - 1) if items or more else 0
        self._detail_at = highlight
        options = [Option(self._prompt(index)) for index in range(len(items))]
        if more:
            words = self.pack.t("menu.more" if self.page < self.pages - 1 else "menu.back_to_start")
            options.append(Option(Content.assemble(("0  ", "bold"), words), id=MORE))
        self.set_options(options)
        if options:
            self.highlighted = highlight

    def _prompt(self, index: int) -> Content:
        """The item at `index` on this page as drawn: number, label, then its second line.

        While squeezed, only the highlighted item has its second line.
        """
        item = self.page_items()[index]
        label = Content.assemble((f"{index + 1}  ", "bold"), (item.label, "bold"))
        if item.say_as:
            label = Content.assemble(label, "  ", (f"({item.say_as})", "italic"))
        if item.detail and (not self.squeezed or index == self._detail_at):
            label = Content.assemble(label, "\n   ", Content(item.detail))
        return label

    def on_resize(self) -> None:
        """A page taller than the room it has shows only the highlighted second line."""
        if not self.squeezed and self.virtual_size.height > self.size.height > 0:
            self.squeezed = True
            self._show_page(self.page, self.highlighted or 0)

    def watch_highlighted(self, highlighted: int | None) -> None:
        """While squeezed, the second line moves with the highlight."""
        if self.squeezed and highlighted is not None and highlighted != self._detail_at:
            shown, self._detail_at = self._detail_at, highlighted
            for index in (shown, highlighted):
                if index is not None and index < min(len(self.page_items()), len(self.options)):
                    self.replace_option_prompt_at_index(index, self._prompt(index))
        super().watch_highlighted(highlighted)

    @property
    def highlighted_index(self) -> int:
        """Where the highlight is, as an index into all the items (0 when on nothing)."""
        return self.page * PAGE_SIZE + (self.highlighted or 0)

    @property
    def highlighted_item(self) -> MenuItem | None:
        """The item under the highlight, or None (nothing, or the "More" line)."""
        if self.highlighted is None:
            return None
        items = self.page_items()
        return items[self.highlighted] if self.highlighted < len(items) else None

    @property
    def pack(self) -> Pack:
        """The words of the screen the menu is on (English when it is on none)."""
        try:
            screen = self.screen
        except NoScreen:
            return english()
        return screen.pack if isinstance(screen, HasPack) else english()

    def choose_number(self, number: int) -> bool:
        """Act on a digit key: 1-9 choose on this page, 0 turns the page. True if used."""
        if number == 0:
            if self.pages == 1:
                return False
            self.action_next_page()
            return True
        items = self.page_items()
        if 1 <= number <= len(items):
            self.highlighted = number - 1
            self.post_message(self.Chosen(self, items[number - 1]))
            return True
        return False

    def action_next_page(self) -> None:
        """Show the next page, or the first after the last."""
        self._show_page((self.page + 1) % self.pages)
        self.post_message(self.PageTurned(self))

    def action_previous_page(self) -> None:
        """Show the previous page."""
        self._show_page((self.page - 1) % self.pages)
        self.post_message(self.PageTurned(self))

    def _moved(self) -> None:
        item = self.highlighted_item
        number = self.page * PAGE_SIZE + (self.highlighted or 0) + 1 if item else 0
        self.post_message(self.Moved(self, item, number))

    def action_cursor_down(self) -> None:
        """Move down, and say where the highlight is."""
        super().action_cursor_down()
        self._moved()

    def action_cursor_up(self) -> None:
        """Move up, and say where the highlight is."""
        super().action_cursor_up()
        self._moved()

    def action_first(self) -> None:
        """Go to the first item."""
        super().action_first()
        self._moved()

    def action_last(self) -> None:
        """Go to the last item."""
        super().action_last()
        self._moved()

    def spoken_options(self) -> str:
        """Every choice on the page with its key: "Press 1: Hear a story. ..." (row S1)."""
        pack = self.pack
        parts = []
        if self.pages > 1:
            first = self.page * PAGE_SIZE + 1
            last = first + len(self.page_items()) - 1
            parts.append(pack.t("menu.showing", first=first, last=last, total=len(self.items)))
        for number, item in enumerate(self.page_items(), 1):
            parts.append(pack.t("menu.press", number=number, label=item.listed))
        if self.pages > 1:
            parts.append(
                pack.t("menu.press_more" if self.page < self.pages - 1 else "menu.press_start")
            )
        return " ".join(parts)

    async def _on_click(self, event: events.Click) -> None:
        """A tap on a choice presses its number, so a tap follows every rule a key does.

        A double tap is one choice (the debounce, row I5), and key help describes it
        (row I3): see kiosk/ui/widgets/touch.py.
        """
        index = event.style.meta.get("option")
        if not isinstance(index, int):
            return
        event.stop()
        event.prevent_default()
        number = index + 1 if index < len(self.page_items()) else 0
        self.app.post_message(events.Key(str(number), str(number)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an item chooses it; Enter on "More" turns the page."""
        event.stop()
        if event.option.id == MORE:
            self.action_next_page()
            return
        items = self.page_items()
        if event.option_index < len(items):
            self.post_message(self.Chosen(self, items[event.option_index]))
