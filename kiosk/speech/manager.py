"""The one place that decides when each utterance is heard (after NVDA's `speech/manager.py`).

Screens, the app and voice control hand over `Utterance` values (kiosk/speech/types.py);
the manager owns the queue and gives the voice (`Speech`, real or fake) one run of words at
a time, each said at once:

- NOW cuts what is playing, and anything waiting to follow it.
- NEXT waits until the utterance being said has ended, whole.
- WHEN_QUIET waits for half a second of quiet, and is dropped when the visitor acts first.

Three more things it keeps, so no screen rebuilds them: words to go first of a screen's
next words (`lead`: a choice heard by voice, a few words about that screen), words to
follow them (`follow`: how the kiosk works, once a visit), and what is shown of each
utterance as it starts (`on_start`: the line of what was said, row V1).

A screen's words are said at once, and cut whatever was being said (row S4): nothing long
goes in front of them. How the kiosk works went first of the first screen a visitor opened,
so 4 pressed during it opened Find a group while 12 seconds of it went on, the group
screen's own words waiting behind it ("walk by ear"). It follows them now, on its own.

It runs on the screen's thread, moved on by `tick` on the app's timer. The key path is
untouched: a key stops the voice directly (`stop`), and a NOW utterance goes straight to
the voice, so a cached prompt sounds as soon as it did before there was a manager.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kiosk.speech.speaker import Speech
from kiosk.speech.types import Marker, Pause, Piece, Priority, Text, Utterance

TICK = 0.1
"""Seconds between the app's calls to `tick`."""
QUIET_TICKS = 5
"""Ticks in a row with the kiosk silent (half a second) before a WHEN_QUIET utterance is
said: a key cuts speech short and the screen it opens speaks a few milliseconds later, and
news said in the gap was cut off after a syllable (heard as "Voice comm-" before every
first screen)."""


@dataclass
class _Lead:
    pieces: Callable[[], Sequence[Piece]]
    """Made when taken, so they are in the language chosen by then."""
    alone_after: int | None
    """Ticks to wait for a screen's words before it is said on its own; None: wait."""
    age: int = 0


@dataclass
class _Follow:
    pieces: Callable[[], Sequence[Piece]]
    """Made when said, so they are in the language chosen by then."""


