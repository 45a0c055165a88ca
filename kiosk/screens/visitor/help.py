"""How to use the kiosk, and people a visitor can talk to."""

from __future__ import annotations

from typing import ClassVar

from kiosk.ui.controls import CONTROLS, NAVIGATION
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.wording import contact_parts, contact_words, voice_commands

HOW_TO = (*(f"navigation.{name}" for name in NAVIGATION), "help.story", "help.leaving")
"""How to use the kiosk, in order: each is a pack table with `keys` and `does`."""


class HelpScreen(KioskScreen[None]):
    """Who to talk to first, then the keys, then (where the kiosk listens) what to say."""

    WORDS: ClassVar[str] = "help"
    NOT_TAPPED: ClassVar[frozenset[str]] = frozenset({"help"})

    def page(self) -> Page:
        """Every section, shown and said in the same order."""
        pack = self.pack
        lines: list[Line] = [Line(self.t("help.talk"), "heading")]
        contacts = self.services.content.config.support
        if not contacts:  # none was ever set: the people in the room are always there
            lines.append(Line(self.t("help.ask_staff"), "detail"))
        else:
            lines += [
                Line(
                    contact_words(c, pack),
                    style="detail contact",
                    said_in=contact_parts(c, pack, self.services.content.config.language),
                )
                for c in contacts
            ]
        lines.append(Line(self.t("help.use"), "heading"))
        lines += [
            Line(self.t(f"{name}.does"), "detail", lead=self.t(f"{name}.keys")) for name in HOW_TO
        ]
        lines.append(Line(self.t("help.voice_keys"), "heading"))
        lines += [
            Line(c.does(pack), "detail", lead=c.label(pack), said=f"{c.said(pack)}: {c.does(pack)}")
            for c in CONTROLS
        ]
        if self.shell.voice.available:
            # Only a kiosk that listens lists what can be said (shown and said alike).
            lines.append(Line(self.t("help.speaking"), "heading"))
            lines.append(Line(self.t("help.speaking_intro"), "detail"))
            lines += [
                Line(self.t("help.same_as", key=key), "detail", lead=words)
                for words, key in voice_commands(pack)
            ]
        else:  # one line, so nobody looks for words that would do nothing
            lines.append(Line(self.t("help.no_voice"), "detail"))
        return Page(lines, scroll="help")

    def on_mount(self) -> None:
        """Arrows scroll the help."""
        self.query_one("#help").focus()
