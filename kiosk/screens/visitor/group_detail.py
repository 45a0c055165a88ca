"""Everything about one group: what, when, where, and how to get in touch."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.content import Group
from kiosk.speech.words import digits_for_speech
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import address_for_speech
from kiosk.usage.counting import GROUP_VIEWED


class GroupDetailScreen(KioskScreen[None]):
    """One group, in short labelled lines."""

    WORDS: ClassVar[str] = "group_detail"

    def __init__(self, services: Services, group: Group) -> None:
        super().__init__(services)
        self.group = group

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
    def say_phone(self, event: NumberedMenu.Chosen) -> None:
        """1: the phone number again, on its own."""
        self.speak(self.phone_words)

    def on_mount(self) -> None:
        """Arrows scroll the details."""
        self.query_one("#group-detail").focus()
        self.services.usage.count(GROUP_VIEWED, self.group.key)
