"""Peer stories: one folder each under `stories/`, with settings, audio and a transcript."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.content.transcript import Transcript, read_transcript
from kiosk.core import recordings
from kiosk.core.fields import Field, check_table
from kiosk.core.files import FileProblem, key_line, link_problem, read_text, read_toml
from kiosk.core.problems import Problem
from kiosk.core.syncthing import is_sync_file

STORIES_DIR = "stories"
CONSENT_WITHDRAWN = "consent is not given"
STORY_FILE = "story.toml"
AUDIO_EXTENSIONS = recordings.EXTENSIONS
"""Phones', recorders' and messaging apps' recordings (kiosk/core/recordings.py)."""
SETTINGS_BYTES = 256_000
"""The most a story.toml may hold (read_toml's limit): a story's settings are a few lines."""
TRANSCRIPT_NAMES = ("transcript.vtt", "transcript.srt", "transcript.txt")
DRAFT_NOTICE = "this transcript is a draft the computer made"
MAX_AUDIO_BYTES = recordings.MAX_BYTES
# Files that computers leave in folders by themselves; never the staff's doing.
_IGNORED = {"thumbs.db", "desktop.ini", ".ds_store"}

_FIELDS = (
    Field("title", "text", required=True, max_length=80),
    Field("told_by", "text", required=True, max_length=40),
    Field("summary", "text", required=True, max_length=160),
    Field("topics", "list", required=True),
    Field("content_note", "text", max_length=300),
    Field("language", "text", max_length=10),
    Field("recorded", "date"),
    Field("consent", "bool", required=True),
    Field("sample", "bool"),
    Field("audio", "text"),
    Field("transcript", "text"),
)


@dataclass(frozen=True)
class Story:
    """One peer story, ready to list and play."""

    slug: str
    """The folder name; stable, used in usage counts and logs."""
    title: str
    told_by: str
    summary: str
    topics: tuple[str, ...]
    content_note: str | None
    """Shown (and later spoken) before the story starts, when set."""
    language: str
    recorded: dt.date | None
    sample: bool
    audio: Path
    duration: float
    """Length of the recording in seconds."""
    transcript: Transcript
    transcript_path: Path
    """The file the transcript was read from."""


def load_stories(root: Path) -> tuple[list[Story], list[Problem]]:
    """Read every story folder under `root/stories`, in folder-name order.

    A folder with anything wrong is reported and left out; the others still load.
    """
    base = root / STORIES_DIR
    problems: list[Problem] = []
    if not base.is_dir():
        return [], [Problem(base, None, "there is no stories folder, so no stories are shown.")]

    stories: list[Story] = []
    seen_names: dict[str, Path] = {}
    seen_titles: dict[tuple[str, str], Path] = {}
    for folder in sorted(base.iterdir(), key=lambda p: p.name.casefold()):
        if folder.name.startswith(".") or folder.name.casefold() in _IGNORED:
            continue
        if is_sync_file(folder.name):  # Syncthing's download under way (kiosk/sync/content.py)
            continue
        if not folder.is_dir():
            problems.append(
                Problem(folder, None, "this file is not inside a story folder, so it is not used.")
            )
            continue
        if why := link_problem(folder, root):
            problems.append(Problem(folder, None, f"this folder {why}; it is left out."))
            continue
        # Two folders whose names differ only in capitals or punctuation are a copy made by
        # mistake (or a case-insensitive disk would merge them): keep the first.
        name_key = re.sub(r"[\W_]+", "", folder.name.casefold())
        if name_key in seen_names:
            problems.append(
                Problem(
                    folder,
                    None,
                    f"this folder has nearly the same name as {seen_names[name_key].name}/; "
                    "it is left out. Rename or remove one of them.",
                )
            )
            continue
        seen_names[name_key] = folder
        try:
            story = _load_story(folder, root)
        except FileProblem as problem:
            problems.append(Problem(folder, problem.line, problem.message, folder.name))
            continue
        except _StoryProblems as found:
            problems += [replace(p, item=folder.name) for p in found.problems]
            continue
        title_key = (story.title.casefold(), story.told_by.casefold())
        if title_key in seen_titles:
            problems.append(
                Problem(
                    folder / STORY_FILE,
                    key_line(_settings_text(folder / STORY_FILE), "title"),
                    f"this story has the same title and teller as {seen_titles[title_key].name}/,"
                    " so it looks like a copy; it is left out. Give it its own title or remove it.",
                )
            )
            continue
        seen_titles[title_key] = folder
        stories.append(story)
        if story.transcript.draft:
            problems.append(_draft_notice(story))
    if not stories and not problems:
        problems.append(
            Problem(base, None, "the stories folder is empty, so no stories are shown.")
        )
    return stories, problems


