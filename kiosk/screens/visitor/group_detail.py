"""Everything about one group: what, when, where, and how to get in touch."""

from __future__ import annotations

import logging
from typing import ClassVar

from textual import on, work

from kiosk.content import Group
from kiosk.content.takeaway import code_text, slip_lines
from kiosk.core.locale import load_pack
from kiosk.core.problems import Code
from kiosk.printing import PrintFailed, SlipPrinter
from kiosk.speech.words import digits_for_speech
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import address_for_speech
from kiosk.usage.counting import GROUP_VIEWED

log = logging.getLogger(__name__)


class GroupDetailScreen(KioskScreen[None]):
    """One group, in short labelled lines."""

    WORDS: ClassVar[str] = "group_detail"

    def __init__(self, services: Services, group: Group) -> None:
        super().__init__(services)
        self.group = group
        self.printed: bool | None = None
        """How the last slip went: True printed, False failed, None none asked for yet."""

    @property
    def title_text(self) -> str:
        """The group's name."""
        return self.group.name

    def page(self) -> Page:
        """A heading and words for each detail staff gave, what matters most first.

        What happens, when, where and the phone number come first (by ear, the rest took
        40 seconds before the number); 1 says the number again on its own. Staff's words
        are said in the centre's language (row S10); a number digit by digit and an
        address mark by mark, so each can be written down as it is heard.
        """
        group, pack = self.group, self.pack
        staff = self.services.content.config.language
        details = [
            ("what", group.what, staff),
            ("when", group.when_words(pack), None),
            ("where", group.where_words(), staff),
            ("phone", group.phone_words(pack), None),
            ("cost", group.cost, staff),
            ("access", group.access, staff),
            ("language", ", ".join(group.languages), staff),
            ("email", group.email, None),
            ("website", group.website, None),
            ("about", ", ".join(group.topics), staff),
        ]
        lines = []
        for name, words, language in details:
            if not words:
                continue
            heading = pack.t(f"group_detail.{name}")
            said = None
            if name == "phone":
                said = self.phone_words
            elif name in ("email", "website"):
                said = f"{heading}: {address_for_speech(words, pack)}"
            lines.append(Line(words, "detail", lead=heading, said=said, language=language))
        choices = [MenuItem(self.t("group_detail.say_phone"), "phone")] if group.phone else []
        choices.append(
            MenuItem(
                self.t("group_detail.show_code"), "code", self.t("group_detail.show_code_detail")
            )
        )
        if self.services.content.config.receipt_printer:
            choices.append(
                MenuItem(self.t("group_detail.print"), "print", self.t("group_detail.print_detail"))
            )
        return Page(lines, choices, scroll="group-detail")

    @property
    def phone_words(self) -> str:
        """The phone number as said: "Phone: 0 1 6 3 2, 9 6 0 1 0 1, extension 1 0 0"."""
        heading = self.t("group_detail.phone")
        said = digits_for_speech(self.group.phone)
        if self.group.extension:
            extension = digits_for_speech(self.group.extension)
            said = f"{said}, {self.t('group_detail.extension', number=extension)}"
        return f"{heading}: {said}."

    @on(NumberedMenu.Chosen)
    def chosen(self, event: NumberedMenu.Chosen) -> None:
        """The phone number again, on its own; a code for a phone; or a printed slip."""
        match event.item.value:
            case "phone":
                self.speak(self.phone_words)
            case "code":
                # Back from the code, the name and the choices, not every detail again.
                options = event.menu.spoken_options()
                self.resume_words = f"{self.title_text}. {options}"
                self.router.open(Place.GROUP_CODE, self.group)
            case "print":
                self.print_slip()

    def print_slip(self) -> None:
        """Print the details on the centre's receipt printer, saying so; never waits for it.

        The slip is in the centre's language, as staff wrote the group: a receipt printer
        prints the letters of its own country's code pages, and a Korean word on an English
        printer comes out as "?". The code on it is the same as on the screen.
        """
        printer = self.services.slip_printer()
        if printer is None:
            return
        self.speak(self.t("group_detail.printing"))
        centre = load_pack(self.services.content.config.language)
        self._print(printer, slip_lines(self.group, centre), code_text(self.group, centre))

    @work(thread=True, exclusive=True, group="print")
    def _print(self, printer: SlipPrinter, lines: list[str], code: str) -> None:
        """Send the slip from a thread: a printer may take seconds, or not answer."""
        failed: Code | None = None
        try:
            printer.print_slip(lines, code)
        except PrintFailed as problem:
            log.warning("receipt printer: %s", problem)
            failed = problem.code
        self.app.call_from_thread(self._printed, failed)

    def _printed(self, failed: Code | None) -> None:
        """Say how printing went, if the visitor is still here to hear it."""
        self.printed = failed is None
        if self.is_current:
            self.speak(self.t(f"problems.{failed}") if failed else self.t("group_detail.printed"))

    def on_mount(self) -> None:
        """Arrows scroll the details."""
        self.query_one("#group-detail").focus()
        self.services.usage.count(GROUP_VIEWED, self.group.key)
