"""A content file that is not an ordinary file is refused in plain words, never read (issue 30.4).

`ln -s /dev/zero content/kiosk.toml` made `kiosk check` read until memory ran out, and
`mkfifo content/kiosk.toml` made it wait for ever. Every reader opens content files through
kiosk.core.files, which opens without waiting, refuses anything but an ordinary file, and
refuses one over its stated size before reading it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.content import Content, load_content
from kiosk.core.files import FileProblem, read_bytes, read_text
from tests.support.waits import generous

STORY = "stories/small-steps-count"
FILES = (
    "kiosk.toml",
    "groups.csv",
    "watched-words.csv",
    "crisis-words.txt",
    f"{STORY}/story.toml",
    f"{STORY}/transcript.vtt",
)


def finished(load: Callable[[], Content]) -> Content:
    """`load()`'s result, or a failure if it has not finished in a generous while."""
    result: list[Content] = []
    thread = threading.Thread(target=lambda: result.append(load()), daemon=True)
    thread.start()
    thread.join(generous(30))
    assert result, "loading the content folder never finished"
    return result[0]


@pytest.fixture
def fifos() -> Iterator[list[Path]]:
    """FIFOs made by a test; afterwards each is opened for writing once, so a reader stuck
    on one (the code before issue 30.4) is let go."""
    made: list[Path] = []
    yield made
    for fifo in made:
        with contextlib.suppress(OSError):  # nobody is reading it
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def special(path: Path, kind: str, fifos: list[Path]) -> None:
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
        fifos.append(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder"])
@pytest.mark.parametrize("name", FILES)
def test_a_content_file_that_is_not_an_ordinary_file_is_refused(
    content: Path, name: str, kind: str, fifos: list[Path]
) -> None:
    special(content / name, kind, fifos)
    loaded = finished(lambda: load_content(content))
    said = [p.message for p in loaded.problems if p.path == content / name]
    refusals = (f"{Path(name).name} is not an ordinary saved file", "outside the content folder")
    assert any(words in m for m in said for words in refusals), said


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_story_recording_that_is_not_an_ordinary_file_is_that_storys_problem(
    content: Path, kind: str, fifos: list[Path]
) -> None:
    special(content / STORY / "story.ogg", kind, fifos)
    loaded = finished(lambda: load_content(content))
    assert len(loaded.stories) == 6
    assert any(STORY in str(p.path) for p in loaded.problems)


def test_reading_stops_at_the_limit_even_when_the_file_grows(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"x" * 10)
    assert read_bytes(path, max_bytes=10) == b"x" * 10
    with pytest.raises(FileProblem, match="too big"):
        read_bytes(path, max_bytes=9)
    assert read_text(path, max_bytes=10) == ("x" * 10, None)


def test_a_missing_file_is_still_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="cannot open this file"):
        read_bytes(tmp_path / "nothing.txt", max_bytes=10)


@pytest.mark.parametrize("name", ["kiosk.toml", f"{STORY}/story.toml"])
def test_a_number_thousands_of_digits_long_is_a_problem_not_a_crash(
    content: Path, name: str
) -> None:
    """Found by make fuzz (issue 30): tomllib raised a bare ValueError past 4,300 digits."""
    settings = content / name
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "\nlong = " + "1" * 100_000 + "\n", encoding="utf-8")
    loaded = load_content(content)
    said = [p.message for p in loaded.problems if p.path == settings]
    assert any("a number thousands of digits long" in m for m in said), said
