"""The checks behind `kiosk doctor`, in the order staff read them.

The service, sound, speech, the microphone, speech models, content, the data folder, disk
space and the last restart. Every check returns a `Result` (a mark, a `Finding` code and details); the CLI words them.
What the machine is asked (systemctl, free space) goes through a `Host`, so tests can fake
the machine without faking the checks.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pwd
import re
import shutil
import stat
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.audio.microphone import MicLevel, Microphone, SoundDeviceMic
from kiosk.content import Content
from kiosk.core.config import KioskConfig
from kiosk.health.results import Detail, Finding, Mark, Result, StopReason
from kiosk.system import files

log = logging.getLogger(__name__)

SERVICE = files.SERVICE
"""The systemd unit `kiosk install` sets up (cage, foot and the kiosk)."""

LOW_DISK_BYTES = 200 * 1024 * 1024
"""Below this much free space on the data folder's disk, doctor calls it a problem.

Messages are small, but the rest is not: kiosk.log and native.log rotate up to about 4 MB
each, installing a speech model needs room for the archive and the unpacked model side by
side (about 100 MB for the small English one), SQLite needs room for its journal on every
save, and `kiosk backup` writes a whole copy. 200 MB leaves room for all of that at once;
a full disk means a visitor's message cannot be saved.
"""

MIC_SECONDS = 1.0
"""How long the microphone is listened to for its level."""
MIC_START_SECONDS = 3.0
"""Longest wait for the microphone's first sound (a sound server takes about a second)."""
SOUND_SECONDS = 20.0
"""Longest the test sentence may take to be played before the device is called stuck."""
TEST_SENTENCE = "This is the kiosk's sound check."
LOG_TAIL_BYTES = 256 * 1024
"""How much of the end of kiosk.log is read for the last start and stop."""


# --- the machine -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    """What a command printed, and its exit code."""

    code: int
    out: str


def run_command(command: Sequence[str]) -> Ran | None:
    """Run an OS command (a few seconds at most); None when it cannot be run at all."""
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(
            list(command), capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.info("%s could not be run: %s", command[0], error)
        return None
    return Ran(done.returncode, done.stdout)


def _free_bytes(path: Path) -> int:
    found = os.statvfs(path)
    return found.f_bavail * found.f_frsize


@dataclass(frozen=True)
class Host:
    """What doctor asks of the machine; tests pass fakes."""

    run: Callable[[Sequence[str]], Ran | None] = run_command
    free_bytes: Callable[[Path], int] = _free_bytes
    systemd_booted: Callable[[], bool] = lambda: Path("/run/systemd/system").is_dir()
    """sd_booted(3): systemd is the init system here."""


# --- the service and its restarts -----------------------------------------------------------


def check_service(host: Host) -> Result:
    """Whether systemd runs kiosk.service; a note where there is no systemd to ask."""
    if not host.systemd_booted():
        return Result(Mark.NOTE, Finding.NO_SYSTEMD)
    ran = host.run(["systemctl", "is-active", SERVICE])
    if ran is None:
        return Result(Mark.NOTE, Finding.NO_SYSTEMD)
    state = ran.out.strip() or "unknown"
    if state == "active":
        return Result(Mark.OK, Finding.SERVICE_ACTIVE)
    shown = _show(host, "LoadState")
    if shown.get("LoadState") == "not-found":
        return Result(Mark.NOTE, Finding.SERVICE_NOT_INSTALLED)
    return Result(Mark.PROBLEM, Finding.SERVICE_STOPPED, {"state": state})


def _show(host: Host, *properties: str) -> dict[str, str]:
    ran = host.run(["systemctl", "show", SERVICE, "-p", ",".join(properties)])
    if ran is None or ran.code != 0:
        return {}
    pairs = (line.partition("=") for line in ran.out.splitlines())
    return {key: value for key, _, value in pairs if key}


def check_restart(host: Host, service: Result, data: Path) -> Result:
    """When and why the kiosk last started: from systemd when it runs the service, else kiosk.log."""
    if service.finding in (Finding.SERVICE_ACTIVE, Finding.SERVICE_STOPPED):
        shown = _show(host, "ActiveEnterTimestamp", "NRestarts", "Result", "ExecMainStatus")
        if shown.get("ActiveEnterTimestamp"):
            return Result(
                Mark.NOTE,
                Finding.RESTART_SYSTEMD,
                {
                    "since": shown["ActiveEnterTimestamp"],
                    "restarts": int(shown.get("NRestarts") or 0),
                    "result": shown.get("Result", "unknown"),
                    "status": shown.get("ExecMainStatus", "?"),
                },
            )
    return last_start(data / "kiosk.log")


_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:,\d+)? \w+ [\w.]+: (.*)$")
_EXIT = re.compile(r"\(exit code (\d+)\)")


