"""Which synthesizer speaks: named in configuration, made by one small factory.

The first language's pack names its engine (`[pack] speech_engine`) and kiosk.toml may name
another (`speech_engine`). One speaker speaks every language the kiosk offers, switching
voices within its engine, so the kiosk's main language chooses the engine for all of them.
A new engine is a class that is a `Synthesizer`, a line in kiosk/core/engines.py and a line
in `MAKERS`.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.core.config import KioskConfig
from kiosk.core.engines import SpeechEngine
from kiosk.core.locale import Pack
from kiosk.speech.synthesis import EspeakSynthesizer, Synthesizer

MAKERS: dict[SpeechEngine, Callable[[], Synthesizer]] = {
    SpeechEngine.ESPEAK_NG: EspeakSynthesizer,
}
"""How to make each engine's synthesizer (in the speaker's own thread, when it first speaks)."""


def speech_engine_for(config: KioskConfig, first: Pack) -> SpeechEngine:
    """The engine that speaks: kiosk.toml's `speech_engine`, else the first language pack's."""
    return config.speech_engine or first.speech_engine


def synthesizer(name: SpeechEngine) -> Callable[[], Synthesizer]:
    """What makes the synthesizer called `name`."""
    return MAKERS[name]
