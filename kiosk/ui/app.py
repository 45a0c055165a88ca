"""The kiosk App: small on purpose. Screens live in kiosk/screens/, one per file.

The App owns what is the same on every screen: the visitor controls (one table in
kiosk/ui/controls.py), "any key cuts speech short", key help mode, the privacy screen, the
status line, and starting over when a visitor walks away. Where to go is the router's
(kiosk/ui/navigation.py); what a screen shows and says is its page (kiosk/ui/pages.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import signal
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import ClassVar

from rich.console import Console, RenderableType
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from kiosk.audio import PlayerState
from kiosk.content import Content as KioskContent
from kiosk.content.watch import ContentWatcher
from kiosk.core.debounce import KeyGate
from kiosk.core.locale import Pack, PackProblem, load_pack
from kiosk.core.text_switch import Carried
from kiosk.listening.commands import TALK_KEY
from kiosk.speech.manager import TICK, SpeechManager
from kiosk.speech.speaker import RATES, VOLUME_STEPS, Speech
from kiosk.speech.types import Piece, Text, Utterance
from kiosk.system.notify import Liveness
from kiosk.ui import keyboard_input, keypad, render_cache
from kiosk.ui.controls import (
    BACK_KEYS,
    CONTROLS,
    HOME_KEYS,
    KEEPS_SPEECH,
    KEYPAD_TALK_KEYS,
    control_for,
    visitor_words,
)
from kiosk.ui.navigation import AnyPlace, Place, Router, ScreenClass
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.session import Echo
from kiosk.ui.theme import PALETTE
from kiosk.ui.voice import VoiceControl
from kiosk.ui.wording import problem_words
from kiosk.usage.counting import Means

log = logging.getLogger(__name__)

WARNING_SECONDS = 20
"""How long before the time-out the "are you still there?" warning comes."""
LONGEST_ANSWER_SECONDS = 600
"""Speech keeps a visit alive this long at most after the last key or tap: the longest
thing the kiosk reads (the help at the slowest speed) takes about three minutes, and a
sound device that hangs mid-sentence must not keep one visitor's screen up for ever."""

_KEY_WORDS = frozenset(
    {"up", "down", "enter", "escape", "backspace", "left", "right", "space", "tab", "home"}
)
"""Keys that key help describes in the pack's own words ("keys.<key>")."""


SHORT_ROWS = 32
"""A screen this many rows high or fewer has rows tall enough for one-row buttons."""


