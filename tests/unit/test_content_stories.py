"""Every way a story folder can be wrong is reported, with the rest still loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.content import load_content
from kiosk.content.stories import load_stories

STORY = "small-steps-count"


def story_dir(content: Path, name: str = STORY) -> Path:
    return content / "stories" / name


def problems_for(content: Path, folder: str) -> list[str]:
    loaded = load_content(content)
    return [
        p.format(loaded.root)
        for p in loaded.problems
        if f"stories/{folder}" in p.format(loaded.root)
    ]


def slugs(content: Path) -> list[str]:
    return [s.slug for s in load_content(content).stories]


def test_sample_stories_all_load(content: Path) -> None:
    loaded = load_content(content)
    assert loaded.problems == ()
    assert len(loaded.stories) >= 6
    assert all(s.sample for s in loaded.stories)
    assert all(s.transcript.cues for s in loaded.stories)
    # Row V1: every sample story's words follow along as it plays (issue 12).
    assert all(s.transcript.timed for s in loaded.stories)
    noted = [s for s in loaded.stories if s.content_note]
    assert len(noted) >= 1
    assert all(30 < s.duration < 600 for s in loaded.stories)


def test_a_plain_transcript_loads_untimed(content: Path) -> None:
    """Staff may write the words with no times: shown whole, to scroll through."""
    folder = "a-long-way-from-home"
    plain_transcript(content, folder).write_text("First line.\n\nSecond paragraph here.\n")
    [story] = [s for s in load_content(content).stories if s.slug == folder]
    assert not story.transcript.timed
    assert [cue.text for cue in story.transcript.cues] == ["First line.", "Second paragraph here."]


def test_missing_audio(content: Path) -> None:
    (story_dir(content) / "story.ogg").unlink()
    assert STORY not in slugs(content)
    [problem] = problems_for(content, STORY)
    assert problem.startswith(
        f"stories/{STORY}/: there is no audio file here. Add one: a recording from a phone or "
        "recorder: M4A (iPhone), OPUS (WhatsApp), MP3, WAV"
    )
    assert len(slugs(content)) == 6  # the others still show


def test_unreadable_audio(content: Path) -> None:
    (story_dir(content) / "story.ogg").write_bytes(b"this is not sound at all" * 100)
    assert STORY not in slugs(content)
    [problem] = problems_for(content, STORY)
    assert (
        f"stories/{STORY}/story.ogg: story.ogg could not be read: it is damaged, cut short, or "
        "not really an OGG file. Copy it from the phone again, or export it again." == problem
    )


def test_empty_audio_file(content: Path) -> None:
    (story_dir(content) / "story.ogg").write_bytes(b"")
    assert STORY not in slugs(content)
    assert "story.ogg could not be read: the file is empty." in problems_for(content, STORY)[0]


def test_two_audio_files(content: Path) -> None:
    shutil.copy(story_dir(content) / "story.ogg", story_dir(content) / "other.ogg")
    assert STORY not in slugs(content)
    assert "more than one audio file" in problems_for(content, STORY)[0]


def test_misspelled_key_has_line_and_suggestion(content: Path) -> None:
    settings = story_dir(content) / "story.toml"
    settings.write_text(settings.read_text().replace("title =", "tittle ="))
    assert STORY not in slugs(content)
    found = problems_for(content, STORY)
    assert (
        f'stories/{STORY}/story.toml:1: "tittle" is not a setting the kiosk knows. Did you mean "title"?'
        in found
    )
    assert any('"title" is missing' in p for p in found)


def test_curly_quotes_are_named_with_their_line_and_the_line_as_it_should_be(
    content: Path,
) -> None:
    """Issue 34: a word processor's “My story” said only "(Invalid value)"."""
    settings = story_dir(content) / "story.toml"
    lines = settings.read_text().splitlines()
    lines[0] = "title = \u201cMy story\u201d"  # the title is the first setting
    settings.write_text("\n".join(["# About this story", "", *lines]) + "\n")
    assert STORY not in slugs(content)
    assert problems_for(content, STORY) == [
        f"stories/{STORY}/story.toml:3: line 3 has curly quotes (\u201c \u201d), which "
        "settings cannot use: quotes must be straight (\" or '), as a plain text editor "
        'types them. Write it as: title = "My story"'
    ]
    # Single ones too; a curly apostrophe inside straight quotes is a letter, and fine.
    settings.write_text('title = \u2018Sam\u2019s\u2019\ntold_by = "Sam\u2019s friend"\n')
    found = problems_for(content, STORY)
    assert found[0].startswith(
        f"stories/{STORY}/story.toml:1: line 1 has curly quotes (\u2018 \u2019)"
    )
    assert "Write it as" not in found[0]  # straightened, it still does not read: not guessed


