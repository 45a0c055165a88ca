"""Writing a message for other visitors: what happens to it, then the words."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.core.text import one_line
from kiosk.messages.screening import Screening
from kiosk.ui.answers import DictationAnswer, PreviewAnswer, SupportAnswer
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Announcement, Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem
from kiosk.ui.widgets.message_box import MessageBox
from kiosk.ui.widgets.typing_echo import TypingEcho
from kiosk.ui.wording import problem_words


class LeaveMessageScreen(KioskScreen[None]):
    """A text box with a visible count and limit; Enter goes on to the preview."""

    WORDS: ClassVar[str] = "leave_message"
    DICTATION: ClassVar[bool] = True
    TYPES: ClassVar[bool] = True

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.echo = TypingEcho(self.speak, lambda: services.choices.typing, lambda: self.pack)

    def page(self) -> Page:
        """What happens to the message, and how long it may be."""
        explanation = self.t("leave_message.explanation")
        return Page([Line(f"{explanation} {self.t('leave_message.limit', limit=self.limit)}")])

    @property
    def limit(self) -> int:
        """The most characters a message may have."""
        return self.services.content.config.message_limit

    def compose_live(self) -> ComposeResult:
        """The box, the count of letters used and any error, each said as it changes."""
        yield MessageBox(self.limit, id="message-box")
        yield Static(Content(self._count_words(0)), id="count")
        error = Static("", id="message-error", classes="error")
        error.display = False  # no empty row: at 80x24 the letters to tap need it
        yield error
        yield from self.keyboard("touch.done")

    def on_mount(self) -> None:
        """Ready to type."""
        self.query_one(MessageBox).focus()

    def dictated(self, text: str) -> None:
        """Words spoken for the message: show them, and let the visitor decide."""
        text = one_line(text)
        if not text:
            self.speak(self.t("dictation.nothing"))
            return
        self.router.open(
            Place.DICTATION, text, then=lambda answer: self._after_dictation(text, answer)
        )

    def _after_dictation(self, text: str, answer: DictationAnswer | None) -> None:
        box = self.query_one(MessageBox)
        if answer in (DictationAnswer.KEEP, DictationAnswer.EDIT):
            room = max(0, self.limit - len(box.text))
            joined = (" " if box.text and not box.text.endswith(" ") else "") + text
            box.move_cursor(box.document.end)
            box.insert(joined[:room])
            box.focus()
            if answer is DictationAnswer.KEEP:
                self.done()
            else:
                self.speak(self.t("dictation.edit_now"))
        elif answer is DictationAnswer.AGAIN:
            self.shell.voice.talk()

    @property
    def draft(self) -> str:
        """The words typed so far, tidied onto one line."""
        return one_line(self.query_one(MessageBox).text)

    def spoken_intro_parts(self) -> list[tuple[str, str | None]]:
        """Coming back to words already written, how many letters they use is said too (S1)."""
        parts = super().spoken_intro_parts()
        text = self.query_one(MessageBox).text
        if text:
            parts.append((f"{self._count_words(len(text))}.", None))
        return parts

    def _count_words(self, used: int) -> str:
        return self.t("leave_message.count", used=used, limit=self.limit)

    @on(MessageBox.Changed)
    def update_count(self) -> None:
        """Keep the count in step with the box and clear an old error."""
        text = self.query_one(MessageBox).text
        used = len(text)
        self.query_one("#count", Static).update(Content(self._count_words(used)))
        self.echo.changed(text)
        if used:
            self.show_error(Announcement(""))

    @on(MessageBox.LimitReached)
    def at_limit(self) -> None:
        """Say that the box is full."""
        full = self.t("leave_message.full", limit=self.limit)
        self.show_error(Announcement(full, then=self.t("leave_message.look_over")))

    def show_error(self, error: Announcement) -> None:
        """Show an error under the box and say it (an empty one clears it, silently)."""
        self.announce(error, "message-error")

    @on(MessageBox.Done)
    def done(self) -> None:
        """Go on to the preview, unless the message service cannot take the words just now.

        The service decides (words to send, the limits, screening, the crisis route); this
        screen words its answer.
        """
        content = self.services.content
        checked = self.services.messages.check(self.draft, content.rules, content.config.country)
        if checked.empty:
            self.show_error(Announcement(self.t("leave_message.empty")))
        elif checked.limit is not None:
            self.show_error(Announcement(problem_words(self.pack, checked.limit)))
        elif checked.refused:
            # Which words, as the centre listed them: "some words" left the visitor guessing.
            words = ", ".join(f'"{word}"' for word in checked.refused)
            refused = self.pack.count("leave_message.refused", len(checked.refused), words=words)
            self.show_error(Announcement(refused))
        elif checked.support_first:
            # Gently, and at once: people to talk to, before anything else happens.
            found = checked.screening
            self.router.open(
                Place.SUPPORT_NOW, then=lambda answer: self._after_support(answer, found)
            )
        else:
            self._preview(checked.screening)

    def _after_support(self, answer: SupportAnswer | None, found: Screening) -> None:
        if answer is SupportAnswer.CARRY_ON:
            self._preview(found)
        else:
            self.query_one(MessageBox).focus()

    def _preview(self, found: Screening) -> None:
        self.router.open(
            Place.MESSAGE_PREVIEW,
            self.draft,
            found,
            then=lambda answer: self._after_preview(answer, found),
        )

    def action_back(self) -> None:
        """Going back with words typed asks first: they would be lost."""
        if not self.draft:
            self.dismiss()
            return
        self.router.open(
            Place.ASK,
            self.t("leave_message.leave_title"),
            self.t("leave_message.leave_words"),
            MenuItem(self.t("leave_message.keep_writing"), "stay"),
            MenuItem(self.t("leave_message.leave"), "leave"),
            then=self._after_leave_question,
        )

    def _after_leave_question(self, leave: bool | None) -> None:
        if leave:
            self.dismiss()
        else:
            self.query_one(MessageBox).focus()

    def _after_preview(self, result: PreviewAnswer | None, found: Screening) -> None:
        if result is PreviewAnswer.DISCARD:
            self.dismiss()
        elif result is PreviewAnswer.SENT:
            self.router.open(Place.THANKS, found.urgent, replace=True)
        else:
            self.query_one(MessageBox).focus()
