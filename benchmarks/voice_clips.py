"""A broad, seeded set of spoken clips for the voice benchmark (issue 15), made offline.

Every phrase a visitor might say on three screens (Home, a list of seven stories, and a
yes/no question), in many espeak-ng voices, speeds and pitches, each heard in one of five
rooms: clean, busy (other voices talking behind), reverberant, through a cheap telephone-
band microphone, and from a distance. Then things that are not commands: ordinary
sentences, hesitations, coughs, room chatter alone, and the kiosk's own prompts.

The voices are split in two: clips in the development half are for tuning, clips in the
held-out half (other voices entirely) are for reporting.

    .venv/bin/python -m benchmarks.voice_clips DIR [--seed N] [--language ko|en]

Korean by default (the Vosk model); `--language en` makes the English set (issue 32: the
same rooms, coughs and split, English voices, words and sentences, the kiosk's English
prompts), which benchmarks/voice.py --clips hears with the English engine.

Writes DIR/*.wav (16 kHz mono, 16-bit) and DIR/manifest.csv with the columns the
benchmark needs (file, screen, expect) and more to break the figures down by (half,
condition, kind, text). `expect` is the key the clip should press, empty for a clip that
is not a command. Made again only when the seed or this recipe changes.
"""

from __future__ import annotations

import csv
import hashlib
import random
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

RATE = 16000
RECIPE = "5"
"""Bump when the recipe changes, so a folder made by an older one is made again."""

SCREENS = ("home", "list7", "question")
DEV_VOICES = ("ko", "ko+f2", "ko+m3", "ko+Andy", "ko+Linda", "ko+klatt2", "ko+m6", "ko+f5")
HELD_VOICES = ("ko+f1", "ko+m2", "ko+f4", "ko+Michael", "ko+Annie", "ko+klatt3", "ko+m7", "ko+f3")
CONDITIONS = ("clean", "busy", "reverb", "phone", "far")
RENDERINGS = 4
"""Clips made of each command phrase on each screen (each in another voice and room)."""

# How visitors say numbers: the bare word, and "number one" (일 번) as people read a list.
NUMBER_WORDS = ("하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉")
SINO_NUMBERS = ("일 번", "이 번", "삼 번", "사 번", "오 번", "육 번", "칠 번", "팔 번", "구 번")
# Two and three as the kiosk shows them beside a title that cannot be said (recipe 5).
ORDINALS = (("두 번째", "2"), ("세 번째", "3"))

# What a visitor says for each command, by the key (or state) it should give.
CONTROLS = {
    "f1": ("도움말",),
    "f2": ("다시",),
    "turn:pause": ("잠깐", "멈춤"),
    "turn:carry_on": ("계속",),
    "f4": ("그만",),
    "f5": ("천천히",),
    "f6": ("빨리",),
    "f7": ("작게",),
    "f8": ("크게",),
    "turn:voice_off": ("음성 끄기",),
    "turn:voice_on": ("음성 켜기",),
    "f10": ("키 도움말",),
    "turn:hide": ("화면 숨기기",),
    "turn:show": ("화면 보이기",),
    "f12": ("글자",),
    "right": ("앞으로",),
    "left": ("되감기",),
    "pageup": ("이전 페이지",),
    "escape": ("뒤로", "돌아가"),
    "home": ("처음으로", "첫 화면"),
    "down": ("다음", "아래로"),
    "up": ("이전",),
    "end": ("마지막",),
    "enter": ("선택",),
}

# Home's choices as the screen shows them, then the shorter name each can be said by.
HOME = (
    ("1", "이야기 듣기", "이야기 듣기"),
    ("2", "메시지 남기기", "메시지 남기기"),
    ("3", "다른 방문자의 메시지 듣기", "메시지 들어 보기"),
    ("4", "모임 찾기", "모임 찾기"),
    ("5", "도움말", "도움말"),
)
# "Leave without sending?": 1 keeps writing (holds back), 2 leaves (goes ahead).
QUESTION = (("1", "계속 쓰기"), ("2", "보내지 않고 나가기"))
QUESTION_YES_NO = {"2": ("네", "예"), "1": ("아니요",)}
OPTIONS = {"home": len(HOME), "list7": 7, "question": len(QUESTION)}

