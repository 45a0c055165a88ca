"""The warning before the kiosk starts over: any key gives more time."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from kiosk.ui.services import Services


class StillThereScreen(ModalScreen[None]):
    """Shown over the current screen; any key closes it (and does nothing else)."""

    def __init__(self, services: Services, seconds: int) -> None:
        super().__init__()
        self.seconds = seconds
        self.speech = services.speech
        self.pack = services.pack

    def compose(self) -> ComposeResult:
        """The question and what to do."""
        with Vertical(id="still-there"):
            yield Static(Content(self.pack.t("still_there.question")), classes="heading")
            yield Static(Content(self.warning_words()), id="still-there-words")

    def warning_words(self) -> str:
        """What the warning says."""
        return self.pack.t("still_there.warning", seconds=self.seconds)

    def on_mount(self) -> None:
        """Say it as well as show it (row I7)."""
        # Not asked for: listening to the warning must not count as being there.
        question = self.pack.t("still_there.question")
        self.speech.say(f"{question} {self.warning_words()}", asked=False)

    def on_key(self, event: events.Key) -> None:
        """Any key: more time. The key is used up here, so it chooses nothing by accident."""
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_click(self, event: events.Click) -> None:
        """A tap anywhere: more time, and nothing under it is chosen."""
        event.stop()
        self.dismiss()
