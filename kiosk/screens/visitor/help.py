"""How to use the kiosk, and people a visitor can talk to: the few things first, then more.

Help said all it knew at once (518 words, with the voice commands), and read its marks out
("Escape, Backspace or .:", "Home or /"): by ear, issue 34. Now it comes in two layers. The
first is what most visitors need: who to talk to, the keys used most, and how the kiosk is
set just now (the top bar, said here: row S1). Choice 1 opens the rest: every key and what
can be said. Back from there comes back to the first. Every key line is said from the pack's
words for saying it ("F2, or star"), never its marks (row S5).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.core.locale import Pack
from kiosk.ui.controls import CONTROLS, NAVIGATION, TALK, Control
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import contact_line, voice_commands

HOW_TO = (*(f"navigation.{name}" for name in NAVIGATION), "help.story", "help.leaving")
"""How to use the kiosk, in order: each is a pack table with `keys` and `does` (and `said`,
the keys as said, where they are shown with marks)."""
FIRST_KEYS = ("navigation.numbers", "navigation.back", "navigation.home")
"""The ways around that every visitor needs, in the first layer."""
FIRST_CONTROLS = ("repeat", "quieter", "louder")
"""The controls in the first layer: hear it again, and the volume."""
MORE = "more"


def how_to_line(name: str, pack: Pack) -> Line:
    """A way around ("Home or /: Goes back to the first screen."), said without its marks."""
    keys, does = pack.t(f"{name}.keys"), pack.t(f"{name}.does")
    said = pack.t(f"{name}.said") if pack.has(f"{name}.said") else keys
    return Line(does, "detail", lead=keys, said=f"{said}: {does}")


def control_line(control: Control, pack: Pack) -> Line:
    """A control ("F2 or *: Says the last thing again."), said as "F2, or star: ..."."""
    does = control.does(pack)
    return Line(does, "detail", lead=control.label(pack), said=f"{control.said(pack)}: {does}")


class HelpScreen(KioskScreen[None]):
    """Who to talk to and the keys used most; 1 for every key and what can be said."""

    WORDS: ClassVar[str] = "help"
    NOT_TAPPED: ClassVar[frozenset[str]] = frozenset({"help"})

    more: bool = False
    """True while the second layer (every key, what can be said) is shown."""

    @property
    def title_text(self) -> str:
        """The title: "Help", or "More help" on the second layer."""
        return self.t("help.more_title") if self.more else super().title_text

    def page(self) -> Page:
        """The layer shown: the first, or every key and what can be said."""
        return self._more() if self.more else self._first()

    def _first(self) -> Page:
        """Who to talk to, the keys used most, and the way to the rest."""
        pack = self.pack
        lines: list[Line] = [Line(self.t("help.talk"), "heading")]
        contacts = self.services.content.config.support
        if not contacts:  # none was ever set: the people in the room are always there
            lines.append(Line(self.t("help.ask_staff"), "detail"))
        else:
            lines += [
                contact_line(c, pack, self.services.content.config.language) for c in contacts
            ]
        lines.append(Line(self.t("help.main_keys"), "heading"))
        lines += [how_to_line(name, pack) for name in FIRST_KEYS]
        lines += [control_line(c, pack) for c in CONTROLS if c.action in FIRST_CONTROLS]
        if self.shell.voice.available:  # the talk key: Tab, or the keypad's "-"
            lines.append(control_line(TALK, pack))
        about = "help.more_about_voice" if self.shell.voice.available else "help.more_about"
        more = MenuItem(self.t("help.more"), MORE, self.t(about))
        return Page(lines, [more], scroll="help")

    def _more(self) -> Page:
        """Every key, then (where the kiosk listens) what can be said."""
        pack = self.pack
        lines: list[Line] = [Line(self.t("help.use"), "heading")]
        lines += [how_to_line(name, pack) for name in HOW_TO]
        lines.append(Line(self.t("help.voice_keys"), "heading"))
        lines += [control_line(c, pack) for c in CONTROLS]
        if self.shell.voice.available:
            lines.append(control_line(TALK, pack))
            # Only a kiosk that listens lists what can be said (shown and said alike).
            lines.append(Line(self.t("help.speaking"), "heading"))
            lines.append(Line(self.t("help.speaking_intro"), "detail"))
            for command in voice_commands(pack):
                same = self.t("help.same_as", key=command.key)
                said = self.t("help.same_as", key=command.key_said)
                lines.append(
                    Line(same, "detail", lead=command.words, said=f"{command.said}: {said}")
                )
        else:  # one line, so nobody looks for words that would do nothing
            lines.append(Line(self.t("help.no_voice"), "detail"))
        return Page(lines, scroll="help")

    def spoken_title(self) -> list[tuple[str, str | None]]:
        """The title, then on the first layer how the kiosk is set (the top bar), piece by piece."""
        title = super().spoken_title()
        if self.more:
            return title
        # One piece of the bar may hold several ("Voice on  ·  Volume 7  ·  Speed 4").
        pieces = [q.strip() for p in self.shell.status_parts() for q in p.split("·") if q.strip()]
        status = " ".join(p if p.endswith((".", "?", "!")) else f"{p}." for p in pieces)
        return [*title, (self.t("help.now", status=status), None)]

    def on_mount(self) -> None:
        """Arrows scroll the help."""
        self.query_one("#help").focus()

    @on(NumberedMenu.Chosen)
    def open_more(self, event: NumberedMenu.Chosen) -> None:
        """1: every key, and what can be said."""
        if event.item.value == MORE:
            self._show_layer(more=True)

    def action_digit(self, number: int) -> None:
        """0 opens the rest too, as on a long list ("more" said does the same)."""
        if number == 0 and not self.more:
            self._show_layer(more=True)
        else:
            super().action_digit(number)

    def describe_digit(self, number: int) -> str:
        """Key help (row I3): 0 does what 1 does here."""
        return super().describe_digit(1 if number == 0 and not self.more else number)

    def action_back(self) -> None:
        """From the second layer, back to the first; from the first, out of help."""
        if self.more:
            self._show_layer(more=False)
        else:
            super().action_back()

    def _show_layer(self, *, more: bool) -> None:
        self.more = more
        self.set_title(self.title_text)
        self.show_page(highlight=0)
        self.query_one("#help").scroll_home(animate=False)
        self.arrived()