def _settings_text(path: Path) -> str:
    """story.toml's text again (for a line number); empty if it cannot be read now."""
    try:
        return read_text(path, max_bytes=SETTINGS_BYTES)[0]
    except FileProblem:
        return ""


def _draft_notice(story: Story) -> Problem:
    """Say that a story's transcript is still the computer's draft; it is shown all the same."""
    return Problem(
        story.transcript_path,
        None,
        f"{DRAFT_NOTICE}, so some words may be wrong. The story is shown with it. "
        'Listen to the story, correct the words, then delete the note at the top that starts "NOTE draft".',
        story.slug,
        notice=True,
    )


class _StoryProblems(Exception):
    """Everything wrong with one story folder, gathered so staff can fix it in one go."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def _load_story(folder: Path, root: Path) -> Story:
    entries = [p for p in folder.iterdir() if not (p.name.startswith(".") or is_sync_file(p.name))]
    if not entries:
        raise FileProblem(
            "this story folder is empty. Add story.toml, an audio file and a transcript, "
            "or delete the folder."
        )
    settings = folder / STORY_FILE
    if not settings.exists():  # not an ordinary file: read_toml says so
        raise FileProblem("this story folder has no story.toml, so the kiosk cannot show it.")
    try:
        data, text = read_toml(settings)
    except FileProblem as problem:
        raise _StoryProblems([Problem(settings, problem.line, problem.message)]) from problem
    values, complaints = check_table(data, text, _FIELDS)
    problems = [Problem(settings, c.line, c.message) for c in complaints]
    if values.get("consent") is False:
        problems.append(
            Problem(
                settings,
                key_line(text, "consent"),
                f"{CONSENT_WITHDRAWN} (consent = false), so this story is not shown.",
            )
        )
    if "topics" in values and not values["topics"]:
        problems.append(
            Problem(settings, key_line(text, "topics"), '"topics" is empty; add at least one.')
        )

    audio = _find_file(folder, root, values.get("audio"), AUDIO_EXTENSIONS, text, "audio", problems)
    transcript_path = _find_transcript(folder, root, values.get("transcript"), text, problems)
    duration = _audio_length(audio, problems) if audio else None
    transcript = None
    if transcript_path is not None:
        try:
            transcript = read_transcript(transcript_path)
        except FileProblem as problem:
            problems.append(Problem(transcript_path, problem.line, problem.message))

    if (
        problems
        or audio is None
        or duration is None
        or transcript is None
        or transcript_path is None
    ):
        raise _StoryProblems(problems)
    return Story(
        slug=folder.name,
        title=values["title"],
        told_by=values["told_by"],
        summary=values["summary"],
        topics=values["topics"],
        content_note=values.get("content_note") or None,
        language=values.get("language", "en"),
        recorded=values.get("recorded"),
        sample=values.get("sample", False),
        audio=audio,
        duration=duration,
        transcript=transcript,
        transcript_path=transcript_path,
    )


@dataclass(frozen=True)
class StoryParts:
    """What `kiosk stories transcribe` needs of a story folder, complete or not."""

    audio: Path | None
    transcript: Path | None
    """The transcript there already, if any."""
    named_transcript: bool
    """Whether story.toml names the transcript (so a new one would not be read)."""
    language: str | None
    """The story's language from story.toml, if it says."""
    problems: list[Problem]
    """Why the audio cannot be found, when it cannot."""


