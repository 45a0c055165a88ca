"""Checking a kiosk's sound: speak a test sentence, and watch the microphone's level."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.audio.microphone import MicLevel
from kiosk.ui.pages import Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import problem_words

TEST_SENTENCE = "This is the kiosk's voice. If you can hear this clearly, the sound is working."


class SoundCheckScreen(KioskScreen[None]):
    """A test sentence on demand and a live microphone level."""

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "Check the sound"

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.mic = MicLevel()

    def page(self) -> Page:
        """The one choice: speak a test sentence."""
        return Page(choices=[MenuItem("Speak a test sentence", "speak")])

    def compose_live(self) -> ComposeResult:
        """Sound status and the microphone's level, a few times a second."""
        yield Static("", id="sound-status", classes="intro")
        yield Static("", id="mic-level")

    def on_mount(self) -> None:
        """Open the microphone and show its level a few times a second."""
        self.mic.start()
        self.set_interval(0.1, self.refresh_level)
        self.refresh_level()

    def on_unmount(self) -> None:
        """Close the microphone: it is only open on this screen."""
        self.mic.stop()

    def refresh_level(self) -> None:
        """Draw the level bar, or say why there is none."""
        speech = self.services.speech
        if not speech.enabled:
            status = "The voice is off (F9)."
        elif speech.problem:
            status = problem_words(self.pack, speech.problem)
        else:
            status = "The voice is working."
        self.query_one("#sound-status", Static).update(Content(status))
        if self.mic.problem:
            words = f"Microphone: {problem_words(self.pack, self.mic.problem)}"
        else:
            bars = round(self.mic.level * 40)
            words = f"Microphone level: {'█' * bars}{'░' * (40 - bars)}"
        self.query_one("#mic-level", Static).update(Content(words))

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Speak the test sentence."""
        self.speak(TEST_SENTENCE)
