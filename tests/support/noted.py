"""The sample content with things worth noting and nothing wrong (issue 34): a very quiet
story, a transcript still in draft, and the groups kept as both groups.xlsx and groups.csv."""

from __future__ import annotations

from pathlib import Path

import soundfile

from tests.support.sheets import xlsx


def add_notes(content: Path) -> Path:
    """Make `content` quiet, drafted and doubled; `kiosk check` passes it with 2 notes."""
    quiet = content / "stories" / "small-steps-count"
    samples, rate = soundfile.read(quiet / "story.ogg", dtype="float32")
    (quiet / "story.ogg").unlink()
    soundfile.write(quiet / "story.wav", samples * 0.01, rate)
    vtt = content / "stories" / "waiting-at-the-gate" / "transcript.vtt"
    body = vtt.read_text().removeprefix("WEBVTT")
    vtt.write_text(f"WEBVTT\n\nNOTE draft: made by the computer, not checked yet.\n{body}")
    xlsx(content / "groups.xlsx", [["name", "what happens"], ["Art Club", "Painting together."]])
    return content