# Ways people really say a command: a polite ending, or a hesitation before it.
NATURAL = (
    ("home", "2", "둘이요"),
    ("home", "1", "이야기 듣기요"),
    ("home", "4", "모임 찾기요"),
    ("home", "down", "음 다음"),
    ("list7", "3", "셋이요"),
    ("list7", "2", "음 둘"),
    ("list7", "escape", "뒤로요"),
    ("list7", "down", "다음이요"),
    ("question", "2", "네 나갈게요"),
    ("question", "1", "아니요 계속 쓸게요"),
)

SENTENCES = (
    "안녕하세요",
    "오늘 날씨가 좋네요",
    "감사합니다",
    "저는 괜찮아요",
    "화장실이 어디예요",
    "커피 한 잔 주세요",
    "배고파요",
    "모르겠어요",
    "일곱 살 때 이사를 왔어요",
    "글쎄요",
    "네 명이서 같이 왔어요",
    "하나도 모르겠어요",
    "다음 주에 또 올게요",
    "여기 앉아도 돼요",
    "친구를 기다리고 있어요",
    "버스가 언제 와요",
    "이거 어떻게 하는 거예요",
    "선생님 어디 계세요",
    "오늘은 좀 피곤해요",
    "집에 가고 싶어요",
    "물 좀 마실게요",
    "이따가 다시 올게요",
)
HESITATIONS = ("음", "어", "음 그러니까", "저기요", "그", "아")
PROMPTS = (
    "어서 오세요. 번호를 눌러 고르세요. 도움이 필요하면 언제든 F1을 누르세요.",
    "하나, 이야기 듣기. 둘, 메시지 남기기.",
    "넷, 모임 찾기. 다섯, 도움말.",
    "뒤로 가려면 Esc를 누르세요. 다시 들으려면 F2를 누르세요.",
    "보내지 않고 나갈까요? 메시지를 아직 보내지 않았어요.",
    "쓰실 언어의 번호를 누르세요.",
    "메시지를 보낼까요?",
    "죄송해요, 잘 못 들었어요.",
    "다음 이야기를 들으려면 아래 화살표를 누르세요.",
    "1번을 누르면 멈추거나 다시 재생해요.",
)


@dataclass(frozen=True)
class Words:
    """What is said in one language's set, and by which voices."""

    dev_voices: tuple[str, ...]
    held_voices: tuple[str, ...]
    kiosk_voice: str
    numbers: tuple[tuple[str, ...], ...]
    """The ways each number 1 to 9 is said."""
    ordinals: tuple[tuple[str, str], ...]
    controls: dict[str, tuple[str, ...]]
    home: tuple[tuple[str, str, str], ...]
    question: tuple[tuple[str, str], ...]
    yes_no: dict[str, tuple[str, ...]]
    natural: tuple[tuple[str, str, str], ...]
    sentences: tuple[str, ...]
    hesitations: tuple[str, ...]
    prompts: tuple[str, ...]


KOREAN = Words(
    DEV_VOICES,
    HELD_VOICES,
    "ko",
    tuple(zip(NUMBER_WORDS, SINO_NUMBERS, strict=True)),
    ORDINALS,
    CONTROLS,
    HOME,
    QUESTION,
    QUESTION_YES_NO,
    NATURAL,
    SENTENCES,
    HESITATIONS,
    PROMPTS,
)