class SpeechManager:
    """Owns what is waiting to be said, and says it through one voice."""

    def __init__(self, device: Speech) -> None:
        self.device = device
        self._rest: list[Piece] = []
        """What is left of the utterance being said, after the run the voice has now."""
        self._pause = 0
        """Ticks of a pause still to wait before the rest."""
        self._next: deque[Utterance] = deque()
        self._news: Utterance | None = None
        """The WHEN_QUIET utterance waiting: only the newest, the older news being stale."""
        self._quiet = 0
        """Ticks in a row the kiosk has been silent for."""
        self._leads: list[_Lead] = []
        self._follows: list[_Follow] = []
        self._asked = True
        self._starts: list[Callable[[Utterance], None]] = []

    # --- saying -----------------------------------------------------------------------------

    def say(
        self,
        text: str,
        *,
        language: str | None = None,
        priority: Priority = Priority.NOW,
        asked: bool = True,
    ) -> None:
        """Say `text`, in `language` (None: the screen's), with `priority`."""
        self.speak(Utterance((Text(text, language),), priority, asked))

    def speak(self, utterance: Utterance) -> None:
        """Say `utterance` when its priority says."""
        if utterance.priority is Priority.WHEN_QUIET:
            self._news = utterance
        elif utterance.priority is Priority.NEXT and self.busy:
            self._next.append(utterance)
        else:
            if utterance.priority is Priority.NOW:
                self._next.clear()
            self._start(utterance)

    def lead(
        self,
        pieces: Sequence[Piece] | Callable[[], Sequence[Piece]],
        *,
        alone_after: int | None = None,
    ) -> None:
        """Say `pieces` first of the next screen's words (an utterance that `takes_lead`).

        With `alone_after`, they are said on their own when no screen has spoken within
        that many ticks (a choice heard by voice that opened nothing that speaks).
        """
        made = pieces if callable(pieces) else (lambda: pieces)
        self._leads.append(_Lead(made, alone_after))

    def follow(self, pieces: Callable[[], Sequence[Piece]]) -> None:
        """Say `pieces` after the next screen's words (an utterance that `takes_lead`), once.

        Only once those words have been heard to the end: a visitor who cuts them short
        (a key, another screen) hears them after the next screen's words instead. Said on
        their own, they are cut like any other speech, by a key or by a new screen's words,
        and they are not said again.
        """
        self._follows.append(_Follow(pieces))

    def on_start(self, show: Callable[[Utterance], None]) -> None:
        """Call `show` with every utterance as it starts (row V1), even with the voice off."""
        self._starts.append(show)

    def repeat(self) -> None:
        """Say the last words again (row S3): the voice keeps them, languages settled.

        For an utterance with pauses in it, that is its last run of words.
        """
        self.device.repeat()

    def set_enabled(self, enabled: bool, announcement: str) -> None:
        """Turn the voice on or off; `announcement` is said, and shown, either way (row I4)."""
        self._drop_queue()
        self._asked = True
        self.device.set_enabled(enabled, announcement)
        self._show(Utterance((Text(announcement),)))

    # --- cutting short ---------------------------------------------------------------------

    def stop(self) -> None:
        """Stop talking at once, with everything that was to follow (any key: row S4)."""
        self._drop_queue()
        self.device.stop()

    def tone(self, rising: bool) -> None:
        """A short tone, cutting off speech: rising when listening starts, falling when it ends."""
        self._drop_queue()
        self.device.tone(rising)

    def visitor_acted(self) -> None:
        """A key, a tap or a voice command: news waiting for quiet would talk over them."""
        self._news = None

    def reset(self) -> None:
        """The next visitor: nothing waits, and the voice goes back to the defaults."""
        self._drop_queue()
        self._news = None
        self._leads.clear()
        self._follows.clear()
        self._quiet = 0
        self.device.reset()

    # --- what the app asks -----------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while an utterance is being said (or paused, or between its pieces)."""
        return self.device.speaking or bool(self._rest) or self._pause > 0

    @property
    def answering(self) -> bool:
        """True while saying, not paused and heard, something said in answer to the visitor.

        Someone listening to an answer presses no keys and is still there; the kiosk's own
        prompts (`asked=False`) prove nothing.
        """
        device = self.device
        return self._asked and device.speaking and not device.paused and device.problem is None

    def tick(self) -> None:
        """Move on: the rest of an utterance, then what waits for it, then news in quiet."""
        speaking = self.device.speaking
        self._quiet = 0 if speaking or self._rest or self._pause else self._quiet + 1
        for lead in [lead for lead in self._leads if lead.alone_after is not None]:
            lead.age += 1
            if lead.alone_after is not None and lead.age > lead.alone_after:
                self._leads.remove(lead)
                self.speak(Utterance(tuple(lead.pieces())))
                return
        if speaking:
            return
        if self._pause:
            self._pause -= 1
            if self._pause:
                return
        if self._rest:
            self._walk()
        elif self._next:
            self._start(self._next.popleft())
        elif self._news is not None and self._quiet >= QUIET_TICKS:
            news, self._news = self._news, None
            self._start(news)

    # --- inside -----------------------------------------------------------------------------

    def _start(self, utterance: Utterance) -> None:
        if utterance.takes_lead and self._leads:
            utterance = self._led(utterance)
        if utterance.takes_lead and self._follows:
            utterance = self._followed(utterance)
        self._rest, self._pause = list(utterance.pieces), 0
        self._asked = utterance.asked
        self._walk()
        # After the sound has started: drawing the line is no reason for the voice to wait.
        self._show(utterance)

    def _led(self, utterance: Utterance) -> Utterance:
        """`utterance` with every lead waiting in front of it; the leads are shown."""
        leads, self._leads = self._leads, []
        first = tuple(piece for lead in leads for piece in lead.pieces())
        said = " ".join(piece.words for piece in first if isinstance(piece, Text))
        shown = " ".join(words for words in (said, utterance.on_line) if words)
        return Utterance(
            (*first, *utterance.pieces), utterance.priority, utterance.asked, shown, True
        )

    def _followed(self, utterance: Utterance) -> Utterance:
        """`utterance`, then what is to follow it, said and shown once it has been heard.

        A marker between them: reached only when the screen's words have been said to the
        end, never when they are cut short, so what follows is kept for the next screen.
        """
        follows = list(self._follows)

        def reached() -> None:
            for follow in follows:
                if follow in self._follows:
                    self._follows.remove(follow)
            after = tuple(piece for follow in follows for piece in follow.pieces())
            # The rest of this utterance, from here: its own run of words, shown as it starts.
            self._rest[:0] = after
            self._show(Utterance(after, utterance.priority, utterance.asked))

        return Utterance(
            (*utterance.pieces, Marker(reached)),
            utterance.priority,
            utterance.asked,
            utterance.shown,
            utterance.takes_lead,
        )

    def _walk(self) -> None:
        """Hand the voice the next run of words, passing markers and starting pauses."""
        while self._rest:
            piece = self._rest[0]
            if isinstance(piece, Marker):
                self._rest.pop(0)
                piece.reached()
            elif isinstance(piece, Pause):
                self._rest.pop(0)
                self._pause = max(1, math.ceil(piece.seconds / TICK))
                self.device.stop()  # a pause is silence, also where it comes first
                return
            else:
                run: list[tuple[str, str | None]] = []
                while self._rest and isinstance(text := self._rest[0], Text):
                    run.append((text.words, text.language))
                    self._rest.pop(0)
                self.device.say_parts(run)
                return

    def _drop_queue(self) -> None:
        self._rest.clear()
        self._pause = 0
        self._next.clear()

    def _show(self, utterance: Utterance) -> None:
        for show in self._starts:
            show(utterance)
