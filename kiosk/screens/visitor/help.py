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

from kiosk.core.config import KioskConfig
from kiosk.core.locale import Pack
from kiosk.ui.controls import CONTROLS, NAVIGATION, TALK, Control, control_keys, navigation_keys
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import contact_line, voice_commands

HOW_TO = ("help.story", "help.leaving")
"""How to use the kiosk, after the ways around (NAVIGATION): pack tables with a heading
(`keys`) and what to do (`does`)."""
FIRST_KEYS = ("numbers", "back", "home")
"""The ways around that every visitor needs, in the first layer."""
FIRST_CONTROLS = ("repeat", "quieter", "louder")
"""The controls in the first layer: hear it again, and the volume."""
MORE = "more"
KEYPAD_SCROLL = {2: 1, 8: -1}
"""On a keypad kiosk, the digits that read on in help: 2 down and 8 up, the arrows printed
on them (help's only choice is 1)."""


def how_to_line(name: str, pack: Pack) -> Line:
    """How to do something ("Playing a story: 1 plays or pauses, ...")."""
    keys, does = pack.t(f"{name}.keys"), pack.t(f"{name}.does")
    return Line(does, "detail", lead=keys, said=f"{keys}: {does}")


def key_line(keys: tuple[str, str], does: str) -> Line:
    """A key and what it does: shown with its marks ("/"), said in words ("the slash key")."""
    shown, said = keys
    return Line(does, "detail", lead=shown, said=f"{said}: {does}")


def navigation_lines(names: tuple[str, ...], pack: Pack, config: KioskConfig) -> list[Line]:
    """The ways around ("Home or /: Goes back to the first screen."), said without marks.

    Only the keys this kiosk has are named (a keypad: "/", said "the slash key").
    """
    found = ((navigation_keys(pack, config, name), name) for name in names)
    return [key_line(keys, pack.t(f"navigation.{name}.does")) for keys, name in found if keys]


def control_lines(
    controls: tuple[Control, ...], pack: Pack, config: KioskConfig, *, voice: bool
) -> list[Line]:
    """Controls ("F2 or *: Says the last thing again."), said as "F2, or star: ...".

    Each with the keys this kiosk has: a keypad's help leaves out the F-keys it lacks.
    """
    found = ((control_keys(pack, config, c, voice=voice), c) for c in controls)
    return [key_line(keys, control.does(pack)) for keys, control in found if keys]


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
        config, voice = self.services.content.config, self.shell.voice.available
        lines += navigation_lines(FIRST_KEYS, pack, config)
        first = tuple(c for c in CONTROLS if c.action in FIRST_CONTROLS)
        # The talk key (Tab, or the keypad's "-") where the kiosk listens.
        lines += control_lines((*first, TALK) if voice else first, pack, config, voice=voice)
        about = "help.more_about_voice" if self.shell.voice.available else "help.more_about"
        more = MenuItem(self.t("help.more"), MORE, self.t(about))
        return Page(lines, [more], scroll="help")

    def _more(self) -> Page:
        """Every key, then (where the kiosk listens) what can be said."""
        pack = self.pack
        config, voice = self.services.content.config, self.shell.voice.available
        lines: list[Line] = [Line(self.t("help.use"), "heading")]
        lines += navigation_lines(NAVIGATION, pack, config)
        lines += [how_to_line(name, pack) for name in HOW_TO]
        lines.append(Line(self.t("help.voice_keys"), "heading"))
        lines += control_lines((*CONTROLS, TALK) if voice else CONTROLS, pack, config, voice=voice)
        if voice:
            # Only a kiosk that listens lists what can be said (shown and said alike).
            lines.append(Line(self.t("help.speaking"), "heading"))
            lines.append(Line(self.t("help.speaking_intro"), "detail"))
            for command in voice_commands(pack, config):
                if command.key is None:  # no key for it here: what it does instead
                    same = said = command.does
                else:
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
        """0 opens the rest too, as on a long list ("more" said does the same).

        On a keypad kiosk 2 and 8 read on, down and up, as the arrows printed on them: a
        keypad has no arrow keys, and help is longer than a small screen (issue 34).
        """
        if number == 0 and not self.more:
            self._show_layer(more=True)
        elif number in KEYPAD_SCROLL and self.services.content.config.keypad:
            scroll = self.query_one("#help")
            if KEYPAD_SCROLL[number] > 0:
                scroll.scroll_page_down(animate=False)
            else:
                scroll.scroll_page_up(animate=False)
        else:
            super().action_digit(number)

    def describe_digit(self, number: int) -> str:
        """Key help (row I3): 0 does what 1 does here; a keypad's 2 and 8 read on."""
        if number in KEYPAD_SCROLL and self.services.content.config.keypad:
            return self.t("help.keypad_scroll")
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
