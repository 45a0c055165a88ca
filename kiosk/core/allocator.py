"""The C allocator, set up for a process that runs for weeks.

glibc's malloc gives each large block (128 KiB or more) its own mmap, so freeing it hands
the memory straight back to the system. But each time such a block is freed, glibc raises
that threshold to the block's size (up to 32 MiB), to save system calls in programs that
make big blocks over and over. The kiosk does: a story is decoded into one array of 8 MB or
more, so after the first story the threshold sits near that, and from then on every sentence
of speech (50 KB to a few MB of samples, kept in the speech cache and dropped as it fills)
and every later story comes from malloc's heaps instead. The holes they leave between small
blocks that live on are never given back: in a 20-minute soak the kiosk's resident memory
grew by 36 MB after its first 5 minutes while Python's own allocations stayed flat (issue
11, item 8; `python -m benchmarks.soak`).

Setting the threshold once turns that adjustment off: large blocks are always mmapped and
always returned when freed.
"""

from __future__ import annotations

import ctypes
import logging

log = logging.getLogger(__name__)

MMAP_THRESHOLD = 128 * 1024
"""Blocks this big or bigger get their own mmap (glibc's own starting value, kept fixed)."""

_M_MMAP_THRESHOLD = -3
"""mallopt's parameter number for the threshold (glibc's malloc.h)."""


def keep_large_blocks_returnable() -> bool:
    """Fix glibc's mmap threshold at MMAP_THRESHOLD; False where there is no glibc mallopt.

    Call it once, early: it changes how later blocks are made, not those already made.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no mallopt (macOS), or no C library to ask
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    if not mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD):
        log.warning("the C allocator refused a fixed mmap threshold; memory may grow")
        return False
    return True