def test_misspelled_content_note_keeps_the_story_out(content: Path) -> None:
    """A typo must never show a difficult story without its note."""
    folder = "other-ways-through"
    settings = story_dir(content, folder) / "story.toml"
    settings.write_text(settings.read_text().replace("content_note =", "content_notes ="))
    assert folder not in slugs(content)
    assert any('Did you mean "content_note"?' in p for p in problems_for(content, folder))


def test_wrong_types(content: Path) -> None:
    settings = story_dir(content) / "story.toml"
    text = settings.read_text().replace("consent = true", 'consent = "yes"')
    text = text.replace("recorded = 20", 'recorded = "last spring" # 20')
    settings.write_text(text)
    found = problems_for(content, STORY)
    assert any(
        '"consent" cannot be used: it should be true or false, without quotes.' in p for p in found
    )
    assert any(
        '"recorded" cannot be used: it should be a date written 2025-03-14.' in p for p in found
    )
    assert all(":" in p.split(": ")[0] for p in found)  # each names its line


def test_consent_false_is_not_shown(content: Path) -> None:
    settings = story_dir(content) / "story.toml"
    settings.write_text(settings.read_text().replace("consent = true", "consent = false"))
    assert STORY not in slugs(content)
    assert "consent is not given" in problems_for(content, STORY)[0]


def test_topics_as_a_plain_string_are_accepted(content: Path) -> None:
    settings = story_dir(content) / "story.toml"
    lines = [
        'topics = "family, Work and money"' if line.startswith("topics") else line
        for line in settings.read_text().splitlines()
    ]
    settings.write_text("\n".join(lines))
    [story] = [s for s in load_content(content).stories if s.slug == STORY]
    assert story.topics == ("family", "work and money")


def test_audio_path_outside_the_content_folder(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.ogg"
    shutil.move(story_dir(content) / "story.ogg", outside)
    settings = story_dir(content) / "story.toml"
    settings.write_text(settings.read_text() + '\naudio = "../../../elsewhere.ogg"\n')
    assert STORY not in slugs(content)
    assert any("points outside the content folder" in p for p in problems_for(content, STORY))


def test_symlinked_audio_pointing_outside(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.ogg"
    shutil.move(story_dir(content) / "story.ogg", outside)
    (story_dir(content) / "story.ogg").symlink_to(outside)
    assert STORY not in slugs(content)
    assert any("outside the content folder" in p for p in problems_for(content, STORY))


def test_symlinked_folder_pointing_outside(content: Path, tmp_path: Path) -> None:
    shutil.copytree(story_dir(content), tmp_path / "outside-story")
    (content / "stories" / "zz-linked").symlink_to(tmp_path / "outside-story")
    assert "zz-linked" not in slugs(content)
    assert any("outside the content folder" in p for p in problems_for(content, "zz-linked"))


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("story.ogg", "is a link that leads back to itself"),
        ("nothing-here.ogg", "is a link to something that is not there"),
        ("/etc/passwd", "points outside the content folder"),
    ],
)
@pytest.mark.parametrize("named", [False, True])
def test_a_broken_link_as_audio_is_a_problem_for_that_story_only(
    content: Path, target: str, words: str, named: bool
) -> None:
    """Issue 30.2: a link to itself stopped the kiosk starting (RuntimeError from resolve)."""
    audio = story_dir(content) / "story.ogg"
    audio.unlink()
    audio.symlink_to(target)
    if named:
        settings = story_dir(content) / "story.toml"
        settings.write_text(settings.read_text() + '\naudio = "story.ogg"\n')
    assert STORY not in slugs(content)
    assert len(slugs(content)) == 6  # the others still load
    assert any(words in p for p in problems_for(content, STORY))


