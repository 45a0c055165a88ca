"""How long a content reload takes with 2,000 stories and 5,000 groups, and a group search.

Builds a synthetic content folder in a temp dir (each story a copy of a sample story's
transcript with a one-second WAV, so audio headers are really read), then times:
- `load_content` plus the merge the live reload does (target: under 2 s),
- a group search with filters and typo-tolerant words, over many queries
  (target: under 20 ms at the 95th percentile).

    .venv/bin/python -m benchmarks.content_reload
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile

from kiosk.content import load_content
from kiosk.content.search import GroupFilter, search
from kiosk.content.watch import merge
from tests.support.paths import SAMPLE_CONTENT

SAMPLE = SAMPLE_CONTENT
STORIES, GROUPS = 2000, 5000
TOPICS = [
    "loneliness",
    "hearing voices",
    "work and money",
    "family",
    "grief",
    "sleep",
    "anxiety and worry",
    "getting out",
    "drink and drugs",
    "identity",
    "carers",
]
AREAS = ["Old Town", "Millbrook", "Northgate", "Castle Hill", "Riverside", "RV1", "RV2"]
WORDS = [
    "walking",
    "art",
    "tea",
    "garden",
    "music",
    "peer",
    "support",
    "coffee",
    "women",
    "men",
    "young",
    "polish",
    "voices",
    "carers",
    "sleep",
    "money",
]


def build(root: Path) -> None:
    (root / "kiosk.toml").write_text((SAMPLE / "kiosk.toml").read_text())
    # The sample's words as a plain transcript, the kind staff most often write.
    vtt = (SAMPLE / "stories" / "a-long-way-from-home" / "transcript.vtt").read_text()
    transcript = "\n".join(line for line in vtt.splitlines()[1:] if "-->" not in line)
    sound = root / "one.wav"
    soundfile.write(sound, np.zeros(22050, dtype=np.float32), 22050)
    data = sound.read_bytes()
    for n in range(STORIES):
        folder = root / "stories" / f"story-{n:04d}"
        folder.mkdir(parents=True)
        (folder / "story.toml").write_text(
            f'title = "Story number {n}"\ntold_by = "Teller {n}"\nsummary = "A story."\n'
            f'topics = ["{random.choice(TOPICS)}"]\nlanguage = "en"\nrecorded = 2025-01-01\nconsent = true\n'
        )
        (folder / "story.wav").write_bytes(data)
        (folder / "transcript.txt").write_text(transcript)
    sound.unlink()
    lines = [
        "name,what happens,topics,days,start time,end time,venue,address,area,phone,email,website,cost,access notes,language"
    ]
    for n in range(GROUPS):
        words = " ".join(random.sample(WORDS, 3))
        lines.append(
            f"{words.title()} Group {n},A friendly {words} group. Tea after.,{random.choice(TOPICS)},"
            f"{random.choice(['Monday', 'Tuesday; Thursday', 'Weekends', 'Every day'])},18:30,20:00,Hall {n},"
            f"{n} High Street,{random.choice(AREAS)},01632 960{n % 1000:03d},,,Free,,English"
        )
    (root / "groups.csv").write_text("\n".join(lines) + "\n")


def main() -> None:
    random.seed(1)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root)
        load_content(root)  # warm the disk cache, as a running kiosk's would be
        reloads = []
        previous = load_content(root)
        for _ in range(5):
            began = time.perf_counter()
            previous = merge(previous, load_content(root))
            reloads.append(time.perf_counter() - began)
        content = previous
        assert len(content.stories) == STORIES and len(content.groups) == GROUPS, (
            len(content.stories),
            len(content.groups),
        )

        queries = []
        for _ in range(300):
            word = random.choice(WORDS)
            typo = word[:2] + word[3:] if len(word) > 4 and random.random() < 0.5 else word
            queries.append(
                GroupFilter(
                    topic=random.choice([None, *TOPICS]),
                    day=random.choice([None, 0, 3, 6]),
                    area=random.choice([None, *AREAS]),
                    words=random.choice(["", typo, f"{typo} tea"]),
                )
            )
        times = []
        for chosen in queries:
            began = time.perf_counter()
            search(content.groups, chosen)
            times.append(time.perf_counter() - began)
    times.sort()
    p95 = times[round(0.95 * (len(times) - 1))]
    print(
        f"content reload, {STORIES} stories and {GROUPS} groups, 5 runs: median {statistics.median(reloads):.2f} s, max {max(reloads):.2f} s (target < 2 s)"
    )
    print(
        f"group search, {len(times)} queries: median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (target p95 < 20 ms)"
    )


if __name__ == "__main__":
    main()
