"""The speech log: what was said aloud, and whether it was said to the end.

For testing the kiosk as a blind visitor would use it (`kiosk run --speech-log FILE`): one
JSON object per line, `{"time": ..., "text": ..., "ended": "finished" | "interrupted"}`.
It holds words a visitor typed, so it is off unless asked for. Times come from the
injected clock, so tests can check them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from kiosk.core.clock import Clock

log = logging.getLogger(__name__)


class SpeechLog:
    """Appends one line per utterance to a file."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self._clock = clock

    def write(self, text: str, ended: str) -> None:
        """Note one utterance; a log that cannot be written is reported, never raised."""
        record = {
            "time": self._clock.local_time().isoformat(timespec="milliseconds"),
            "text": text,
            "ended": ended,
        }
        try:
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as error:
            log.warning("cannot write the speech log: %s", error)