def test_a_story_folder_that_is_a_link_to_itself_is_left_out(content: Path) -> None:
    (content / "stories" / "zz-loop").symlink_to("zz-loop")
    assert len(slugs(content)) == 7


def test_a_transcript_that_is_a_link_to_itself_is_a_problem(content: Path) -> None:
    transcript = story_dir(content) / "transcript.txt"
    for old in story_dir(content).glob("transcript.*"):
        old.unlink()
    transcript.symlink_to("transcript.txt")
    assert STORY not in slugs(content)
    assert any("leads back to itself" in p for p in problems_for(content, STORY))


def plain_transcript(content: Path, folder: str) -> Path:
    """Where staff would put a plain transcript (in place of the sample's timed one)."""
    (story_dir(content, folder) / "transcript.vtt").unlink()
    return story_dir(content, folder) / "transcript.txt"


def test_transcript_in_a_legacy_encoding(content: Path) -> None:
    folder = "a-long-way-from-home"
    transcript = plain_transcript(content, folder)
    transcript.write_bytes("Line one.\n\nCaf\u00e9 and cr\u00e8me.\n".encode("cp1252"))
    assert folder not in slugs(content)
    [problem] = problems_for(content, folder)
    assert problem.startswith(f"stories/{folder}/transcript.txt:3: this file is not saved as UTF-8")


def test_story_toml_in_utf16_with_bom_is_fine(content: Path) -> None:
    settings = story_dir(content) / "story.toml"
    settings.write_bytes(settings.read_text("utf-8").encode("utf-16"))
    assert STORY in slugs(content)


def test_a_word_document_as_transcript(content: Path) -> None:
    folder = "a-long-way-from-home"
    plain_transcript(content, folder).write_bytes(b"PK\x03\x04\x00\x00binary")
    assert "not a plain text file" in problems_for(content, folder)[0]


def test_a_50_mb_transcript_is_refused_without_reading_it(content: Path) -> None:
    folder = "a-long-way-from-home"
    transcript = plain_transcript(content, folder)
    with transcript.open("wb") as out:
        out.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    assert folder not in slugs(content)
    [problem] = problems_for(content, folder)
    assert "too big (50 MB)" in problem


def test_missing_transcript(content: Path) -> None:
    (story_dir(content, "a-long-way-from-home") / "transcript.vtt").unlink()
    assert "no transcript here" in problems_for(content, "a-long-way-from-home")[0]


def test_broken_vtt_timing_names_its_line(content: Path) -> None:
    vtt = story_dir(content) / "transcript.vtt"
    lines = vtt.read_text().splitlines()
    lines[6] = "00:00:02.073 --> 00:00:0x.563"
    vtt.write_text("\n".join(lines))
    [problem] = problems_for(content, STORY)
    assert problem.startswith(f"stories/{STORY}/transcript.vtt:7: a timing line")


def test_vtt_without_header(content: Path) -> None:
    vtt = story_dir(content) / "transcript.vtt"
    vtt.write_text(vtt.read_text().replace("WEBVTT", "", 1))
    assert "must start with the word WEBVTT" in problems_for(content, STORY)[0]


def test_vtt_timings_follow_along(content: Path) -> None:
    [story] = [s for s in load_content(content).stories if s.slug == STORY]
    assert story.transcript.index_at(0.1) is None
    assert story.transcript.index_at(0.6) == 0
    assert story.transcript.index_at(story.transcript.cues[3].start or 0) == 3


