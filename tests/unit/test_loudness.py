"""Even loudness (issue 13): measured once, kept by the recording's hash, never clipping."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kiosk.audio.engine import RATE
from kiosk.audio.story import decode
from kiosk.core import loudness as loudness_module
from kiosk.core.loudness import (
    FILE,
    PEAK_CEILING,
    TARGET_LUFS,
    Loudness,
    LoudnessCache,
    gain_for,
    measure,
)
from tests.support.recordings import KINDS, at_loudness, syllables, write_phone_recording
from tests.support.recordings import loudness as lufs_of


@pytest.fixture
def quiet_story(tmp_path: Path) -> Path:
    """A phone recording made at arm's length: -47 LUFS."""
    sound = at_loudness(syllables(3.0, RATE), RATE, -47.0)
    return write_phone_recording(tmp_path / "quiet.m4a", sound, RATE)


def no_measuring(*_: object) -> Loudness:
    raise AssertionError("measured again")


def test_a_story_is_measured_once_and_the_next_start_reads_the_file(
    quiet_story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    first = decode(quiet_story, LoudnessCache.in_folder(data))
    record = json.loads((data / FILE).read_text())
    [entry] = record["recordings"].values()
    assert entry["lufs"] == pytest.approx(-47.0, abs=0.5)
    assert 10 < entry["gain"] < 30  # about +26 dB, written for a person reading the file
    monkeypatch.setattr(loudness_module, "measure", no_measuring)
    monkeypatch.setattr(loudness_module, "measure_apart", no_measuring)
    again = decode(quiet_story, LoudnessCache.in_folder(data))  # a new kiosk: the file is read
    assert np.array_equal(first, again)
    # Renamed or moved, it is the same recording: the hash finds it.
    moved = quiet_story.rename(tmp_path / "renamed.m4a")
    assert np.array_equal(decode(moved, LoudnessCache.in_folder(data)), first)


def test_the_player_measures_in_a_process_of_its_own_as_in_this_one(quiet_story: Path) -> None:
    """The player's measuring runs apart (clicks in the voice otherwise: see
    benchmarks/story_glitches.py), and finds what measuring here finds."""
    from kiosk.core import recordings

    apart = loudness_module.measure_apart(quiet_story, RATE)
    here = measure(recordings.decode(quiet_story, RATE), RATE)
    assert apart.lufs == pytest.approx(here.lufs, abs=0.01)
    assert apart.peak == pytest.approx(here.peak) and apart.clipped == here.clipped


def test_a_recording_that_cannot_be_measured_apart_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.m4a"
    broken.write_bytes(b"not a recording")
    with pytest.raises(ValueError, match=r"^it is damaged, cut short"):
        loudness_module.measure_apart(broken, RATE)


def test_a_new_recording_under_the_old_name_is_measured_afresh(
    quiet_story: Path, tmp_path: Path
) -> None:
    cache = LoudnessCache.in_folder(tmp_path / "data")
    decode(quiet_story, cache)
    loud = at_loudness(syllables(3.0, RATE), RATE, -12.0)
    write_phone_recording(quiet_story, loud, RATE)
    played = decode(quiet_story, cache)
    assert lufs_of(played, RATE) == pytest.approx(TARGET_LUFS, abs=0.5)
    assert len(json.loads((tmp_path / "data" / FILE).read_text())["recordings"]) == 2


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b'{"version": 1, "recordings": {"ab": {"lufs": "loud"}}}', b"[1, 2]"],
)
def test_a_damaged_loudness_file_is_ignored_and_written_again(
    quiet_story: Path, tmp_path: Path, damage: bytes
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / FILE).write_bytes(damage)
    played = decode(quiet_story, LoudnessCache.in_folder(data))
    assert lufs_of(played, RATE) == pytest.approx(TARGET_LUFS, abs=0.5)
    assert len(json.loads((data / FILE).read_text())["recordings"]) == 1


def test_an_unwritable_data_folder_only_costs_a_measure(quiet_story: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    played = decode(quiet_story, LoudnessCache.in_folder(blocked / "data"))
    assert lufs_of(played, RATE) == pytest.approx(TARGET_LUFS, abs=0.5)


def test_no_cache_still_plays_at_the_target(quiet_story: Path) -> None:
    assert lufs_of(decode(quiet_story), RATE) == pytest.approx(TARGET_LUFS, abs=0.5)


def test_the_gain_never_takes_a_peak_over_full_scale() -> None:
    # A quiet recording with one bang: turned up only as far as the bang allows.
    sound = at_loudness(syllables(3.0, RATE), RATE, -45.0)
    sound[RATE] = 0.5
    measured = measure(sound, RATE)
    assert measured.lufs is not None and measured.lufs < -40
    gain = gain_for(measured)
    assert gain == pytest.approx(PEAK_CEILING / 0.5)
    assert np.abs(sound * gain).max() <= PEAK_CEILING + 1e-6


def test_silence_and_a_blip_play_as_they_are() -> None:
    assert gain_for(measure(np.zeros(RATE, dtype=np.float32), RATE)) == 1.0
    blip = np.full(100, 0.1, dtype=np.float32)  # shorter than BS.1770's 0.4 s block
    assert measure(blip, RATE).lufs is None
    assert gain_for(measure(blip, RATE)) == 1.0


def test_quiet_and_clipped_recordings_are_told_apart() -> None:
    speech = syllables(3.0, RATE)
    assert measure(at_loudness(speech, RATE, -47.0), RATE).is_quiet
    assert not measure(at_loudness(speech, RATE, -20.0), RATE).is_quiet
    clipped = np.clip(speech * 4, -1, 1)
    assert measure(clipped, RATE).is_clipped
    assert not measure(speech * 0.9, RATE).is_clipped


@pytest.mark.parametrize("ending", sorted(KINDS))
def test_every_phone_kind_decodes_for_the_player_at_the_target(tmp_path: Path, ending: str) -> None:
    sound = at_loudness(syllables(3.0, 48000), 48000, -35.0)
    path = write_phone_recording(tmp_path / f"phone{ending}", sound)
    played = decode(path)
    assert len(played) / RATE == pytest.approx(3.0, abs=0.1)
    assert lufs_of(played, RATE) == pytest.approx(TARGET_LUFS, abs=0.5)
