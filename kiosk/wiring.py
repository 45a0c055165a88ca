"""The one factory that builds the kiosk: real parts for `kiosk run`, fakes where tests give them.

The CLI and the tests both call `build_app`, so what is tested is what runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from kiosk.audio.microphone import Microphone, SoundDeviceMic
from kiosk.audio.player import Player, PlayerState
from kiosk.content import Content, load_content
from kiosk.content.last_good import with_last_good
from kiosk.core.clock import Clock, SystemClock
from kiosk.core.locale import PackProblem, load_pack
from kiosk.core.problems import Code
from kiosk.core.text_switch import TextSwitch
from kiosk.listening.listener import Listener, Settings
from kiosk.listening.models import FoundModel, load_recognizer, model_for, problem_with
from kiosk.listening.recognizers import Recognizer
from kiosk.messages.limits import MessageLimits
from kiosk.messages.service import MessageService
from kiosk.messages.store import open_sqlite
from kiosk.screens import SCREENS
from kiosk.speech.log import SpeechLog
from kiosk.speech.speaker import Speech, SpeechDefaults
from kiosk.speech.synthesizers import speech_engine_for, synthesizer
from kiosk.staff.pin import StaffLock
from kiosk.sync.checks import cheap_checks
from kiosk.sync.client import HubClient
from kiosk.sync.link import HubLink, LinkProblem
from kiosk.sync.service import SyncService, SyncThread
from kiosk.system.notify import Liveness
from kiosk.ui.app import KioskApp
from kiosk.ui.services import Services
from kiosk.ui.voice import VoiceControl
from kiosk.usage.counting import Usage

log = logging.getLogger(__name__)


def build_app(
    content_dir: Path,
    data_dir: Path,
    *,
    player: Player | None = None,
    speech: Speech | None = None,
    clock: Clock | None = None,
    speech_log: Path | None = None,
    watch_content: bool = False,
    voice: bool | None = None,
    microphone: Microphone | None = None,
    recognizer: Callable[[FoundModel], Recognizer] = load_recognizer,
    liveness: Liveness | None = None,
    text_switch: TextSwitch | None = None,
) -> KioskApp:
    """Build the kiosk from a content folder and a data folder.

    Without `player` and `speech`, the real ones are made, sharing one audio engine.
    Voice commands are on for the real kiosk (`voice=None` with real devices), and in tests
    that ask for them (with the real microphone, or a fake one, and a fake recognizer).
    Without `liveness`, systemd is told the kiosk is up when it asked (NOTIFY_SOCKET).
    `text_switch`: given by `kiosk session`, which can start the kiosk again in large text.
    """
    real_devices = player is None and speech is None
    clock = clock or SystemClock()
    # A data folder that cannot be written must not stop the kiosk: only saving needs it.
    stores = open_sqlite(data_dir, must_open=False)

    def load(root: Path) -> Content:
        # kiosk.toml unreadable, or the folder gone: the last good settings, contacts and all.
        return with_last_good(load_content(root), data_dir, clock.today())

    content = load(content_dir)
    config = content.config
    pack = load_pack(config.language)
    if player is None or speech is None:
        from kiosk.audio.engine import AudioEngine
        from kiosk.audio.output import SoundDeviceOutput
        from kiosk.audio.story import EnginePlayer
        from kiosk.core.loudness import LoudnessCache
        from kiosk.speech.speaker import Speaker

        SoundDeviceOutput.prepare()
        engine = AudioEngine(SoundDeviceOutput())
        defaults = SpeechDefaults(volume=config.speech_volume, rate=config.speech_rate)
        # Each story's loudness is measured once and kept in the data folder (issue 13).
        player = player or EnginePlayer(engine, LoudnessCache.in_folder(data_dir))
        said = SpeechLog(speech_log, clock) if speech_log is not None else None
        speech = speech or Speaker(
            engine,
            pack.voice,
            defaults,
            speech_log=said,
            synthesizer=synthesizer(speech_engine_for(config, pack)),
        )
    usage = Usage(stores.usage, clock)
    messages = MessageService(
        stores.messages,
        clock,
        limits=MessageLimits(clock, config.messages_per_visit, config.messages_per_hour),
        events=usage,
        backups=stores.database,
    )
    services = Services(
        content=content,
        messages=messages,
        player=player,
        speech=speech,
        clock=clock,
        usage=usage,
        staff_lock=StaffLock(stores.staff),
        text_switch=text_switch,
    )
    services.use_pack(pack)
    services.purge_rejected()
    app = KioskApp(
        services,
        SCREENS,
        reload=load if watch_content else None,
        liveness=liveness or Liveness.from_environment(),
    )
    if voice if voice is not None else real_devices:
        app.voice = build_voice(app, data_dir, microphone=microphone, recognizer=recognizer)
    return app


def build_voice(
    app: KioskApp,
    data_dir: Path,
    *,
    microphone: Microphone | None = None,
    recognizer: Callable[[FoundModel], Recognizer] = load_recognizer,
) -> VoiceControl:
    """Voice control for the languages offered; off (with the reason) where it can't be.

    Models are only looked for here, which is quick; the listener loads one in the
    background so the kiosk works by keys at once, and another when the visitor changes
    language (one model in memory at a time: each is hundreds of megabytes).
    """
    services = app.services
    control = VoiceControl(app, services, app.refresh_status, app.is_on)
    control.load = recognizer
    config = services.content.config
    if not config.voice_control:
        return control
    pack = services.pack
    control.language = pack.code
    for code in config.languages:
        try:
            other = load_pack(code)
        except PackProblem:
            continue
        candidate = model_for(config, other, data_dir)
        if candidate is not None and problem_with(candidate) is None:
            control.models[code] = candidate
    found = model_for(config, pack, data_dir)
    problem = problem_with(found) if found is not None else None
    if problem is not None:
        log.warning("voice off: %s", problem)
        control.problem = Code.MODEL
    elif found is None:
        log.info("voice off: no speech model for %s", pack.code)
        control.problem = Code.NO_MODEL
    if pack.code not in control.models:
        if not control.models:
            return control
        # Another language offered has a model: listen with it, for visitors who choose it.
        control.language = next(iter(control.models))
    model = control.models[control.language]
    speech, player = services.speech, services.player

    def gate() -> bool:
        # Any sound of the kiosk's own: speech, tones, or a story playing.
        return speech.speaking or player.state is PlayerState.PLAYING

    control.listener = Listener(
        lambda: recognizer(model),
        microphone or SoundDeviceMic(),
        control.report,
        gate=gate,
        settings=Settings(mode=config.voice_mode),
    )
    return control


def build_sync(data_dir: Path, clock: Clock | None = None) -> SyncThread | None:
    """The background sync with the centre's hub, when the data folder has joined one.

    Not started: `kiosk run` starts it beside the screen and closes it on the way out. It
    never touches the screen: approved messages it brings are in the store, where the
    screens find them the next time they look. None when the kiosk has joined no hub.
    """
    try:
        link = HubLink.load(data_dir)
    except LinkProblem as problem:
        log.warning("hub sync off: %s", problem)
        return None
    if link is None:
        return None
    today = (clock or SystemClock()).today
    stores = open_sqlite(data_dir, must_open=False)
    service = SyncService(
        stores.outbox,
        HubClient(link.url, link.token),
        today=today,
        doctor=lambda: cheap_checks(data_dir),
    )
    log.info("hub sync on: kiosk %d of %s, with %s", link.kiosk, link.centre, link.url)
    return SyncThread(service)