def _stop_reason(message: str) -> StopReason | None:
    if message.startswith("kiosk stopped unexpectedly") or message.startswith(
        "the kiosk stopped unexpectedly"
    ):
        return StopReason.UNEXPECTED
    if message == "kiosk stopped":
        return StopReason.STAFF
    if message.startswith("the terminal closed"):
        return StopReason.TERMINAL
    return None


def last_start(log_file: Path) -> Result:
    """The last `kiosk starting` in kiosk.log, why the run before it ended, and any stop since."""
    try:
        with log_file.open("rb") as read:
            read.seek(max(0, log_file.stat().st_size - LOG_TAIL_BYTES))
            tail = read.read().decode("utf-8", errors="replace")
    except OSError:
        return Result(Mark.NOTE, Finding.RESTART_UNKNOWN, {"log": str(log_file)})
    since: str | None = None
    why = StopReason.FIRST
    exit_code = 0
    stopped: tuple[str, StopReason, int] | None = None  # the last stop since the last start
    for line in tail.splitlines():
        matched = _LINE.match(line)
        if matched is None:
            continue
        when, message = matched.groups()
        if message.startswith("kiosk starting"):
            if since is not None:
                why, exit_code = (stopped[1], stopped[2]) if stopped else (StopReason.UNLOGGED, 0)
            since, stopped = when, None
            continue
        reason = _stop_reason(message)
        if reason is not None and since is not None:
            code = _EXIT.search(message)
            # An unexpected stop is logged twice (the panic, then the exit code): keep the code.
            keep = stopped is not None and stopped[1] == reason and not code
            if not keep:
                stopped = (when, reason, int(code.group(1)) if code else 0)
    if since is None:
        return Result(Mark.NOTE, Finding.RESTART_UNKNOWN, {"log": str(log_file)})
    details: dict[str, Detail] = {"since": since, "why": why.value, "exit_code": exit_code}
    if stopped is not None:
        details |= {"stopped": stopped[0], "stopped_why": stopped[1].value}
    return Result(Mark.NOTE, Finding.RESTART_LOG, details)


# --- sound, speech and the microphone -------------------------------------------------------


def check_sound(config: KioskConfig) -> Result:
    """Play the test sentence through the real speaker path, with the kiosk's speech engine."""
    from kiosk.audio.engine import AudioEngine
    from kiosk.audio.output import SoundDeviceOutput
    from kiosk.core.locale import load_pack
    from kiosk.speech.speaker import Speaker, SpeechDefaults
    from kiosk.speech.synthesizers import speech_engine_for, synthesizer

    engine = AudioEngine(SoundDeviceOutput())
    speaker = Speaker(
        engine,
        "en",
        SpeechDefaults(config.speech_volume, config.speech_rate),
        synthesizer=synthesizer(speech_engine_for(config, load_pack(config.language))),
    )
    started = time.monotonic()
    try:
        speaker.say(TEST_SENTENCE)
        while speaker.speaking and not engine.problem:
            if time.monotonic() - started > SOUND_SECONDS:
                return Result(Mark.PROBLEM, Finding.SOUND_STUCK, {"seconds": SOUND_SECONDS})
            time.sleep(0.05)
        if engine.problem:
            return Result(Mark.PROBLEM, Finding.NO_SOUND, {"reason": engine.problem})
        return Result(
            Mark.OK, Finding.SOUND_PLAYED, {"seconds": round(time.monotonic() - started, 1)}
        )
    finally:
        speaker.close()
        engine.close()


