"""Voice control in the app: what each screen listens for, and acting on what was heard.

The listener (kiosk/listening/listener.py) runs in its own thread and knows nothing of screens.
This side builds the grammar for the screen shown, and turns a command into the key press
that does the same thing (`App.simulate_key`), so a spoken command can never do anything a
key would not (accessibility row I2).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App

from kiosk.audio.player import PlayerState
from kiosk.core.config import VoiceMode
from kiosk.core.problems import Code
from kiosk.listening.commands import TURN, command
from kiosk.listening.grammar import (
    Grammar,
    Option,
    build_grammar,
    normalise,
    number_words,
    say_as,
)
from kiosk.listening.listener import (
    Dictated,
    Listener,
    NothingSaid,
    NotUnderstood,
    State,
    StateChanged,
    Understood,
    VoiceEvent,
)
from kiosk.listening.models import FoundModel, load_recognizer
from kiosk.listening.recognizers import Recognizer
from kiosk.speech.manager import SpeechManager
from kiosk.speech.types import Priority, Text, Utterance
from kiosk.ui.controls import visitor_words
from kiosk.ui.services import Services
from kiosk.ui.shell import Listens
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.wording import problem_words

log = logging.getLogger(__name__)

CONFIRM_TICKS = 3
"""Ticks of the speech manager after a voice choice before its words are said alone
(nothing it opened spoke)."""


@dataclass
class Acted:
    """The last command acted on, for tests and the benchmark."""

    key: str
    speech_ended: float
    acted: float


class VoiceControl:
    """Connects one listener to the app."""

    def __init__(
        self,
        app: App[Any],
        services: Services,
        status_changed: Callable[[], None],
        is_on: Callable[[str], bool],
    ) -> None:
        self.app = app
        self.services = services
        self._status_changed = status_changed
        self._is_on = is_on
        """Whether what a key flips (F9: the voice) is on now, for "voice on" and the like."""
        self.listener: Listener | None = None
        self.language = ""
        """The language of the model listened with."""
        self.models: dict[str, FoundModel] = {}
        """A usable model for each language offered that has one."""
        self.load: Callable[[FoundModel], Recognizer] = load_recognizer
        self.elsewhere = False
        """True when the visitor's language has no model (voice is off until it changes)."""
        self.state = State.OFF
        self.problem: Code | None = None
        """Why voice is off; None when it is on (or starting)."""
        self._signature: tuple[Any, ...] = ()
        self._announced: str | None = None
        self.acted: list[Acted] = []
        self.heard_nothing = 0
        self._spoken: deque[events.Key] = deque(maxlen=8)
        """Keys pressed for spoken commands, not yet seen by the app."""

    @property
    def speech(self) -> SpeechManager:
        """Where everything voice control says goes."""
        return self.services.speech_manager

    # --- starting -----------------------------------------------------------------------

    def start(self) -> None:
        """Start listening (the model loads in the background).

        The app calls `follow_screen` on its timer from then on.
        """
        if self.listener is not None:
            self.listener.start()
        elif self.problem:
            self._announce_off()

    def stop(self) -> None:
        """Stop listening."""
        if self.listener is not None:
            self.listener.stop()

    @property
    def available(self) -> bool:
        """True when this kiosk listens for voice commands in the visitor's language.

        A listener is not enough: with English and Korean offered and a model for Korean
        only, an English visitor has no voice commands (the top bar says so too).
        """
        return self.listener is not None and self.services.pack.code in self.models

    @property
    def hands_free(self) -> bool:
        """Whether the kiosk listens without the talk key."""
        return self.listener is not None and self.listener.settings.mode is VoiceMode.HANDS_FREE

    # --- what can be said here ------------------------------------------------------------

    def reset(self) -> None:
        """The next visitor: stop any listening window."""
        if self.listener is not None:
            self.listener.close_window()

    def follow_screen(self) -> None:
        """Give the listener the grammar for the screen shown, when it has changed.

        Checked on a short timer rather than hooked into every screen: any screen, now or
        later, gets voice commands for its numbered list without doing anything.
        """
        if self.listener is None or not self.app.screen_stack:
            return  # no listener, or the app is closing: its timer can tick once more
        screen = self.app.screen
        menus = screen.query(NumberedMenu)
        menu = menus.first() if menus else None
        items = tuple(menu.page_items()) if menu is not None else ()
        pages = menu.pages if menu is not None else 1
        pack = self.services.pack
        signature = (id(screen), pack.code, tuple(i.label for i in items), pages)
        if signature == self._signature:
            return
        self._signature = signature
        if pack.code != self.language:
            # A model understands one language: switch to the visitor's, if there is one.
            path = self.models.get(pack.code)
            self.elsewhere = path is None
            if path is None:
                self.listener.set_grammar(Grammar())
                self.problem = Code.NO_MODEL
                self._status_changed()
                self._announce_off()  # said once, in the visitor's language (row S10)
                return
            self.language = pack.code
            load = self.load
            self.listener.reload(lambda: load(path))
            return
        if self.elsewhere:
            if self.state is State.READY:
                self._news(self._ready_words())  # back in a language it can hear
            self.elsewhere = False
            self.problem = None
            self._status_changed()
        self.listener.dictate(isinstance(screen, Listens) and screen.DICTATION)
        # What a label is said as ("언어" for "언어 / Language") chooses it too.
        options = [
            Option(str(n), item.label, item.value, (*item.aliases, *filter(None, [item.said])))
            for n, item in enumerate(items, 1)
        ]
        recognizer = self.listener.recognizer
        known = recognizer.known if recognizer is not None else (lambda _w: True)
        self.listener.set_grammar(build_grammar(pack, options, more=pages > 1, known=known))
        if menu is not None:
            # A label with a word the model does not know cannot be said: show (and say) the
            # name it can be chosen by instead, so every choice on screen can be spoken.
            names = {
                i: say_as(option, known, number_words(pack, option.key))
                for i, option in enumerate(options)
            }
            menu.set_say_as(
                {i: self.t("voice.say_as", name=name) for i, name in names.items() if name}
            )

    @property
    def grammar(self) -> Grammar:
        """What can be said on the screen shown."""
        return self.listener.grammar if self.listener is not None else Grammar()

    # --- the talk key -------------------------------------------------------------------

    def talk(self) -> None:
        """The talk key: a tone, then a short window for one command."""
        if self.listener is None or self.state is State.OFF or self.elsewhere:
            self._announce_off(again=True)
            return
        if self.state is State.LOADING:
            self.speech.say(self.t("voice.loading"))
            return
        # News waiting for quiet is dropped by the key itself: it would drown out their words.
        if self.services.player.state is PlayerState.PLAYING:
            self.services.player.pause()  # the microphone would hear the story
        self.speech.tone(True)
        self.listener.open_window()

    # --- what the listener reports, on the app's thread --------------------------------------

    def report(self, event: VoiceEvent) -> None:
        """From the listener's thread: hand the event to the app's thread."""
        with contextlib.suppress(RuntimeError):  # the app has already stopped
            self.app.call_from_thread(self.handle, event)

    def handle(self, event: VoiceEvent) -> None:
        """Act on one event from the listener."""
        if not self.app.screen_stack:
            return  # the app is closing: nothing left to act on
        if isinstance(event, StateChanged):
            self._state_changed(event)
        elif isinstance(event, Understood):
            self.acted.append(Acted(event.key, event.speech_ended, time.monotonic()))
            log.info("voice command: %s", event.key)  # the key only: never what was said
            # The visitor acted, even where the command presses no key ("voice on" when on).
            self.speech.visitor_acted()
            self._confirm(event.key)
            self.press(event.key)
        elif isinstance(event, NotUnderstood):
            # How sure, and whether it was a phrase of this screen; never the words said.
            confidences = " ".join(f"{conf:.2f}" for _, conf in event.heard.words)
            phrase = normalise(event.heard.text) in self.grammar.phrases
            log.info(
                "voice: not understood (confidence %s; a phrase here: %s)", confidences, phrase
            )
            # Hands-free, the room's own talk can set this off: it shows nobody is there.
            self.speech.say(self.not_caught(), asked=not self.hands_free)
        elif isinstance(event, NothingSaid):
            self.heard_nothing += 1
            self.speech.tone(False)
        elif isinstance(event, Dictated):
            screen = self.app.screen
            if isinstance(screen, Listens) and screen.DICTATION:
                screen.dictated(event.text)

    def _confirm(self, key: str) -> None:
        """A choice by voice is said back as it opens: "Number 2: Leave a message"."""
        if not key.isdigit() or not self.app.screen_stack:
            return
        menus = self.app.screen.query(NumberedMenu)
        items = menus.first().page_items() if menus else []
        if 1 <= int(key) <= len(items):
            # First of what it opens, so a choice misheard is caught at once (Back undoes
            # it); on its own if what it opened says nothing.
            words = self.t("voice.understood", number=key, label=items[int(key) - 1].name)
            self.speech.lead([Text(words)], alone_after=CONFIRM_TICKS)

    def press(self, key: str) -> None:
        """Press `key` for a spoken command, as `App.simulate_key` does, remembering it was spoken.

        The key press is the command: a spoken command and its key cannot behave differently
        (row I2); only the usage count tells them apart (`spoken`). A command that names a
        state ("turn:voice_on") presses its key only when that is not the state already.
        """
        if key.startswith(TURN):
            asked = command(key.removeprefix(TURN))
            if self._is_on(asked.key) == asked.turns:
                if not self.services.speech.paused:
                    # Paused speech says nothing more: any words would start a new
                    # utterance and lose the place that "carry on" goes back to.
                    self.speech.say(self.t(f"voice.already.{asked.name}"))
                return
            key = asked.key
        press = events.Key(key, None)
        self._spoken.append(press)
        self.app.post_message(press)

    def spoken(self, event: events.Key) -> bool:
        """True (once) when `event` is a key this voice control pressed for a command."""
        for index, press in enumerate(self._spoken):
            if press is event:
                del self._spoken[index]
                return True
        return False

    def not_caught(self) -> str:
        """'Sorry, I didn't catch that', with a few things that can be said here."""
        phrases = self.grammar.sayable(3)
        if not phrases:
            return self.t("voice.not_caught_keys")
        return self.t("voice.not_caught", examples=", ".join(f"“{p}”" for p in phrases))

    def _state_changed(self, event: StateChanged) -> None:
        was, self.state = self.state, event.state
        self._status_changed()
        if event.state is State.OFF:
            self.problem = event.problem or Code.MODEL
            self._announce_off()
        elif event.state is State.THINKING and self._dictating_here:
            # A spoken message can take seconds to write down: say so, and what is coming.
            self.speech.say(self.t("voice.writing_down"))
        elif event.state is State.READY and was in (State.LOADING, State.OFF):
            self._signature = ()
            self.follow_screen()
            if self.elsewhere:
                self._announce_off()  # loaded for another language than the one shown
                return
            self.problem = None
            words = self._ready_words()
            if self._announced != words:
                self._announced = words
                self._news(words)

    @property
    def _dictating_here(self) -> bool:
        screen = self.app.screen
        return isinstance(screen, Listens) and screen.DICTATION

    def _ready_words(self) -> str:
        key = "voice.ready_hands_free" if self.hands_free else "voice.ready"
        return visitor_words(self.services.pack, self.services.content.config, key)

    def _announce_off(self, *, again: bool = False) -> None:
        """Say once (or again, when asked) that voice is off, and why."""
        reason = problem_words(self.services.pack, self.problem or Code.MODEL)
        words = self.t("voice.off", reason=reason)
        if again:
            self.speech.say(words)
        elif self._announced != words:
            self._announced = words
            self._news(words)

    def _news(self, words: str) -> None:
        """The kiosk's own news: said in a quiet moment, never over a screen's words."""
        self.speech.speak(Utterance((Text(words),), Priority.WHEN_QUIET, asked=False))

    def status_words(self) -> str:
        """The listening state for the top bar."""
        return self.t(f"voice.state.{'off' if self.elsewhere else self.state.value}")

    def t(self, key: str, **values: Any) -> str:
        """Words from the visitor's language pack."""
        return self.services.pack.t(key, **values)
