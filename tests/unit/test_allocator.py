"""Freed sound goes back to the system (issue 11, item 8: memory grew in a soak).

Each case runs in a fresh interpreter, so the allocator starts as the kiosk's does.
"""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="the mmap threshold is glibc's"
)

# What the kiosk does all day: decode a story (one big array) and drop it, then make
# sentences of speech (200 KB each) with small blocks that live on made between them (a
# cache entry's key, a line on the screen), then drop the speech as the cache fills.
DAY = """
import sys
from pathlib import Path
import numpy as np

def rss_mb():
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024

if sys.argv[1] == "fixed":
    from kiosk.core.allocator import keep_large_blocks_returnable
    assert keep_large_blocks_returnable()
story = np.ones(4_000_000, dtype=np.float32)  # 16 MB, as a story decodes to
del story
before = rss_mb()
speech, kept = [], []
for _ in range(200):
    speech.append(np.ones(50_000, dtype=np.float32))
    kept.append(bytes(2000))  # over 512 bytes: from malloc, not Python's own small blocks
del speech
print(rss_mb() - before)
"""


def kept_after_dropping_40_mb_of_speech(mode: str) -> float:
    """MB still resident after 40 MB of speech was made and dropped."""
    result = subprocess.run(
        [sys.executable, "-c", DAY, mode], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return float(result.stdout)


def test_speech_dropped_after_a_story_is_given_back() -> None:
    # Without the fixed threshold the speech came from the heap, and its holes stay resident.
    assert kept_after_dropping_40_mb_of_speech("glibc's own") > 30
    assert kept_after_dropping_40_mb_of_speech("fixed") < 5