def story_parts(folder: Path, root: Path) -> StoryParts:
    """Find a story folder's audio, transcript and language without loading the story.

    A story without a transcript is not loaded (it is a problem), but it is just the one
    that needs drafting: so this reads story.toml only for what it names.
    """
    settings = folder / STORY_FILE
    if not settings.exists():  # not an ordinary file: read_toml says so
        problem = Problem(folder, None, "this story folder has no story.toml.")
        return StoryParts(None, None, False, None, [problem])
    try:
        data, text = read_toml(settings)
    except FileProblem as problem:
        return StoryParts(
            None, None, False, None, [Problem(settings, problem.line, problem.message)]
        )
    named = {key: data.get(key) for key in ("audio", "transcript", "language")}
    given = {key: value for key, value in named.items() if isinstance(value, str) and value}
    problems: list[Problem] = []
    audio = _find_file(folder, root, given.get("audio"), AUDIO_EXTENSIONS, text, "audio", problems)
    quiet: list[Problem] = []  # "no transcript here" is what transcribing is for
    transcript = _find_transcript(folder, root, given.get("transcript"), text, quiet)
    return StoryParts(audio, transcript, "transcript" in given, given.get("language"), problems)


def _named_file(
    folder: Path, root: Path, name: str, text: str, key: str, problems: list[Problem]
) -> Path | None:
    """Resolve a file named in story.toml, refusing anything outside the content folder."""
    path = folder / name
    settings = folder / STORY_FILE
    if why := link_problem(path, root):
        problems.append(
            Problem(
                settings,
                key_line(text, key),
                f'"{key}" names {name}, which {why}. '
                "Put the file in the story's own folder and give just its name.",
            )
        )
        return None
    if not path.is_file():
        problems.append(
            Problem(
                settings,
                key_line(text, key),
                f'"{key}" names {name}, but there is no such file here.',
            )
        )
        return None
    return path


def _find_file(
    folder: Path,
    root: Path,
    named: str | None,
    extensions: tuple[str, ...],
    text: str,
    key: str,
    problems: list[Problem],
) -> Path | None:
    """Find the story's audio: the file named in story.toml, else the one audio file there."""
    if named:
        path = _named_file(folder, root, named, text, key, problems)
        if path is not None and path.suffix.lower() not in extensions:
            problems.append(
                Problem(
                    path,
                    None,
                    f"the kiosk cannot play this kind of file. It plays {recordings.ACCEPTED_WORDS}.",
                )
            )
            return None
        return path
    found = sorted(
        p for p in folder.iterdir() if p.suffix.lower() in extensions and not is_sync_file(p.name)
    )
    if not found:
        problems.append(
            Problem(
                folder,
                None,
                f"there is no audio file here. Add one: {recordings.ACCEPTED_WORDS}.",
            )
        )
        return None
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        problems.append(
            Problem(
                folder,
                None,
                f"there is more than one audio file here ({names}). Keep one, or name it in "
                'story.toml like: audio = "story.ogg"',
            )
        )
        return None
    if why := link_problem(found[0], root):
        problems.append(Problem(found[0], None, f"this audio file {why}; it is not used."))
        return None
    return found[0]


def _find_transcript(
    folder: Path, root: Path, named: str | None, text: str, problems: list[Problem]
) -> Path | None:
    if named:
        return _named_file(folder, root, named, text, "transcript", problems)
    for name in TRANSCRIPT_NAMES:
        path = folder / name
        if path.exists() or path.is_symlink():
            if why := link_problem(path, root):
                problems.append(Problem(path, None, f"this transcript {why}; it is not used."))
                return None
            return path
    problems.append(
        Problem(
            folder,
            None,
            "there is no transcript here. Add transcript.txt, or transcript.vtt or transcript.srt "
            "with timings: every story needs its words on screen. "
            "`kiosk stories transcribe` can draft one for you to correct.",
        )
    )
    return None


def _audio_length(path: Path, problems: list[Problem]) -> float | None:
    """Return the recording's length in seconds, reporting files that will not play."""
    try:
        return recordings.length(path)
    except recordings.RecordingProblem as problem:
        problems.append(Problem(path, None, f"{path.name} could not be read: {problem}"))
        return None
