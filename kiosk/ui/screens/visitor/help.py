"""How to use the kiosk, and people a visitor can talk to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.ui.controls import CONTROLS, NAVIGATION
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.wording import contact_words, voice_commands

HOW_TO = (*(f"navigation.{name}" for name in NAVIGATION), "help.story", "help.leaving")
"""How to use the kiosk, in order: each is a pack table with `keys` and `does`."""


class HelpScreen(KioskScreen):
    """Keys first, then the centre's support contacts."""

    WORDS: ClassVar[str] = "help"

    def how_to(self) -> list[tuple[str, str]]:
        """Each way of using the kiosk: (the keys, what they do)."""
        return [(self.t(f"{name}.keys"), self.t(f"{name}.does")) for name in HOW_TO]

    def spoken_body(self) -> str:
        """Who to talk to first, then the keys."""
        pack = self.pack
        parts = []
        contacts = self.services.content.config.support
        if contacts:
            parts.append(f"{self.t('help.talk')}:")
            parts += [contact_words(c, pack, spoken=True) for c in contacts]
        parts.append(f"{self.t('help.use_spoken')}:")
        parts += [f"{keys}: {does}" for keys, does in self.how_to()]
        parts.append(f"{self.t('help.voice_keys')}:")
        parts += [f"{c.said(pack)}: {c.does(pack)}" for c in CONTROLS]
        if self.shell.voice.available:
            parts.append(self.t("help.speaking_intro"))
            parts.append(", ".join(words for words, _ in voice_commands(pack)) + ".")
        return " ".join(parts)

    def compose_body(self) -> ComposeResult:
        """How to use the kiosk, then who to talk to."""
        pack = self.pack
        with VerticalScroll(id="help", can_focus=True):
            contacts = self.services.content.config.support
            if contacts:
                yield Static(Content(self.t("help.talk")), classes="heading")
                for contact in contacts:
                    yield Static(Content(contact_words(contact, pack)), classes="detail contact")
            yield Static(Content(self.t("help.use")), classes="heading")
            for keys, does in self.how_to():
                yield Static(Content.assemble((f"{keys}: ", "bold"), does), classes="detail")
            yield Static(Content(self.t("help.voice_keys")), classes="heading")
            for control in CONTROLS:
                yield Static(
                    Content.assemble((f"{control.label(pack)}: ", "bold"), control.does(pack)),
                    classes="detail",
                )
            yield Static(Content(self.t("help.speaking")), classes="heading")
            yield Static(Content(self.t("help.speaking_intro")), classes="detail")
            for words, key in voice_commands(pack):
                yield Static(
                    Content.assemble((f"{words}: ", "bold"), self.t("help.same_as", key=key)),
                    classes="detail",
                )

    def on_mount(self) -> None:
        """Arrows scroll the help."""
        self.query_one("#help").focus()
