"""Leaving a message by number alone: the centre's kind messages, each said as it is reached.

On a kiosk with a keypad and no keyboard (kiosk.toml `keypad = true`), "Leave a message"
starts here. A list to choose from asks nothing a visitor has to learn first: each message
is read out with its number, the highlighted one again as it is reached, and a number
chooses it. (Phone-style letters, three or four to a key, were the other way: they need
training and a long wait for each letter, and a blind visitor cannot check what was typed
without hearing it read aloud to the room.) A chosen message goes through the message
service as a typed one does: the same check, screening, crisis route, preview and saving.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from kiosk.messages.screening import Screening
from kiosk.ui.answers import PreviewAnswer, SupportAnswer
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Announcement, Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import problem_words

OWN = "__own__"
"""The choice of writing one's own words (only where there are letters to tap)."""


class KindMessagesScreen(KioskScreen[None]):
    """The kind messages in the visitor's language, chosen by number."""

    WORDS: ClassVar[str] = "kind_messages"

    @property
    def messages(self) -> tuple[str, ...]:
        """The centre's kind messages in the visitor's language (none: an empty list)."""
        return self.services.content.kind_messages.get(self.pack.code, ())

    def page(self) -> Page:
        """What happens to a message, then each message, then writing one's own."""
        choices = [MenuItem(message, message) for message in self.messages]
        if self.touch_screen:  # letters to tap: a visitor can write their own too
            choices.append(MenuItem(self.t("kind_messages.own"), OWN))
        lines = [Line(self.t("kind_messages.explanation"))]
        if not self.messages:
            lines.append(Line(self.t("kind_messages.none")))
        return Page(lines, choices)

    def compose_live(self) -> ComposeResult:
        """Where a message that cannot be left just now says so."""
        error = Static("", id="kind-error", classes="error")
        error.display = False
        yield error

    def on_mount(self) -> None:
        """The list has the keys."""
        menus = self.query(NumberedMenu)
        if menus:
            menus.first().focus()

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Write one's own, or leave the message chosen (the message service decides)."""
        if event.item.value == OWN:
            self.router.open(Place.LEAVE_MESSAGE)
            return
        text = str(event.item.value)
        content = self.services.content
        checked = self.services.messages.check(text, content.rules, content.config.country)
        if checked.limit is not None:
            self.announce(Announcement(problem_words(self.pack, checked.limit)), "kind-error")
        elif checked.empty or checked.refused:
            self.announce(Announcement(self.t("kind_messages.refused")), "kind-error")
        elif checked.support_first:
            found = checked.screening
            self.router.open(
                Place.SUPPORT_NOW, then=lambda answer: self._after_support(answer, text, found)
            )
        else:
            self._preview(text, checked.screening)

    def _after_support(self, answer: SupportAnswer | None, text: str, found: Screening) -> None:
        if answer is SupportAnswer.CARRY_ON:
            self._preview(text, found)

    def _preview(self, text: str, found: Screening) -> None:
        self.router.open(
            Place.MESSAGE_PREVIEW,
            text,
            found,
            then=lambda answer: self._after_preview(answer, found),
        )

    def _after_preview(self, answer: PreviewAnswer | None, found: Screening) -> None:
        if answer is PreviewAnswer.SENT:
            self.router.open(Place.THANKS, found.urgent, replace=True)
        elif answer is PreviewAnswer.DISCARD:
            self.dismiss()
        # To change it is to choose another: the list is showing again.