# English (issue 32): what a visitor says, written without looking at which words the model
# hears best (the pack's words were chosen with the kiosk's own voice, not these voices).
ENGLISH = Words(
    dev_voices=("en", "en+f2", "en+m3", "en+Andy", "en-us", "en+klatt2", "en+m6", "en+f5"),
    held_voices=(
        "en+f1",
        "en+m2",
        "en+f4",
        "en+Michael",
        "en+Annie",
        "en+klatt3",
        "en-us+m7",
        "en+f3",
    ),
    kiosk_voice="en",
    numbers=tuple(
        (word, f"number {word}")
        for word in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    ),
    ordinals=(),
    controls={
        "f1": ("help",),
        "f2": ("repeat", "say again"),
        "turn:pause": ("pause", "wait"),
        "turn:carry_on": ("carry on", "play"),
        "f4": ("stop",),
        "f5": ("slower", "slow down"),
        "f6": ("faster",),
        "f7": ("quieter", "softer"),
        "f8": ("louder",),
        "turn:voice_off": ("voice off",),
        "turn:voice_on": ("voice on",),
        "f10": ("key help",),
        "turn:hide": ("hide screen",),
        "turn:show": ("show screen",),
        "f12": ("letters",),
        "right": ("forward", "skip ahead"),
        "left": ("rewind",),
        "pageup": ("previous page",),
        "escape": ("back", "go back"),
        "home": ("home", "go home"),
        "down": ("next",),
        "up": ("previous",),
        "end": ("last",),
        "enter": ("select",),
    },
    home=(
        ("1", "Hear a story", "stories"),
        ("2", "Leave a message", "Leave a message"),
        ("3", "Hear a message from another visitor", "listen to a message"),
        ("4", "Find a group", "Find a group"),
        ("5", "Help", "Help"),
    ),
    question=(("1", "Keep writing"), ("2", "Leave without sending")),
    yes_no={"2": ("yes",), "1": ("no",)},
    natural=(
        ("home", "2", "number two please"),
        ("home", "1", "stories please"),
        ("home", "4", "um, find a group"),
        ("home", "down", "next one"),
        ("list7", "3", "number three please"),
        ("list7", "2", "um, two"),
        ("list7", "escape", "go back please"),
        ("list7", "down", "next please"),
        ("question", "2", "yes, leave"),
        ("question", "1", "no, keep writing"),
    ),
    sentences=(
        "Hello there",
        "The weather is nice today",
        "Thank you very much",
        "I am fine, thanks",
        "Where is the toilet",
        "Can I have a cup of coffee",
        "I am hungry",
        "I don't know",
        "We moved here when I was seven",
        "Well, let me think",
        "Four of us came together",
        "I have no idea how this works",
        "I will come back next week",
        "Can I sit here",
        "I am waiting for a friend",
        "When does the bus come",
        "How does this thing work",
        "Where is the manager",
        "I am a bit tired today",
        "I want to go home now",
        "I will have some water",
        "See you later",
    ),
    hesitations=("um", "er", "hmm, let me see", "excuse me", "so", "ah"),
    prompts=(
        "Welcome. Press a number to choose. Press F1 for help at any time.",
        "1, Hear a story. 2, Leave a message.",
        "4, Find a group. 5, Help.",
        "To go back, press Escape. To hear this again, press F2.",
        "Leave without sending? Your message has not been sent.",
        "Press the number of your language.",
        "Send your message?",
        "Sorry, I didn't catch that.",
        "To hear the next story, press the down arrow.",
        "Press 1 to pause or play again.",
    ),
)
LANGUAGES = {"ko": KOREAN, "en": ENGLISH}

BABBLE_LINES = (
    ("ko+m1", "오늘 모임은 몇 시에 시작해요? 저는 세 시쯤 올 것 같아요."),
    ("ko+f1", "지난주에 만난 분이 정말 친절하셨어요. 차도 같이 마셨어요."),
    ("en+m3", "Did you see the notice about the garden group on Thursday?"),
    ("ko+m4", "여기 커피가 꽤 맛있어요. 한 잔 더 드릴까요?"),
    ("en+f3", "I think the bus stop moved to the other side of the road."),
    ("ko+f3", "우리 아이가 요즘 잠을 잘 못 자서 걱정이에요."),
)


@dataclass(frozen=True)
class Job:
    """One clip to make."""

    name: str
    screen: str
    expect: str
    half: str
    condition: str
    kind: str
    text: str
    voice: str
    speed: int
    pitch: int
    seed: int


def phrases(screen: str, said: Words = KOREAN) -> Iterator[tuple[str, str, str]]:
    """(text, key, kind) for everything a visitor might say as a command on `screen`."""
    count = OPTIONS[screen]
    for n in range(count):
        for number in said.numbers[n]:
            yield number, str(n + 1), "number"
    if screen == "home":
        for key, label, short in said.home:
            yield label, key, "name"
            if short != label:
                yield short, key, "name"
    if screen == "question":
        for key, label in said.question:
            yield label, key, "name"
        for key, words in said.yes_no.items():
            for word in words:
                yield word, key, "yes-no"
    for key, words in said.controls.items():
        for word in words:
            yield word, key, "control"