def test_empty_folder(content: Path) -> None:
    (content / "stories" / "new-story").mkdir()
    [problem] = problems_for(content, "new-story")
    assert (
        problem
        == "stories/new-story/: this story folder is empty. Add story.toml, an audio file and a transcript, or delete the folder."
    )


def test_folder_without_story_toml(content: Path) -> None:
    (story_dir(content) / "story.toml").unlink()
    assert "has no story.toml" in problems_for(content, STORY)[0]


def test_duplicate_folder_copy_is_reported_and_left_out(content: Path) -> None:
    shutil.copytree(story_dir(content), content / "stories" / "small-steps-count copy")
    loaded = load_content(content)
    assert [s.slug for s in loaded.stories].count(STORY) == 1
    assert "small-steps-count copy" not in [s.slug for s in loaded.stories]
    assert any("same title and teller" in p.message for p in loaded.problems)


def test_folder_names_differing_only_in_case(content: Path) -> None:
    shutil.copytree(story_dir(content), content / "stories" / "Small-Steps-Count")
    loaded = load_content(content)
    assert len(loaded.stories) == 7
    assert any("nearly the same name" in p.message for p in loaded.problems)


def test_broken_toml_syntax(content: Path) -> None:
    settings = story_dir(content) / "story.toml"
    settings.write_text('title = "Small steps\ntold_by = "Kai"\n')
    [problem] = problems_for(content, STORY)
    assert problem.startswith(f"stories/{STORY}/story.toml:1: this line is not written")


def test_stray_files_are_named_and_junk_ignored(content: Path) -> None:
    (content / "stories" / "notes.docx").write_bytes(b"x")
    (content / "stories" / "Thumbs.db").write_bytes(b"x")
    (content / "stories" / ".DS_Store").write_bytes(b"x")
    found = [p.message for p in load_content(content).problems]
    assert found == ["this file is not inside a story folder, so it is not used."]


def test_no_stories_folder(tmp_path: Path) -> None:
    stories, problems = load_stories(tmp_path)
    assert stories == []
    assert "no stories folder" in problems[0].message


