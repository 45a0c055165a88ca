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
        """The seconds left when the warning came."""
        self.speech = services.speech_manager
        self.pack = services.pack
        self.clock = services.clock
        self._shown_at = services.clock.monotonic()

    def compose(self) -> ComposeResult:
        """The question and what to do."""
        with Vertical(id="still-there"):
            yield Static(Content(self.pack.t("still_there.question")), classes="heading")
            yield Static(Content(self.warning_words()), id="still-there-words")

    def warning_words(self) -> str:
        """What the warning says, with the seconds left now (row I7)."""
        return self.pack.t("still_there.warning", seconds=self.seconds_left)

    @property
    def seconds_left(self) -> int:
        """Seconds until the kiosk starts over, as near as the clock says."""
        return max(0, round(self.seconds - (self.clock.monotonic() - self._shown_at)))

    def count_down(self) -> None:
        """Show the seconds left as they go (said once: a voice counting would drown help)."""
        self.query_one("#still-there-words", Static).update(Content(self.warning_words()))

    def on_mount(self) -> None:
        """Say it as well as show it (row I7)."""
        # Not asked for: listening to the warning must not count as being there.
        question = self.pack.t("still_there.question")
        self.speech.say(f"{question} {self.warning_words()}", asked=False)
        self.set_interval(1.0, self.count_down)

    def on_key(self, event: events.Key) -> None:
        """Any key: more time. The key is used up here, so it chooses nothing by accident."""
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_click(self, event: events.Click) -> None:
        """A tap anywhere: more time, and nothing under it is chosen."""
        event.stop()
        self.dismiss()
