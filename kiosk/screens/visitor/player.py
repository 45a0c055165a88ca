"""Playing a story: controls, progress, and the transcript following along."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.audio import PlayerState
from kiosk.content import Story
from kiosk.core.problems import Code
from kiosk.core.text import clock_time, time_words
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets.touch import Tap
from kiosk.ui.wording import problem_words
from kiosk.usage.counting import STORY_FINISHED, STORY_STARTED

SKIP_SECONDS = 10.0
"""How far 2 and 3 jump (the pack's words say "10 seconds")."""
WAIT_SECONDS = 1.0
"""Getting a story ready for longer than this after the introduction is announced, with
what comes next: "It will start by itself" (row S13)."""
BAR_WIDTH = 40

STATE_WORDS = {
    PlayerState.EMPTY: "player.stopped",
    PlayerState.LOADING: "player.loading",
    PlayerState.PLAYING: "player.playing",
    PlayerState.PAUSED: "player.paused",
    PlayerState.FINISHED: "player.finished",
}
"""The pack's words for what the player is doing."""


def progress_bar(position: float, duration: float, width: int = BAR_WIDTH) -> str:
    """Draw "1:05 ██████░░░░ 4:10"."""
    filled = round(width * position / duration) if duration > 0 else 0
    filled = min(max(filled, 0), width)
    return f"{clock_time(position)}  {'█' * filled}{'░' * (width - filled)}  {clock_time(duration)}"


class PlayerScreen(KioskScreen[None]):
    """One story: it starts playing at once; keys pause, skip and stop."""

    WORDS: ClassVar[str] = "player"
    # Bindings are never shown (show=False), so they need no words; help says what keys do.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "play_pause", show=False),
        Binding("left", "skip(-1)", show=False),
        Binding("right", "skip(1)", show=False),
    ]

    def __init__(self, services: Services, story: Story) -> None:
        super().__init__(services)
        self.story = story
        self._current_cue: int | None = None
        self._stopped = False
        self._opened_at = 0.0
        self._announced: PlayerState | None = None
        self._intro_over = False

    @property
    def title_text(self) -> str:
        """The story's title."""
        return self.story.title

    def page(self) -> Page:
        """Who tells it and what it is about (the title is the screen's)."""
        story = self.story
        told_by = Line(self.t("player.told_by", name=story.told_by))
        return Page([told_by, Line(story.summary, language=story.language)])

    def compose_live(self) -> ComposeResult:
        """The state, progress, and the transcript following along (the recording says it)."""
        yield Static(Content(self.t(STATE_WORDS[PlayerState.LOADING])), id="player-state")
        yield Static(Content(progress_bar(0, self.story.duration)), id="progress")
        timed = "timed" if self.story.transcript.timed else None
        with VerticalScroll(id="transcript", can_focus=True, classes=timed):
            for index, cue in enumerate(self.story.transcript.cues):
                yield Static(Content(cue.text), id=f"cue-{index}", classes="cue")

    def body_taps(self) -> list[Tap]:
        """The player's keys, 1 to 4, as buttons under the transcript."""
        names = ("play_pause", "rewind", "forward", "stop")
        return [self.tap(name, str(number)) for number, name in enumerate(names, start=1)]

    def on_mount(self) -> None:
        """Start the story and keep the progress up to date."""
        self._opened_at = self.services.clock.monotonic()
        # The introduction is said first; the engine holds the story until it has been.
        self.services.player.open(self.story.audio, play=True)
        self.services.usage.count(STORY_STARTED, self.story.slug)
        self.query_one("#transcript").focus()
        self.set_interval(0.25, self.refresh_progress)

    def on_unmount(self) -> None:
        """Leaving the story, however it happens, stops the sound."""
        self.services.player.stop()

    def refresh_progress(self) -> None:
        """Show the state, the progress bar and the line being said."""
        player = self.services.player
        duration = player.duration or self.story.duration
        if player.state is PlayerState.FAILED:
            words = self._problem()
        elif self._stopped:
            words = self.t("player.stopped_spoken")
        elif self._held_for_introduction:
            # The engine holds the story until the introduction has been said: "Playing
            # 0:00" under it was not true (by ear, issue 12).
            words = self.t("player.after_intro")
        else:
            words = self.t(STATE_WORDS[player.state])
        self.query_one("#player-state", Static).update(Content(words))
        self._announce(player.state, words)
        self.query_one("#progress", Static).update(Content(progress_bar(player.position, duration)))
        self._follow(self.story.transcript.index_at(player.position))

    @property
    def _held_for_introduction(self) -> bool:
        """True from the start until the introduction ends or the story moves, then never."""
        player = self.services.player
        if self._intro_over:
            return False
        held = player.state is PlayerState.PLAYING and player.position == 0
        self._intro_over = not (held and self.services.speech.speaking)
        return not self._intro_over

    def _problem(self) -> str:
        """Why the story is not playing, in the visitor's language."""
        return problem_words(self.pack, self.services.player.problem or Code.SOUND)

    def _announce(self, state: PlayerState, words: str) -> None:
        """Say a wait, a problem, or the end, once each."""
        if state is self._announced:
            return
        now = self.services.clock.monotonic()
        if state is PlayerState.LOADING and self.services.speech.speaking:
            # The introduction (with the keys to use) is the wait: it is never cut short
            # by "please wait". The wait counts from when the kiosk falls quiet.
            self._opened_at = now
            return
        if state is PlayerState.LOADING and now - self._opened_at >= WAIT_SECONDS:
            self.speak(self.t("player.nearly_ready"))
        elif state is PlayerState.FAILED:
            self.speak(words)
        elif state is PlayerState.FINISHED:
            self.speak(self.t("player.finished_spoken"))
            self.services.usage.count(STORY_FINISHED, self.story.slug)
        elif state is PlayerState.LOADING:
            return  # not yet a second: say nothing, and check again
        self._announced = state

    def _follow(self, index: int | None) -> None:
        """Highlight the line being said and keep it in view."""
        if index == self._current_cue:
            return
        if self._current_cue is not None:
            self.query_one(f"#cue-{self._current_cue}").remove_class("current")
        self._current_cue = index
        if index is not None:
            cue = self.query_one(f"#cue-{index}")
            cue.add_class("current")
            self.query_one("#transcript", VerticalScroll).scroll_to_center(cue, animate=False)

    def action_digit(self, number: int) -> None:
        """1 play/pause, 2 back, 3 forward, 4 stop."""
        if number == 1:
            self.action_play_pause()
        elif number in (2, 3):
            self.action_skip(-1 if number == 2 else 1)
        elif number == 4:
            self.action_stop()

    def paused_sound(self) -> bool | None:
        """The story, while it is open (playing or paused): F3 and "pause" act on it."""
        state = self.services.player.state
        if state is PlayerState.PLAYING:
            return False
        return True if state is PlayerState.PAUSED else None

    def pause_sound(self) -> None:
        """F3, or "pause" and "carry on" said: the same as 1 here."""
        self.action_play_pause()

    def action_play_pause(self) -> None:
        """Play if paused, pause if playing."""
        player = self.services.player
        if player.state is PlayerState.PLAYING:
            player.pause()
        elif player.state is PlayerState.EMPTY:
            player.open(self.story.audio, play=True)
        else:
            player.play()
        self._stopped = False
        self.refresh_progress()
        if player.state is PlayerState.FAILED:
            self.speak(self._problem())
        elif player.state is PlayerState.PAUSED:
            self.speak(self.t("player.paused_at", time=time_words(player.position, self.pack)))
        elif player.state is PlayerState.PLAYING:
            self.speak(self.t("player.playing_spoken"))

    def action_skip(self, direction: int) -> None:
        """Jump 10 seconds back (-1) or forward (1)."""
        player = self.services.player
        player.seek(player.position + direction * SKIP_SECONDS)
        self.refresh_progress()
        self.speak(
            self.t(
                "player.skipped_back" if direction < 0 else "player.skipped_forward",
                position=time_words(player.position, self.pack),
                duration=time_words(player.duration, self.pack),
            )
        )

    def action_stop(self) -> None:
        """Stop and go back to the beginning."""
        player = self.services.player
        player.pause()
        player.seek(0)
        self._stopped = True
        self.refresh_progress()
        self.speak(self.t("player.stopped_spoken"))