def test_empty_stories_folder(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    _stories, problems = load_stories(tmp_path)
    assert "stories folder is empty" in problems[0].message


@pytest.mark.parametrize(
    "fmt, subtype", [("WAV", "PCM_16"), ("FLAC", "PCM_16"), ("MP3", "MPEG_LAYER_III")]
)
def test_other_audio_formats_play(content: Path, fmt: str, subtype: str) -> None:
    import soundfile

    folder = story_dir(content)
    samples, rate = soundfile.read(folder / "story.ogg")
    (folder / "story.ogg").unlink()
    soundfile.write(folder / f"story.{fmt.lower()}", samples, rate, format=fmt, subtype=subtype)
    [story] = [s for s in load_content(content).stories if s.slug == STORY]
    assert story.audio.suffix == f".{fmt.lower()}"
    assert story.duration == pytest.approx(len(samples) / rate, abs=0.2)


def test_brackets_nested_thousands_deep_are_one_broken_story(content: Path) -> None:
    """Issue 11.3: a story.toml of thousands of "[" (RecursionError in tomllib) stopped start-up."""
    (story_dir(content) / "story.toml").write_text("title = " + "[" * 5000)
    problems = problems_for(content, STORY)
    assert problems and "brackets inside brackets" in problems[0]
    assert STORY not in slugs(content) and len(slugs(content)) == 6


@pytest.mark.parametrize("ending", [".m4a", ".opus", ".webm", ".mp4", ".mov", ".amr", ".wma"])
def test_a_recording_straight_from_a_phone_is_found_and_timed(content: Path, ending: str) -> None:
    """Issue 13: an iPhone's M4A (AAC) or a WhatsApp .opus got "there is no audio file here"."""
    from tests.support.recordings import syllables, write_phone_recording

    folder = story_dir(content)
    (folder / "story.ogg").unlink()
    write_phone_recording(folder / f"phone{ending}", syllables(3.0) * 0.3)
    [story] = [s for s in load_content(content).stories if s.slug == STORY]
    assert story.audio.name == f"phone{ending}"
    # AMR keeps no length: FFmpeg reckons it from the bit rate (3.12 s here); the player
    # times the story by its decoded sound.
    assert story.duration == pytest.approx(3.0, abs=0.15)
    assert not problems_for(content, STORY)


def test_a_video_with_no_sound_track_says_so(content: Path) -> None:
    import av

    folder = story_dir(content)
    (folder / "story.ogg").unlink()
    with av.open(str(folder / "clip.mp4"), "w") as out:
        stream = out.add_stream("mpeg4", rate=10)
        stream.width = stream.height = 32
        for _ in range(5):
            frame = av.VideoFrame(32, 32, "yuv420p")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    [problem] = problems_for(content, STORY)
    assert problem.endswith("clip.mp4 could not be read: there is no sound track in this video.")


def test_a_file_the_kiosk_does_not_play_is_named_in_plain_words(content: Path) -> None:
    folder = story_dir(content)
    (folder / "story.ogg").rename(folder / "story.xyz")
    settings = folder / "story.toml"
    settings.write_text(settings.read_text() + '\naudio = "story.xyz"\n')
    [problem] = problems_for(content, STORY)
    assert "the kiosk cannot play this kind of file. It plays a recording from a phone" in problem


@pytest.mark.parametrize("ending", [".m4a", ".opus"])
def test_random_bytes_named_as_a_phone_recording_are_a_clear_problem(
    content: Path, ending: str
) -> None:
    """Bounded fuzz: hostile bytes (random, or a real recording damaged) never crash the check."""
    import random

    from tests.support.recordings import syllables, write_phone_recording

    folder = story_dir(content)
    (folder / "story.ogg").unlink()
    real = write_phone_recording(folder / f"real{ending}", syllables(1.0)).read_bytes()
    (folder / f"real{ending}").unlink()
    chance = random.Random(13)
    for case in range(40):
        if case % 2:
            data = bytearray(real[: chance.randint(0, len(real))])
            for _ in range(chance.randint(1, 30)):
                if data:
                    data[chance.randrange(len(data))] = chance.randrange(256)
        else:
            data = bytearray(chance.randbytes(chance.randint(0, 4000)))
        (folder / f"phone{ending}").write_bytes(bytes(data))
        loaded = load_content(content)
        found = [s for s in loaded.stories if s.slug == STORY]
        if found:  # a damaged file FFmpeg can still read some of: it has a length, and plays
            assert found[0].duration > 0
            continue
        [problem] = [p.message for p in loaded.problems if p.item == STORY]
        assert problem.startswith(f"phone{ending} could not be read: "), problem


# --- .srt transcripts, as captioning tools save them ---------------------------------------

SRT = (
    "1\r\n00:00:00,500 --> 00:00:03,299\r\nSmall steps <i>count</i>,\r\nthey really do.\r\n\r\n"
    "2\r\n00:00:03,649 --> 00:00:06,190\r\nThat is what I learned.\r\n"
)


def srt_transcript(content: Path, folder: str = STORY) -> Path:
    """Where a captioning tool's file goes, in place of the sample's transcript.vtt."""
    (story_dir(content, folder) / "transcript.vtt").unlink()
    return story_dir(content, folder) / "transcript.srt"


def test_an_srt_transcript_is_found_and_read_with_its_timings(content: Path) -> None:
    srt_transcript(content).write_bytes(b"\xef\xbb\xbf" + SRT.encode())
    loaded = load_content(content)
    assert not [p for p in loaded.problems if STORY in str(p.path)]
    [story] = [s for s in loaded.stories if s.slug == STORY]
    assert story.transcript_path.name == "transcript.srt"
    assert story.transcript.timed and not story.transcript.draft
    assert [(c.text, c.start, c.end) for c in story.transcript.cues] == [
        ("Small steps count, they really do.", 0.5, 3.299),
        ("That is what I learned.", 3.649, 6.19),
    ]
    assert story.transcript.index_at(4.0) == 1


def test_srt_named_in_story_toml_is_read_as_srt(content: Path) -> None:
    srt_transcript(content)
    (story_dir(content) / "captions.srt").write_text(SRT)
    toml = story_dir(content) / "story.toml"
    toml.write_text(toml.read_text() + 'transcript = "captions.srt"\n')
    [story] = [s for s in load_content(content).stories if s.slug == STORY]
    assert story.transcript.timed and len(story.transcript.cues) == 2


@pytest.mark.parametrize(
    ("broken", "line", "words"),
    [
        (SRT.replace("00:00:03,649 -->", "00:00:03.6x9 -->"), 7, "a timing line is not written"),
        (SRT.replace("00:00:03,649 -->", "00:00:03,649 ->"), 7, "a timing line is not written"),
        (SRT.replace("\r\n2\r\n", "\r\n"), 6, "the cue's number is missing"),
        ("Captions for the story\r\n\r\n" + SRT, 1, "there are words before the first cue"),
        (
            SRT.replace("00:00:03,649 --> 00:00:06,190", "00:00:00,100 --> 00:00:02,000"),
            7,
            "the timings go backwards",
        ),
        (
            SRT.replace("00:00:03,649 --> 00:00:06,190", "00:00:04,000 --> 00:00:03,000"),
            7,
            "the timings go backwards",
        ),
    ],
)
def test_a_broken_srt_names_its_line(content: Path, broken: str, line: int, words: str) -> None:
    srt_transcript(content).write_text(broken, newline="")
    [problem] = problems_for(content, STORY)
    assert problem.startswith(f"stories/{STORY}/transcript.srt:{line}: {words}"), problem
    assert STORY not in slugs(content)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("My story, typed out without timings.\n", "this .srt transcript has no timings in it"),
        ("", "this .srt transcript has no timings in it"),
        ("1\n00:00:00,500 --> 00:00:03,299\n", "the transcript has no words in it"),
    ],
)
def test_an_srt_with_nothing_to_follow_says_so(content: Path, text: str, words: str) -> None:
    srt_transcript(content).write_text(text)
    [problem] = problems_for(content, STORY)
    assert problem.startswith(f"stories/{STORY}/transcript.srt: {words}"), problem