def check_speech(languages: Sequence[str]) -> Result:
    """espeak-ng makes words in each language (without any sound device)."""
    from kiosk.core.locale import PackProblem, load_pack
    from kiosk.speech.synthesis import EspeakSynthesizer, SpeechUnavailable

    try:
        synthesizer = EspeakSynthesizer()
        names = []
        missing = []
        for code in languages:
            try:
                pack = load_pack(code)
            except PackProblem:
                continue  # said by the model check
            if synthesizer.voice_for(code) is None:
                missing.append(pack.name)
            made = synthesizer.synthesize(pack.name, code, 175)
            if made is None or not len(made):
                raise SpeechUnavailable("espeak-ng made no sound")
            names.append(pack.name)
    except SpeechUnavailable as error:
        return Result(Mark.PROBLEM, Finding.NO_SPEECH, {"reason": str(error)})
    if missing:
        return Result(Mark.NOTE, Finding.NO_VOICE_FOR, {"languages": ", ".join(missing)})
    return Result(Mark.OK, Finding.SPEECH_MADE, {"languages": ", ".join(names)})


class _Counting:
    """A microphone that counts the blocks it delivers (an open stream may send none)."""

    def __init__(self, microphone: Microphone) -> None:
        self._mic = microphone
        self.blocks = 0

    def start(self, deliver: Callable[[bytes], None], lost: Callable[[], None]) -> None:
        def counted(block: bytes) -> None:
            self.blocks += 1
            deliver(block)

        self._mic.start(counted, lost)

    def stop(self) -> None:
        self._mic.stop()


def check_microphone(config: KioskConfig, microphone: Microphone | None = None) -> Result:
    """Listen for MIC_SECONDS and report the loudest level heard, or why there is none."""
    counting = _Counting(microphone or SoundDeviceMic())
    meter = MicLevel(counting)
    meter.start()
    loudest = 0.0
    problem = meter.problem
    if problem is None:
        # A sound server can take a second to start a new stream: listen from its first block.
        deadline = time.monotonic() + MIC_START_SECONDS
        while time.monotonic() < deadline and meter.problem is None and not counting.blocks:
            time.sleep(0.02)
        deadline = time.monotonic() + MIC_SECONDS
        while time.monotonic() < deadline and meter.problem is None and counting.blocks:
            time.sleep(0.02)
            loudest = max(loudest, meter.level)
        problem = meter.problem  # before stopping: a stream says it is lost when it stops
        meter.stop()
    if problem is not None:
        mark = Mark.PROBLEM if config.voice_control else Mark.NOTE
        return Result(mark, Finding.NO_MICROPHONE, {"voice": config.voice_control})
    if not counting.blocks:
        return Result(Mark.PROBLEM, Finding.MIC_NO_SOUND, {"seconds": MIC_START_SECONDS})
    if loudest == 0:
        return Result(Mark.NOTE, Finding.MIC_SILENT, {"seconds": MIC_SECONDS})
    return Result(Mark.OK, Finding.MIC_LEVEL, {"percent": max(1, round(loudest * 100))})


# --- speech models --------------------------------------------------------------------------


def check_models(config: KioskConfig, data: Path) -> Iterator[Result]:
    """Each offered language's model, really loaded by its engine (in a child process)."""
    from kiosk.core.locale import PackProblem, load_pack
    from kiosk.listening.models import model_for, problem_with

    if not config.voice_control:
        yield Result(Mark.NOTE, Finding.VOICE_OFF)
        return
    for code in config.languages:
        try:
            pack = load_pack(code)
        except PackProblem as problem:
            yield Result(Mark.PROBLEM, Finding.NO_PACK, {"code": code, "reason": str(problem)})
            continue
        named = {"language": pack.name, "code": code}
        found = model_for(config, pack, data)
        if found is None:
            yield Result(Mark.NOTE, Finding.NO_MODEL, named)
            continue
        broken = problem_with(found, load=True)
        if broken is not None:
            yield Result(Mark.PROBLEM, Finding.MODEL_BROKEN, named | {"reason": broken})
            continue
        yield Result(
            Mark.OK,
            Finding.MODEL_READY,
            named | {"source": found.source, "path": str(found.path)},
        )


