"""The names of the engines the kiosk can listen and speak with.

A language pack names its engines (`[voice] engine`, `[pack] speech_engine`) and kiosk.toml
may name others (`voice_engine`, `speech_engine`); both are read against these lists, so a
name the kiosk does not have is caught as the file is read, in plain words. Each name has
one module that does the work: a recognizer in `kiosk/listening/recognizers/<name>.py`
(dashes as underscores), a synthesizer in `kiosk/speech/synthesizers.py`. A new engine is
that module and one line here.
"""

from __future__ import annotations

from enum import StrEnum


class RecognitionEngine(StrEnum):
    """What turns speech into words (a pack's `[voice] engine`, kiosk.toml `voice_engine`)."""

    VOSK = "vosk"
    """Vosk (Kaldi), offline, with a small grammar per screen."""
    FASTER_WHISPER = "faster-whisper"
    """Whisper in CTranslate2, offline: free text, mapped to the screen's phrases after."""


class SpeechEngine(StrEnum):
    """What turns words into speech (a pack's `[pack] speech_engine`, kiosk.toml `speech_engine`)."""

    ESPEAK_NG = "espeak-ng"
    """espeak-ng through pyttsx3's binding (kiosk/speech/synthesis.py)."""


def names(engines: type[StrEnum]) -> str:
    """The names of `engines` for a message: '"vosk"' or '"a", "b"'."""
    return ", ".join(f'"{engine}"' for engine in engines)