def jobs(seed: int, said: Words = KOREAN) -> list[Job]:
    """Every clip of the set, with its voice, speed, pitch and room chosen from `seed`."""
    rng = random.Random(seed)
    out: list[Job] = []

    def add(screen: str, expect: str, kind: str, text: str, index: int) -> None:
        half = "held" if index % 2 else "dev"
        voice = rng.choice(said.held_voices if half == "held" else said.dev_voices)
        condition = CONDITIONS[(index + rng.randrange(len(CONDITIONS))) % len(CONDITIONS)]
        name = f"{len(out):04d}-{screen}-{kind}"
        out.append(
            Job(
                name,
                screen,
                expect,
                half,
                condition,
                kind,
                text,
                voice,
                rng.randrange(120, 215, 5),
                rng.randrange(25, 85, 5),
                rng.randrange(1 << 30),
            )
        )

    for screen in SCREENS:
        for text, key, kind in phrases(screen, said):
            for index in range(RENDERINGS):
                add(screen, key, kind, text, index)
    for screen, key, text in said.natural:
        for index in range(RENDERINGS):
            add(screen, key, "natural", text, index)
    non_commands = [("sentence", t) for t in said.sentences]
    non_commands += [("hesitation", t) for t in said.hesitations]
    non_commands += [("prompt", t) for t in said.prompts]
    non_commands += [("cough", "")] * 8 + [("chatter", "")] * 6
    for index, (kind, text) in enumerate(non_commands * 3):
        add(SCREENS[index % len(SCREENS)], "", kind, text, index)
    # Last, so that every clip made before recipe 5 is made exactly as it was.
    for screen in SCREENS:
        for text, key in said.ordinals:
            if int(key) <= OPTIONS[screen]:
                for index in range(RENDERINGS):
                    add(screen, key, "number", text, index)
    return out


def _run(*command: str | Path) -> None:
    subprocess.run([str(c) for c in command], check=True, capture_output=True)


def _speak(text: str, voice: str, speed: int, pitch: int, out: Path) -> np.ndarray:
    """Speech from espeak-ng at 16 kHz, with its silence trimmed off both ends."""
    raw = out.with_suffix(".raw.wav")
    _run("espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", raw, text)
    trim = ("silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse")
    _run("sox", raw, "-r", str(RATE), "-c", "1", "-b", "16", out, *trim)
    raw.unlink()
    audio, _ = soundfile.read(out, dtype="float32")
    out.unlink()
    return np.asarray(audio, dtype=np.float32)


def _cough(rng: np.random.Generator) -> np.ndarray:
    """One or two coughs: bursts of shaped noise, loud at the start and dying away."""
    parts = []
    for _ in range(int(rng.integers(1, 3))):
        length = int(RATE * rng.uniform(0.18, 0.35))
        t = np.arange(length) / RATE
        envelope = np.minimum(t / 0.01, 1.0) * np.exp(-t / rng.uniform(0.05, 0.12))
        noise = rng.standard_normal(length).astype(np.float32)
        # Coloured: a crude low-pass (a cough's energy is mostly below 2 kHz).
        noise = np.convolve(noise, np.ones(6) / 6, mode="same")
        parts += [0.5 * envelope * noise, np.zeros(int(RATE * rng.uniform(0.08, 0.2)))]
    return np.concatenate(parts).astype(np.float32)


def _babble(folder: Path) -> np.ndarray:
    """A room of people talking: several voices at once, made once per set."""
    voices = []
    for n, (voice, text) in enumerate(BABBLE_LINES):
        speech = _speak(text, voice, 160, 50, folder / f"babble-{n}.wav")
        voices.append(np.tile(speech, 4)[: RATE * 12])
    mixed = np.sum([np.pad(v, (0, RATE * 12 - len(v))) for v in voices], axis=0)
    return (mixed / np.max(np.abs(mixed))).astype(np.float32)


def _rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(audio * audio))) if len(audio) else 0.0