# --- content, the data folder and the disk -------------------------------------------------


def load(folder: Path, data: Path) -> Content:
    """The content as `kiosk check` sees it: the last good settings where kiosk.toml fails."""
    from kiosk.content import load_content
    from kiosk.content.last_good import with_last_good

    return with_last_good(load_content(folder), data, dt.date.today(), keep=False)


def check_content(content: Content) -> Result:
    """The same checks as `kiosk check`, counted by its rule: notes are not problems."""
    counts: dict[str, Detail] = {
        "stories": len(content.stories),
        "groups": len(content.groups),
        "folder": str(content.root),
        "notes": len(content.notes),
    }
    if content.faults:
        return Result(
            Mark.PROBLEM, Finding.CONTENT_PROBLEMS, counts | {"problems": len(content.faults)}
        )
    if content.notes:
        return Result(Mark.NOTE, Finding.CONTENT_NOTES, counts)
    return Result(Mark.OK, Finding.CONTENT_WELL, counts)


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def check_private(data: Path) -> Result:
    """The data folder is 0700 and its files 0600, and it belongs to whoever runs this."""
    folder = {"folder": str(data)}
    try:
        info = data.stat()
    except FileNotFoundError:
        return Result(Mark.NOTE, Finding.DATA_NOT_MADE, folder)
    except OSError as error:
        return Result(
            Mark.PROBLEM, Finding.DATA_UNREADABLE, folder | {"reason": error.strerror or str(error)}
        )
    owner, user = _owner(info.st_uid), _owner(os.getuid())
    if info.st_uid != os.getuid() and os.getuid() != 0:
        return Result(Mark.PROBLEM, Finding.DATA_NOT_OWNED, folder | {"owner": owner, "user": user})
    open_names = [data.name + "/"] if stat.S_IMODE(info.st_mode) & 0o077 else []
    try:
        entries = sorted(data.iterdir())
    except OSError as error:
        return Result(
            Mark.PROBLEM, Finding.DATA_UNREADABLE, folder | {"reason": error.strerror or str(error)}
        )
    for entry in entries:
        # Files directly in it hold messages, the PIN's hash and logs; models/ holds none.
        if entry.is_file() and not entry.is_symlink() and entry.stat().st_mode & 0o077:
            open_names.append(entry.name)
    if open_names:
        return Result(Mark.PROBLEM, Finding.DATA_OPEN, folder | {"open": ", ".join(open_names)})
    return Result(Mark.OK, Finding.DATA_PRIVATE, folder | {"owner": owner})


def check_disk(host: Host, data: Path) -> Result:
    """Free space on the data folder's disk (or, before it is made, its parent's)."""
    where = data
    while not where.exists() and where != where.parent:
        where = where.parent
    free = host.free_bytes(where)
    free_mb = free // (1024 * 1024)
    if free < LOW_DISK_BYTES:
        return Result(
            Mark.PROBLEM,
            Finding.DISK_LOW,
            {"free_mb": free_mb, "needed_mb": LOW_DISK_BYTES // (1024 * 1024)},
        )
    return Result(Mark.OK, Finding.DISK_ENOUGH, {"free_mb": free_mb})


# --- all of them ---------------------------------------------------------------------------


def run_all(content: Path, data: Path, host: Host | None = None) -> Iterator[Result]:
    """Every check in the order staff read them, each as soon as it is done."""
    host = host or Host()
    loaded = load(content, data)
    config = loaded.config
    service = check_service(host)
    yield service
    # Speech is checked first, shown second: both use pyttsx3's one espeak engine, and the
    # sound check's voice thread must not be sharing it with this thread.
    speech = check_speech(config.languages)
    yield check_sound(config)
    yield speech
    yield check_microphone(config)
    yield from check_models(config, data)
    yield check_content(loaded)
    yield check_private(data)
    yield check_disk(host, data)
    yield check_restart(host, service, data)
