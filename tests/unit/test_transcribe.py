"""Drafting a transcript: Vosk's words grouped into cues a sentence or so long."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.content.transcript import DRAFT_NOTE, format_vtt, read_transcript
from kiosk.listening.recognizers import Word
from kiosk.listening.recognizers.vosk import words_of
from kiosk.listening.transcribe import MAX_WORDS, Draft, group_cues


def said(*timings: tuple[str, float, float]) -> list[Word]:
    return [Word(text, start, end) for text, start, end in timings]


def test_a_pause_starts_a_new_cue() -> None:
    words = said(("I", 0.0, 0.2), ("came", 0.3, 0.6), ("here", 0.65, 1.0), ("Then", 1.9, 2.2))
    cues = group_cues(words)
    assert [(c.text, c.start, c.end) for c in cues] == [
        ("I came here", 0.0, 1.0),
        ("Then", 1.9, 2.2),
    ]


def test_a_short_gap_does_not_split_a_sentence() -> None:
    words = said(("one", 0.0, 0.3), ("two", 0.9, 1.2))  # 0.6 s: a breath, not a full stop
    assert [c.text for c in group_cues(words)] == ["one two"]


def run_of(count: int) -> list[Word]:
    return [Word(f"w{n}", n * 0.3, n * 0.3 + 0.25) for n in range(count)]


def test_a_long_run_of_words_is_cut_evenly_to_fit_the_screen() -> None:
    cues = group_cues(run_of(30))
    assert [len(c.text.split()) for c in cues] == [10, 10, 10]
    assert all(len(c.text.split()) <= MAX_WORDS for c in cues)
    starts = [c.start or 0.0 for c in cues]
    assert starts == sorted(starts)
    # One word over: two halves, never a cue of one word left over.
    assert [len(c.text.split()) for c in group_cues(run_of(MAX_WORDS + 1))] == [7, 6]
    assert [len(c.text.split()) for c in group_cues(run_of(MAX_WORDS))] == [MAX_WORDS]
    assert " ".join(c.text for c in cues) == " ".join(w.text for w in run_of(30))


def test_nothing_heard_is_no_cues() -> None:
    assert group_cues([]) == []


def test_vosk_results_are_read_without_its_marks() -> None:
    result = json.dumps(
        {
            "result": [
                {"word": "여기서", "start": 4.71, "end": 5.1, "conf": 0.9},
                {"word": "[4]", "start": 5.1, "end": 5.3, "conf": 0.5},
                {"word": "[unk]", "start": 5.3, "end": 5.5, "conf": 0.5},
                {"word": "쉬", "start": 5.5, "end": 5.7, "conf": 0.4},
            ],
            "text": "여기서 [4] [unk] 쉬",
        }
    )
    assert words_of(result) == said(("여기서", 4.71, 5.1), ("쉬", 5.5, 5.7))
    assert words_of('{"text": ""}') == []
    assert words_of("") == []


def test_the_real_time_factor_is_work_per_second_of_audio() -> None:
    assert Draft([], audio_seconds=10.0, seconds_taken=2.5).real_time_factor == 0.25
    assert Draft([], audio_seconds=0.0, seconds_taken=1.0).real_time_factor == 0.0


def test_a_draft_written_as_vtt_reads_back_as_a_timed_draft(tmp_path: Path) -> None:
    cues = group_cues(said(("안녕하세요", 0.5, 1.25), ("여러분", 1.3, 1.8), ("두", 3600.0, 3601.5)))
    path = tmp_path / "transcript.vtt"
    path.write_text(format_vtt(cues, DRAFT_NOTE), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"WEBVTT\n\n{DRAFT_NOTE}\n\n00:00:00.500 --> 00:00:01.800\n")
    assert "01:00:00.000 --> 01:00:01.500" in text
    transcript = read_transcript(path)
    assert transcript.draft and transcript.timed
    assert [(c.text, c.start, c.end) for c in transcript.cues] == [
        ("안녕하세요 여러분", 0.5, 1.8),
        ("두", 3600.0, 3601.5),
    ]


def test_a_second_replace_keeps_the_first_backup(tmp_path: Path) -> None:
    from kiosk.cli.stories import _backup_for

    transcript = tmp_path / "transcript.vtt"
    assert _backup_for(transcript).name == "transcript-before-draft.vtt"
    (tmp_path / "transcript-before-draft.vtt").write_text("staff's own")
    assert _backup_for(transcript).name == "transcript-before-draft-2.vtt"
    assert _backup_for(tmp_path / "transcript.txt").name == "transcript-before-draft.txt"