def _room(
    speech: np.ndarray, condition: str, babble: np.ndarray, rng: np.random.Generator, tmp: Path
) -> np.ndarray:
    """The speech with half a second before and 1.5 s after, heard in `condition`."""
    lead, tail = int(RATE * 0.5), int(RATE * 1.5)
    clip = np.concatenate([np.zeros(lead), speech, np.zeros(tail)]).astype(np.float32)
    level = _rms(speech) or 0.05
    if condition in ("reverb", "far", "phone"):
        effects = {
            "reverb": ("reverb", "60", "50", "80"),
            "far": ("reverb", "80", "50", "100", "vol", "0.35"),
            "phone": ("sinc", "300-3400", "compand", "0.02,0.2", "-60,-60,-30,-15,0,-6", "-3"),
        }[condition]
        source, sink = tmp.with_suffix(".in.wav"), tmp.with_suffix(".out.wav")
        soundfile.write(source, clip, RATE, subtype="FLOAT")
        _run("sox", source, "-b", "16", sink, *effects)
        clip, _ = soundfile.read(sink, dtype="float32")
        source.unlink()
        sink.unlink()
        clip = np.asarray(clip, dtype=np.float32)
    if condition == "busy":
        start = int(rng.integers(0, len(babble) - len(clip)))
        behind = babble[start : start + len(clip)]
        snr_db = rng.uniform(3, 12)
        clip = clip + behind * level / (_rms(behind) * 10 ** (snr_db / 20))
    if condition in ("far", "phone"):
        hiss = rng.standard_normal(len(clip)).astype(np.float32)
        clip = clip + hiss * level * 0.02
    peak = float(np.max(np.abs(clip))) or 1.0
    return (clip / max(peak, 1.0)).astype(np.float32)


def make(job: Job, folder: Path, babble: np.ndarray, kiosk_voice: str = "ko") -> None:
    """Write one clip."""
    rng = np.random.default_rng(job.seed)
    tmp = folder / f"{job.name}.tmp.wav"
    if job.kind == "cough":
        sound = _cough(rng)
    elif job.kind == "chatter":
        start = int(rng.integers(0, len(babble) - RATE * 3))
        sound = 0.3 * babble[start : start + int(RATE * rng.uniform(1.5, 3.0))]
    elif job.kind == "prompt":
        sound = _speak(job.text, kiosk_voice, 175, 50, tmp)  # the kiosk's own voice
    else:
        sound = _speak(job.text, job.voice, job.speed, job.pitch, tmp)
    condition = "clean" if job.kind == "chatter" else job.condition
    clip = _room(sound, condition, babble, rng, tmp)
    soundfile.write(folder / f"{job.name}.wav", clip, RATE, subtype="PCM_16")


def build(folder: Path, seed: int = 15, language: str = "ko") -> Path:
    """Make the set in `folder` (unless it is there already, from this seed and recipe)."""
    said = LANGUAGES[language]
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "manifest.csv"
    stamp = folder / "made-with.txt"
    recipe = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    wanted = f"seed {seed}, recipe {RECIPE} ({recipe})\n"
    if language != "ko":
        wanted = f"language {language}, {wanted}"
    if manifest.exists() and stamp.exists() and stamp.read_text() == wanted:
        return manifest
    babble = _babble(folder)
    todo = jobs(seed, said)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: make(job, folder, babble, said.kiosk_voice), todo))
    with manifest.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["file", "screen", "expect", "half", "condition", "kind", "text", "language"]
        )
        for job in todo:
            condition = "clean" if job.kind == "chatter" else job.condition
            writer.writerow(
                [
                    f"{job.name}.wav",
                    job.screen,
                    job.expect,
                    job.half,
                    condition,
                    job.kind,
                    job.text,
                    language,
                ]
            )
    stamp.write_text(wanted)
    return manifest


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(
            "usage: python -m benchmarks.voice_clips DIR [--seed N] [--language ko|en]"
        )
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 15
    language = sys.argv[sys.argv.index("--language") + 1] if "--language" in sys.argv else "ko"
    manifest = build(Path(sys.argv[1]), seed, language)
    with manifest.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    commands = sum(bool(r["expect"]) for r in rows)
    print(
        f"{len(rows)} clips in {manifest.parent}: {commands} commands, {len(rows) - commands} not"
    )


if __name__ == "__main__":
    main()