class KioskApp(App[None], inherit_bindings=False):
    """The full-screen kiosk. A visitor cannot quit it: no key binding leads out."""

    CSS_PATH = "kiosk.tcss"
    TITLE = "Mutuality"
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    # Only the visitor controls: no ctrl+q, no ctrl+c. Staff stop the kiosk with a signal.
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(",".join(control.keys), control.action, show=False) for control in CONTROLS),
        # Priority: lists and text boxes have their own Tab and Home; on a kiosk these keys
        # always mean "listen to me" and "back to the start" (voice commands press them).
        Binding(TALK_KEY, "talk", show=False, priority=True),
        Binding("home", "go_home", show=False, priority=True),
        # The keypad's cancel and talk keys are not a priority: in a text box they type.
        Binding(",".join(k for k in HOME_KEYS if k != "home"), "go_home", show=False),
        Binding(",".join(KEYPAD_TALK_KEYS), "keypad_talk", show=False),
    ]

    def __init__(
        self,
        services: Services,
        screens: Mapping[AnyPlace, ScreenClass],
        *,
        reload: Callable[[Path], KioskContent] | None = None,
        liveness: Liveness | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.liveness = liveness or Liveness(None, 0)
        """Tells systemd the first screen is up, then that the screen still answers."""
        self._reload = reload
        """How to read the content folder again when it changes; None: it is not watched."""
        self._watcher: ContentWatcher | None = None
        self._last_activity = self._last_input = services.clock.monotonic()
        """When the visitor was last known to be here; when they last pressed or tapped."""
        self._warning = False
        """True while "are you still there?" is showing."""
        self.router = Router(self, services, screens)
        self._status_shown = ""
        self.voice = VoiceControl(self, services, self.refresh_status, self.is_on)
        """Voice commands; off until `kiosk.wiring.build_app` gives it a listener."""
        self.key_gate = KeyGate(services.clock)
        """Which presses act: one per key however it bounces or is held (row I5)."""
        self.stopped_by_staff = False
        """True once staff asked the kiosk to stop (a signal); any other stop is unexpected."""
        keyboard_input.install()  # no byte or sequence from the keyboard may end the kiosk
        keypad.install()  # the keypad's 8 is 8 with NumLock off too (row I6)
        render_cache.install()  # widgets a visitor has left are freed with their lines

    @property
    def speech(self) -> Speech:
        """The kiosk's voice: its settings, and whether it is speaking."""
        return self.services.speech

    @property
    def speech_manager(self) -> SpeechManager:
        """Everything said goes through it."""
        return self.services.speech_manager

    def say(self, text: str) -> None:
        """Say `text` now, in the visitor's language, cutting off what was being said."""
        self.speech_manager.say(text)

    @property
    def pack(self) -> Pack:
        """The visitor's language."""
        return self.services.pack

    def words(self, key: str, /, **values: object) -> str:
        """Visitor words naming the keys this kiosk has (controls.visitor_words)."""
        return visitor_words(self.pack, self.services.content.config, key, None, **values)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Make the palette available to the stylesheet as $kiosk-... variables."""
        return {**super().get_theme_variable_defaults(), **PALETTE}

    def on_resize(self, event: events.Resize) -> None:
        """On a screen of few rows, buttons to tap are one row high (kiosk.tcss says why)."""
        self.set_class(event.size.height <= SHORT_ROWS, "-short")

    def on_mount(self) -> None:
        """Open Home (it speaks at once: row I8) and watch for the visitor walking away."""
        self.speech_manager.on_start(self._show_said)
        self.carry_over()
        self.router.open(Place.HOME)
        if self._driver is not None:
            # Without the kitty protocol, NumLock off makes the keypad send the cursor keys'
            # codes; in application keypad mode it sends its own, read as digits (row I6).
            self._driver.write(keypad.APPLICATION_KEYPAD)
        self.set_interval(1.0, self.check_walked_away)
        if self.liveness.active:
            # READY=1 once Home is drawn; WATCHDOG=1 from the screen's own loop, so a kiosk
            # whose screen hangs stops saying it and systemd restarts it.
            self.call_after_refresh(self.liveness.ready)
            self.set_interval(self.liveness.watchdog_seconds, self.liveness.alive)
        self.voice.start()
        self.set_interval(TICK, self._tick)
        # The kiosk runs for weeks: old rejected messages go once an hour, not just at start.
        self.set_interval(3600, self.services.purge_rejected)
        if self._reload is not None:
            self._watcher = ContentWatcher(
                self.services.content, self._content_reloaded, self._reload
            )
            self._watcher.start()
        # Staff stop the kiosk with a signal (a service stop sends SIGTERM): leave cleanly,
        # restoring the terminal. There is no key for it.
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGTERM, self.stop_for_staff)
            # SIGHUP: the terminal is gone, so there is no screen to restore, and Textual can
            # hang writing to it. Leave at once; every saved message is already on disk.
            loop.add_signal_handler(signal.SIGHUP, self._terminal_gone)

    def _tick(self) -> None:
        """The app's one fast timer: speech moves on, and voice control follows the screen."""
        self.speech_manager.tick()
        self.voice.follow_screen()

    def _show_said(self, utterance: Utterance) -> None:
        """Everything said is also shown (row V1), as each utterance starts."""
        if threading.get_ident() != self._thread_id:
            self.call_from_thread(self._show_said, utterance)  # said from another thread
            return
        if self.screen_stack and isinstance(self.screen, KioskScreen):
            self.screen.show_said(utterance.on_line)

    def _content_reloaded(self, content: KioskContent) -> None:
        # The watcher's thread: hand over to the screen's thread.
        self.call_from_thread(self.use_content, content)

    def use_content(self, content: KioskContent) -> None:
        """New content for every screen opened from now on; open screens keep theirs.

        A visitor in the middle of a story hears it to the end.
        """
        self.services.content = content

    def on_unmount(self) -> None:
        """Stop watching the content folder."""
        if self._watcher is not None:
            self._watcher.stop()
        self.voice.stop()
        if self._driver is not None:
            self._driver.write(keypad.NUMERIC_KEYPAD)  # leave the terminal as it was

    def switch_text_size(self) -> None:
        """Large text on or off (row I4): `kiosk session` starts the kiosk again at that size.

        The visitor's language and voice settings go with them; the new start says the new
        size on Home.
        """
        switch = self.services.text_switch
        if switch is None:
            return
        speech = self.speech
        carried = Carried(self.pack.code, speech.volume, speech.rate_index)
        self.services.player.stop()
        self.exit(return_code=int(switch.toggled(carried)))

    def carry_over(self) -> None:
        """After a text-size restart a visitor chose: their settings, and no greeting again."""
        switch = self.services.text_switch
        if switch is None or not switch.chosen:
            return
        choices = self.services.choices
        choices.arrived = choices.oriented = True
        carried = switch.carried
        if carried is None:
            return
        with contextlib.suppress(PackProblem):
            if carried.language != self.pack.code:
                self.services.use_pack(load_pack(carried.language))
        self.speech.change_volume(carried.volume - self.speech.volume)
        self.speech.change_rate(carried.rate_index - self.speech.rate_index)

    def stop_for_staff(self) -> None:
        """Leave cleanly, as staff asked (`systemctl stop` sends SIGTERM)."""
        self.stopped_by_staff = True
        self.liveness.stopping()
        self.exit()

    def panic(self, *renderables: RenderableType) -> None:
        """Textual gives up (an error in its own threads): say why in kiosk.log, then stop."""
        console = Console(file=io.StringIO(), width=100, color_system=None)
        for renderable in renderables:
            console.print(renderable)
        log.error("the kiosk stopped unexpectedly:\n%s", console.file.getvalue())  # type: ignore[attr-defined]
        super().panic(*renderables)

    def _terminal_gone(self) -> None:
        log.info("the terminal closed; stopping")
        self.services.player.close()
        self.speech.close()
        logging.shutdown()
        os._exit(0)

    # --- every key --------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Every key: the visitor is here; speech stops; in key help, describe instead."""
        if isinstance(event, events.MouseDown | events.MouseScrollDown | events.MouseScrollUp):
            self.note_activity()  # a tap or a swipe on the touch screen: someone is here
            # Only that: a tap acts as the key it presses (kiosk/ui/widgets/touch.py), and
            # changing the layout under a finger now would move the button from under it.
            self.visitor_arrived()
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.note_activity()  # a held or doubled key is still someone here
            self.visitor_input()
            by_voice = self.voice.spoken(event)
            if not by_voice and not self.key_gate.admits(
                event.key, character=event.character, typing=self._typing
            ):
                return  # a bounce, a held key repeating, two keys at once (row I5)
            spoken = by_voice or event.key == TALK_KEY
            self.services.usage.visitor_acted(Means.VOICE if spoken else Means.KEYS)
            if event.key not in KEEPS_SPEECH:
                self.speech_manager.stop()  # any key cuts speech short (row S4)
            if self.services.choices.describe_keys and not self._leaves_key_help(event.key):
                self.say(self.describe_key(event.key, event.character))
                return  # the key does nothing else (row I3)
            if self._does_nothing(event.key):
                # It cut the speech short: say why nothing else happened (row S1).
                self.say(self.pack.t("keys.nothing"))
                return
        await super().on_event(event)

    def _leaves_key_help(self, key: str) -> bool:
        """Whether `key` works as itself while key help is on (row I3), not described.

        F10, which turns it off; and on a keypad kiosk with voice control, the talk key. A
        keypad has no F10: key help was turned on by saying "key help", and the visitor
        leaves it the same way, so the microphone's own switch must still work.
        """
        config = self.services.content.config
        if key == "f10":
            return True
        return config.keypad and config.voice_control and key in (TALK_KEY, *KEYPAD_TALK_KEYS)

    def _does_nothing(self, key: str) -> bool:
        """True for a key no binding on this screen takes (and not typing into a box)."""
        screen = self.screen if self.screen_stack else None
        if not isinstance(screen, KioskScreen) or screen.typing:
            return False  # "are you still there?" takes any key; a text box takes letters
        return key not in screen.active_bindings

    def visitor_input(self) -> None:
        """A key (or a tap's key): the visit has begun, and the last thing said is old news.

        The line showing it (row V1) is cleared, and what the key or tap makes the kiosk say
        shows there next: a long prompt does not keep the room it took on a small screen.
        """
        self.visitor_arrived()
        if self.screen_stack and isinstance(self.screen, KioskScreen):
            self.screen.clear_said()

    def visitor_arrived(self) -> None:
        """A key or a tap: the visit has begun, and news waiting for quiet is dropped.

        Once a visit, how the kiosk works follows the next screen's words, heard whole: not
        before their first key or tap (the kiosk does not talk to an empty room), and never
        in front of what they asked for, which is said at once (row S4).
        """
        self.speech_manager.visitor_acted()
        choices = self.services.choices
        choices.arrived = True
        if not choices.oriented:
            choices.oriented = True
            self.speech_manager.follow(self._orientation)

    def _orientation(self) -> list[Piece]:
        """How the kiosk works, for a touch screen or keys only, in the visitor's language."""
        touch = self.services.content.config.touch_screen
        how = "orientation.touch" if touch else "orientation.keys"
        # The screen's own words name the keys this kiosk has ("star", not F2, on a keypad).
        screen = self.screen if self.screen_stack else None
        words = screen.t(how) if isinstance(screen, KioskScreen) else self.pack.t(how)
        return [Text(words)]

    @property
    def _typing(self) -> bool:
        """True when keys type into a box on the current screen."""
        return isinstance(self.screen, KioskScreen) and self.screen.typing

    def describe_key(self, key: str, character: str | None) -> str:
        """What `key` does on the current screen, in a sentence."""
        pack = self.pack
        control = control_for(key, voice=self.services.content.config.voice_control)
        if control is not None:
            return pack.t("keys.control", keys=control.said(pack), does=control.does(pack))
        screen = self.screen if isinstance(self.screen, KioskScreen) else None
        described = screen.describe_key(key) if screen is not None else None
        if described is not None:
            return described
        if key in _KEY_WORDS:
            return pack.t(f"keys.{key}")
        if character and character.isprintable() and screen is not None and screen.typing:
            return pack.t("keys.types_letter", key=character)
        if key in BACK_KEYS:
            return pack.t("keys.keypad_back")
        if key in HOME_KEYS:
            return pack.t("keys.keypad_home")
        return pack.t("keys.nothing")

    # --- the visitor controls ----------------------------------------------------------------

    def action_talk(self) -> None:
        """The talk key: listen for one spoken command (or a spoken message)."""
        self.voice.talk()

    def action_keypad_talk(self) -> None:
        """The keypad's "-": the talk key, or quieter on a kiosk without voice control."""
        if self.services.content.config.voice_control:
            self.action_talk()
        else:
            self.action_quieter()

    def action_go_home(self) -> None:
        """Back to the first screen (the draft of a message is dropped, as with Back)."""
        self.router.home()

    def use_language(self, code: str) -> None:
        """Show and say everything in the language `code` from now on, starting from Home.

        Home shows itself again in the new language as it comes back, and says so in the new
        voice; when Home is already showing, it is told directly.
        """
        self.services.use_pack(load_pack(code))
        if self.at_home and isinstance(self.screen, KioskScreen):
            self.screen.refresh_words()
            self.screen.arrived()  # nothing is coming back to Home: say it from here
        else:
            self.router.home()

    def action_help(self) -> None:
        """Open help (unless it is already open)."""
        if not self.router.at(Place.HELP):
            self.router.open(Place.HELP)

    def action_repeat(self) -> None:
        """Say the last thing again (row S3)."""
        self.speech_manager.repeat()

    def action_pause_speech(self) -> None:
        """Pause what is heard in its place, or carry on (row S3): a story, else the voice."""
        screen = self.screen
        if isinstance(screen, KioskScreen) and screen.paused_sound() is not None:
            screen.pause_sound()
            return
        self.speech.toggle_pause()
        self.refresh_status()

    def action_stop_speech(self) -> None:
        """Stop talking (the key press itself already did)."""
        self.speech_manager.stop()

    def _rate_words(self, change: str, before: int) -> None:
        now = self.speech.rate_index
        edge = "speech.slowest" if now == 0 else "speech.fastest" if now == len(RATES) - 1 else ""
        self._step_words("speech.speed", change, before, now, now + 1, len(RATES), edge)

    def _step_words(
        self, key: str, change: str, before: int, now: int, number: int, total: int, edge: str
    ) -> None:
        """Say a step and where it got to: "Louder. Volume 8 of 10." (rows S9, S12)."""
        pack = self.pack
        words = pack.t(
            key,
            change=pack.t(change if now != before else "speech.no_change"),
            number=number,
            total=total,
        )
        self.say(f"{words} {pack.t(edge)}" if edge else words)
        self.refresh_status()

    def action_slower(self) -> None:
        """Speak slower, and say so at the new speed (row S12)."""
        before = self.speech.rate_index
        self.speech.change_rate(-1)
        self._rate_words("speech.slower", before)

    def action_faster(self) -> None:
        """Speak faster, and say so at the new speed."""
        before = self.speech.rate_index
        self.speech.change_rate(1)
        self._rate_words("speech.faster", before)

    def _volume_words(self, change: str, before: int) -> None:
        now = self.speech.volume
        edge = "speech.quietest" if now == 1 else "speech.loudest" if now == VOLUME_STEPS else ""
        self._step_words("speech.volume", change, before, now, now, VOLUME_STEPS, edge)

    def action_quieter(self) -> None:
        """Quieter by a step, confirmed aloud (row S9)."""
        before = self.speech.volume
        self.speech.change_volume(-1)
        self._volume_words("speech.quieter", before)

    def action_louder(self) -> None:
        """Louder by a step, confirmed aloud."""
        before = self.speech.volume
        self.speech.change_volume(1)
        self._volume_words("speech.louder", before)

    def action_toggle_speech(self) -> None:
        """Voice off (after saying so) or on again (row I4)."""
        if self.speech.enabled:
            self.speech_manager.set_enabled(False, self.words("speech.voice_off"))
        else:
            self.speech_manager.set_enabled(True, self.pack.t("speech.voice_on"))
        self.refresh_status()

    def action_describe_keys(self) -> None:
        """Key help on or off (row I3)."""
        choices = self.services.choices
        choices.describe_keys = not choices.describe_keys
        self.say(
            self.words("speech.key_help_on" if choices.describe_keys else "speech.key_help_off")
        )
        self.refresh_status()

    def is_on(self, key: str) -> bool:
        """Whether what `key` turns on and off is on now (F3 pausing, F9 voice, F11 hiding)."""
        control = control_for(key)
        action = control.action if control is not None else ""
        if action == "toggle_speech":
            return self.speech.enabled
        if action == "pause_speech":
            screen = self.screen
            own = screen.paused_sound() if isinstance(screen, KioskScreen) else None
            return self.speech.paused if own is None else own
        if action == "privacy":
            return self.services.choices.privacy
        return False

    def action_privacy(self) -> None:
        """Hide or show the screen; the voice goes on (row V4)."""
        choices = self.services.choices
        choices.privacy = not choices.privacy
        if isinstance(self.screen, KioskScreen):
            self.screen.show_privacy()
        self.say(self.words("speech.privacy_on" if choices.privacy else "speech.privacy_off"))

    def action_letters(self) -> None:
        """Say more of what is typed, or nothing again: quiet, words, letters, quiet."""
        choices = self.services.choices
        choices.typing = choices.typing.next()
        self.say(self.pack.t(f"speech.typing_{choices.typing.value}"))
        self.refresh_status()

    def status_words(self) -> str:
        """The state of every toggle, for the top bar (row I4)."""
        return "  ·  ".join(self.status_parts())

    def status_parts(self) -> list[str]:
        """The top bar's words, piece by piece: shown joined, said one after another (Help)."""
        speech = self.speech
        pack = self.pack
        if speech.problem:
            # The voice state still shows: voice commands may work while speech does not.
            return [problem_words(pack, speech.problem), self.voice.status_words()]
        if not speech.enabled:
            parts = [self.words("status.voice_off")]
        else:
            parts = [pack.t("status.voice_on", volume=speech.volume, speed=speech.rate_index + 1)]
            if speech.paused:
                parts.append(self.words("status.paused"))
        if self.services.choices.typing is not Echo.QUIET:
            parts.append(pack.t(f"status.typing_{self.services.choices.typing.value}"))
        if self.services.choices.describe_keys:
            parts.append(self.words("status.key_help"))
        if self.services.text_switch is not None and self.services.text_switch.large:
            parts.append(pack.t("status.large_text"))
        parts.append(self.voice.status_words())
        return parts

    def refresh_status(self) -> None:
        """Show the toggles' state on the current screen."""
        self._status_shown = self.status_words()
        for status in self.screen.query("#status"):
            if isinstance(status, Static):
                status.update(Content(self._status_shown))

    # --- walking away -----------------------------------------------------------------------

    def note_activity(self) -> None:
        """A key or a tap: restart the idle count."""
        self._last_activity = self._last_input = self.services.clock.monotonic()

    @property
    def idle_seconds(self) -> float:
        """How long since the visitor was last known to be here."""
        return self.services.clock.monotonic() - self._last_activity

    def check_walked_away(self) -> None:
        """Warn before the time-out; at the time-out, start over for the next person."""
        # Also catch up the top bar with anything that changed out of sight (the voice
        # recovering from a problem, the sound device coming back).
        dropped, markers, sequences = keyboard_input.take_dropped()
        if dropped:
            log.warning("dropped %d bytes from the keyboard that were not text", dropped)
        if markers:
            log.warning("took out paste markers from the keyboard: %d", markers)
        if sequences:
            log.warning("dropped key sequences the terminal parser could not read: %d", sequences)
        if self.screen_stack and self._status_shown != self.status_words():
            self.refresh_status()
        now = self.services.clock.monotonic()
        answering = (
            self.speech_manager.answering and now - self._last_input < LONGEST_ANSWER_SECONDS
        )
        if self.services.player.state is PlayerState.PLAYING or answering:
            # Someone listening to a story, the help or a message presses no keys, and is
            # still here (the kiosk's own prompts do not count: see SpeechManager.answering).
            self._last_activity = now
            return
        timeout = self.services.content.config.idle_timeout_seconds
        idle = self.idle_seconds
        if idle >= timeout:
            self.reset_for_next_visitor()
        elif idle >= timeout - WARNING_SECONDS and not self._warning and not self.at_home:
            self._warning = True
            self.router.open(Place.STILL_THERE, round(timeout - idle), then=self._warning_closed)

    def _warning_closed(self, _answer: object) -> None:
        self._warning = False

    @property
    def at_home(self) -> bool:
        """True when Home is showing with nothing above it."""
        return self.router.at(Place.HOME)

    def reset_for_next_visitor(self) -> None:
        """Stop all sound, drop every screen (and any draft), reset every setting, go Home.

        With large text on, the kiosk starts again at the usual size (`kiosk session`).
        """
        self.services.player.stop()
        switch = self.services.text_switch
        back = switch.for_next_visitor() if switch is not None else None
        if back is not None:
            self.exit(return_code=int(back))
            return
        self.speech_manager.reset()
        self.voice.reset()
        # The next visitor starts in the centre's first language, words and voice alike.
        self.services.use_pack(load_pack(self.services.content.config.language))
        self.services.choices.reset()
        self.key_gate.reset()
        self.services.messages.new_visit()
        self.services.usage.new_visit()
        self._warning = False
        self.router.home()
        if isinstance(self.screen, KioskScreen):
            self.screen.show_privacy()  # Home may not be coming back: it is already there
            self.screen.reset()
        self.refresh_status()
        self.note_activity()
