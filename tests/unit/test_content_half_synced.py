"""A content folder that Syncthing is still filling (issue 35) never confuses the kiosk.

Syncthing keeps `.stfolder` at the top of the folder and writes each file it downloads to
`.syncthing.NAME.tmp` (`~syncthing~NAME.tmp` on Windows) before renaming it; a story folder
arrives file by file. Visitors must see what they saw before until a story is whole.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import watchfiles

from kiosk.content import load_content
from kiosk.content.watch import ContentFilter, merge
from kiosk.core.syncthing import is_sync_file

STORY = "small-steps-count"


def syncthing_leftovers(content: Path) -> None:
    (content / ".stfolder").mkdir()
    (content / ".stignore").write_text("")
    (content / "stories" / "~syncthing~new-story.tmp").write_bytes(b"half")
    (content / "stories" / ".syncthing.loose.tmp").write_bytes(b"half")
    story = content / "stories" / STORY
    (story / ".syncthing.story.ogg.tmp").write_bytes(b"OggS half a recording")
    (story / "~syncthing~story.ogg.tmp").write_bytes(b"OggS half a recording")


def test_syncthings_own_files_are_not_content_and_not_problems(content: Path) -> None:
    before = load_content(content)
    syncthing_leftovers(content)
    after = load_content(content)
    assert [s.slug for s in after.stories] == [s.slug for s in before.stories]
    assert [p.message for p in after.problems] == [p.message for p in before.problems]


def test_a_half_synced_new_story_is_not_shown_and_nothing_else_changes(content: Path) -> None:
    shown = load_content(content)
    new = content / "stories" / "zz-arriving"
    new.mkdir()
    source = content / "stories" / STORY
    text = (source / "story.toml").read_text().replace("Small steps count", "Still arriving")
    (new / "story.toml").write_text(text)
    # The recording is half-way down; the transcript has not started.
    half = (source / "story.ogg").read_bytes()
    (new / ".syncthing.story.ogg.tmp").write_bytes(half[: len(half) // 2])
    merged = merge(shown, load_content(content))
    assert [s.slug for s in merged.stories] == [s.slug for s in shown.stories]
    assert merged.groups == shown.groups and merged.config == shown.config
    # Then the rest arrives (Syncthing renames each finished file into place).
    (new / ".syncthing.story.ogg.tmp").unlink()
    shutil.copy(source / "story.ogg", new / "story.ogg")
    shutil.copy(source / "transcript.vtt", new / "transcript.vtt")
    merged = merge(merged, load_content(content))
    assert [s.slug for s in merged.stories][-1] == "zz-arriving"


def test_a_story_being_replaced_keeps_showing(content: Path) -> None:
    shown = load_content(content)
    story = content / "stories" / STORY
    # The new recording is still downloading next to the old one, which stays in place.
    (story / ".syncthing.story.ogg.tmp").write_bytes(b"OggS")
    # story.toml arrived first and names a recording that is not there yet.
    toml = story / "story.toml"
    toml.write_text(toml.read_text() + '\naudio = "story-new.ogg"\n')
    merged = merge(shown, load_content(content))
    assert STORY in [s.slug for s in merged.stories]
    kept = next(s for s in merged.stories if s.slug == STORY)
    assert kept.audio.is_file()


def test_the_live_reload_ignores_syncthings_files(content: Path) -> None:
    keep = ContentFilter()
    added = watchfiles.Change.added
    assert keep(added, str(content / "stories" / STORY / "story.ogg"))
    assert keep(added, str(content / "groups.csv"))
    assert not keep(added, str(content / "stories" / STORY / ".syncthing.story.ogg.tmp"))
    assert not keep(added, str(content / "stories" / "~syncthing~groups.csv.tmp"))
    assert not keep(added, str(content / ".stfolder"))
    assert not keep(added, str(content / ".stfolder" / "syncthing-folder-1.txt"))


def test_what_counts_as_syncthings() -> None:
    assert is_sync_file(".syncthing.groups.csv.tmp") and is_sync_file("~syncthing~a.ogg.tmp")
    assert is_sync_file(".stfolder") and is_sync_file(".stignore")
    assert not is_sync_file("syncthing-notes.txt") and not is_sync_file("story.ogg")
