"""The warning before the kiosk starts over: any key gives more time."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from kiosk.audio.speech import Speech

STILL_THERE = "Are you still there?"


def warning_words(seconds: int) -> str:
    """What the warning says."""
    return (
        f"The kiosk will start again for the next person in {seconds} seconds. "
        "Press any key if you want more time."
    )


class StillThereScreen(ModalScreen[None]):
    """Shown over the current screen; any key closes it (and does nothing else)."""

    def __init__(self, seconds: int, speech: Speech) -> None:
        super().__init__()
        self.seconds = seconds
        self.speech = speech

    def compose(self) -> ComposeResult:
        """The question and what to do."""
        with Vertical(id="still-there"):
            yield Static(Content(STILL_THERE), classes="heading")
            yield Static(Content(warning_words(self.seconds)), id="still-there-words")

    def on_mount(self) -> None:
        """Say it as well as show it (row I7)."""
        self.speech.say(f"{STILL_THERE} {warning_words(self.seconds)}")

    def on_key(self, event: events.Key) -> None:
        """Any key: more time. The key is used up here, so it chooses nothing by accident."""
        event.stop()
        event.prevent_default()
        self.dismiss()
