"""The real story player (soundfile + sounddevice + PortAudio) on a virtual speaker."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from .audio_rig import VirtualAudio, load_raw, loud_windows

pytestmark = pytest.mark.sound
STORY = (
    Path(__file__).resolve().parent.parent
    / "content"
    / "stories"
    / "small-steps-count"
    / "story.ogg"
)


@pytest.fixture(scope="module")
def audio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualAudio]:
    rig = VirtualAudio(tmp_path_factory.mktemp("pulse"))
    rig.start()
    try:
        yield rig
    finally:
        rig.stop()


def run_player(script: str, env: dict[str, str]) -> dict[str, object]:
    """Run the real player in its own process (PortAudio reads the sound setup at start)."""
    code = (
        "import json, time\nfrom pathlib import Path\nfrom kiosk.audio.device import DevicePlayer\n"
        + textwrap.dedent(script)
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_a_story_plays_pauses_resumes_and_stops_on_a_real_device(
    audio: VirtualAudio, tmp_path: Path
) -> None:
    recording = tmp_path / "heard.raw"
    recorder = audio.record(recording)
    time.sleep(0.3)
    report = run_player(
        f"""
        player = DevicePlayer()
        player.open(Path({str(STORY)!r}))
        deadline = time.monotonic() + 10
        while player.position < 3.0 and time.monotonic() < deadline:
            time.sleep(0.01)
        state_playing = player.state.value
        player.pause()
        paused_at = player.position
        time.sleep(1.5)
        still_at = player.position
        player.play()
        time.sleep(2.0)
        resumed_to = player.position
        player.stop()
        time.sleep(1.0)
        print(json.dumps(dict(state=state_playing, paused_at=paused_at, still_at=still_at,
                              resumed_to=resumed_to, after_stop=player.state.value, problem=player.problem)))
        """,
        audio.env,
    )
    time.sleep(0.3)
    recorder.terminate()
    recorder.wait()

    assert report["state"] == "playing" and report["problem"] is None
    assert report["still_at"] == report["paused_at"]  # paused keeps its place
    assert (
        1.5 < float(report["resumed_to"]) - float(report["paused_at"]) < 2.5
    )  # and resumes from it
    assert report["after_stop"] == "empty"

    loud = loud_windows(load_raw(recording))
    assert loud.sum() * 0.05 > 2.0, "the story was not heard on the speaker"
    # The pause is a silence longer than any gap in the recording itself (0.8 s at most).
    runs, longest, current = [], 0, 0
    first, last = int(np.argmax(loud)), len(loud) - int(np.argmax(loud[::-1])) - 1
    for value in loud[first : last + 1]:
        current = 0 if value else current + 1
        longest = max(longest, current)
        runs.append(current)
    assert longest * 0.05 >= 1.2, "no pause was heard between the parts of the story"
    assert not loud[-10:].any(), "sound went on after stop"


def test_a_file_that_will_not_decode_says_so(audio: VirtualAudio, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"OggS" + b"\x00" * 500)
    report = run_player(
        f"""
        player = DevicePlayer()
        player.open(Path({str(broken)!r}))
        time.sleep(1.0)
        print(json.dumps(dict(state=player.state.value, problem=player.problem)))
        """,
        audio.env,
    )
    assert report["state"] == "failed"
    assert "cannot be played" in str(report["problem"])


def test_no_output_device_is_a_plain_message_not_a_crash(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PULSE_SERVER": "unix:/nonexistent",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    (tmp_path / ".asoundrc").write_text(
        "pcm.!default { type pulse }\nctl.!default { type pulse }\n"
    )
    report = run_player(
        f"""
        player = DevicePlayer()
        player.open(Path({str(STORY)!r}))
        time.sleep(1.5)
        first = (player.state.value, player.problem)
        player.play()  # trying again is safe, and fails the same way
        print(json.dumps(dict(state=first[0], problem=first[1], again=player.state.value)))
        """,
        env,
    )
    assert report["state"] == "failed" and report["again"] == "failed"
    assert (
        report["problem"]
        == "Sound is not working on this kiosk just now. You can still read the story below."
    )