def test_a_missing_transcript_names_every_kind(content: Path) -> None:
    (story_dir(content) / "transcript.vtt").unlink()
    [problem] = problems_for(content, STORY)
    assert "transcript.txt" in problem and ".vtt" in problem and ".srt" in problem
    assert "kiosk stories transcribe" in problem


# --- draft transcripts: shown, and named until staff take the note out ----------------------


def test_a_draft_transcript_is_shown_and_noted(content: Path) -> None:
    from kiosk.content.transcript import DRAFT_NOTE

    vtt = story_dir(content) / "transcript.vtt"
    vtt.write_text(vtt.read_text().replace("WEBVTT\n", f"WEBVTT\n\n{DRAFT_NOTE}\n", 1))
    loaded = load_content(content)
    assert STORY in [s.slug for s in loaded.stories]
    [story] = [s for s in loaded.stories if s.slug == STORY]
    assert story.transcript.draft and story.transcript.timed
    [notice] = [p for p in loaded.problems if p.item == STORY]
    assert notice.notice
    assert notice.format(loaded.root).startswith(
        f"stories/{STORY}/transcript.vtt: this transcript is a draft the computer made"
    )
    # Staff correct it and delete the note: no longer a draft, nothing said.
    vtt.write_text(vtt.read_text().replace(f"{DRAFT_NOTE}\n", "", 1))
    assert not [p for p in load_content(content).problems if p.item == STORY]


def test_a_note_that_merely_mentions_a_draft_is_not_one(content: Path) -> None:
    vtt = story_dir(content) / "transcript.vtt"
    vtt.write_text(
        vtt.read_text().replace("WEBVTT\n", "WEBVTT\n\nNOTE checked against the draft\n", 1)
    )
    [story] = [s for s in load_content(content).stories if s.slug == STORY]
    assert not story.transcript.draft
