"""`kiosk stories transcribe`: draft a timed transcript of a story for staff to correct."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.common import Commands, add_data_option
from kiosk.core import paths
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.listening.transcribe import Transcriber

BACKUP_STEM = "transcript-before-draft"
"""Where --replace keeps the old transcript (with its own ending): not a name the kiosk reads."""


def add_commands(commands: Commands) -> None:
    """Add `stories` and its action `transcribe`."""
    stories = commands.add_parser(
        "stories", help="help with the peer stories", description="Help with the peer stories."
    )
    actions = stories.add_subparsers(dest="action", required=True, metavar="ACTION")
    transcribe = actions.add_parser(
        "transcribe",
        help="draft a timed transcript of a story, for you to correct",
        description="Listen to a story's recording with the speech model for its language and "
        "write what was heard as transcript.vtt, with timings, marked as a draft. The computer "
        "mishears words, so listen through and correct it, then delete the draft note at the "
        "top. Give a story's folder, or the content folder to draft every story that has no "
        "transcript yet. A transcript already there is never written over without --replace.",
    )
    transcribe.add_argument(
        "folder", metavar="FOLDER", help="a story's folder, or the content folder"
    )
    transcribe.add_argument(
        "--replace",
        action="store_true",
        help=f"write over a transcript already there (the old one is kept as {BACKUP_STEM}.*)",
    )
    add_data_option(
        transcribe,
        "data folder, where installed speech models are (default: $KIOSK_DATA or your user data folder)",
    )


def transcribe(args: argparse.Namespace) -> int:
    """Draft transcripts; 1 if a story asked for could not be drafted."""
    from kiosk.content.stories import STORIES_DIR, STORY_FILE

    folder = Path(args.folder).expanduser().resolve()
    if (folder / STORY_FILE).is_file():
        root = folder.parent.parent if folder.parent.name == STORIES_DIR else folder.parent
        folders, whole = [folder], False
    elif (folder / STORIES_DIR).is_dir():
        root = folder
        folders = sorted(
            (
                p
                for p in (folder / STORIES_DIR).iterdir()
                if p.is_dir() and not p.name.startswith(".")
            ),
            key=lambda p: p.name.casefold(),
        )
        whole = True
    else:
        print(
            f"kiosk: {folder} is neither a story folder (with story.toml in it) nor a content "
            "folder (with a stories folder in it).",
            file=sys.stderr,
        )
        return 1
    if root.resolve() == paths.BUNDLED_CONTENT.resolve():
        print(
            "kiosk: these are the sample stories that come with the kiosk; they are not "
            "changed. Copy them to a content folder of your own first.",
            file=sys.stderr,
        )
        return 1
    return _Drafting(root, paths.data_dir(args.data), args.replace).run(folders, whole)


class _Drafting:
    """Drafts stories one after another, loading each language's model once."""

    def __init__(self, root: Path, data: Path, replace: bool) -> None:
        from kiosk.core.config import load_config

        self.root = root
        self.data = data
        self.replace = replace
        self.config, _problems = load_config(root)  # kiosk check reports those
        self.models: dict[str, Transcriber | str] = {}
        """Each language's loaded model, or why there is none."""
        self.left: list[str] = []
        """Stories passed over because they have a transcript (when doing a whole folder)."""

    def run(self, folders: list[Path], whole: bool) -> int:
        failed = drafted = 0
        for folder in folders:
            outcome = self.draft(folder, whole)
            failed += outcome is False
            drafted += outcome is True
        if self.left:
            one = len(self.left) == 1
            has, were, are = (
                ("has", "it was", "it is") if one else ("have", "they were", "they are")
            )
            print(
                f"{plural(len(self.left), 'story', 'stories')} {has} a transcript already, so "
                f"{were} left as {are} (add --replace to draft {'it' if one else 'them'} again)."
            )
        if whole:
            print(f"Drafted {drafted} transcript{'s' if drafted != 1 else ''}.")
        if drafted:
            print(
                "Each draft starts with a note saying it is a draft. Listen to the story, "
                "correct the words, then delete the note. Until then `kiosk check` lists it."
            )
        return 1 if failed else 0

    def draft(self, folder: Path, whole: bool) -> bool | None:
        """Draft one story: True if written, False if it could not be, None if left alone."""
        from kiosk.content.stories import story_parts
        from kiosk.content.transcript import DRAFT_NOTE, format_vtt

        name = folder.name
        parts = story_parts(folder, self.root)
        if parts.named_transcript:
            print(
                f"{name}: story.toml names its transcript, so a draft would not be used. "
                "Take the transcript line out of story.toml first. Nothing was changed."
            )
            return False
        if parts.transcript is not None and not self.replace:
            if whole:
                self.left.append(name)
                return None
            print(
                f"{name}: already has {parts.transcript.name}, and drafting would write over "
                "it. Nothing was changed. To write over it, add --replace (the old one is "
                f"kept as {BACKUP_STEM}{parts.transcript.suffix})."
            )
            return False
        if parts.audio is None:
            for problem in parts.problems:
                print(f"{name}: cannot draft a transcript: {problem.message}")
            return False
        language = parts.language or self.config.language
        transcriber = self.model(language)
        if isinstance(transcriber, str):
            print(f"{name}: cannot draft a transcript: {transcriber}")
            return False
        print(f"{name}: listening to {parts.audio.name} ({language}) ...", flush=True)
        try:
            draft = transcriber.transcribe(parts.audio, _progress if sys.stdout.isatty() else None)
        except (OSError, RuntimeError, ValueError) as error:
            print(f"{name}: cannot draft a transcript: the recording could not be read ({error}).")
            return False
        if not draft.cues:
            print(f"{name}: no words were heard in the recording, so nothing was written.")
            return False
        target = folder / "transcript.vtt"
        if parts.transcript is not None:
            backup = _backup_for(parts.transcript)
            parts.transcript.replace(backup)
            print(f"{name}: the old {parts.transcript.name} is kept as {backup.name}.")
        partial = folder / ".transcript.vtt.partial"
        partial.write_text(format_vtt(draft.cues, DRAFT_NOTE), encoding="utf-8")
        partial.replace(target)  # the kiosk never reads a half-written transcript
        words = sum(len(cue.text.split()) for cue in draft.cues)
        print(
            f"{name}: wrote a draft transcript.vtt: {len(draft.cues)} cues, {words} words, "
            f"from {draft.audio_seconds:.1f} s of audio in {draft.seconds_taken:.1f} s "
            f"(real-time factor {draft.real_time_factor:.2f})."
        )
        return True

    def model(self, language: str) -> Transcriber | str:
        """The loaded model for `language`, or in words why there is none."""
        from kiosk.core.locale import PackProblem, load_pack
        from kiosk.listening.models import model_for, problem_with
        from kiosk.listening.recognizers import ModelProblem
        from kiosk.listening.transcribe import Transcriber

        if language not in self.models:
            try:
                pack = load_pack(language)
            except PackProblem as problem:
                self.models[language] = str(problem)
                return self.models[language]
            found = model_for(self.config, pack, self.data)
            problem_words = (
                problem_with(found)
                if found
                else f"there is no speech model for {pack.name} ({pack.code}). Run "
                f"`kiosk models install {pack.code}` to add one."
            )
            if problem_words:
                self.models[language] = problem_words
            else:
                assert found is not None
                try:
                    loaded = Transcriber(found)
                except ModelProblem as error:
                    self.models[language] = f"{error}."
                else:
                    print(
                        f"Loaded the {pack.name} ({pack.code}) speech model in "
                        f"{loaded.load_seconds:.1f} s "
                        f"({found.path})."
                    )
                    self.models[language] = loaded
        return self.models[language]


def _backup_for(transcript: Path) -> Path:
    """A name for the old transcript that is free: a second --replace keeps the first backup."""
    backup = transcript.with_name(f"{BACKUP_STEM}{transcript.suffix}")
    number = 2
    while backup.exists():
        backup = transcript.with_name(f"{BACKUP_STEM}-{number}{transcript.suffix}")
        number += 1
    return backup


def _progress(done: float) -> None:
    """How far through the recording, on one line that keeps being rewritten (a terminal only)."""
    print(f"\r  {done:4.0%}", end="\n" if done >= 1 else "", flush=True)
