"""The speech manager: when each utterance is heard, by its priority (NVDA's speech manager)."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.audio.engine import AudioEngine
from kiosk.speech.log import SpeechLog
from kiosk.speech.manager import QUIET_TICKS, SpeechManager
from kiosk.speech.speaker import Speaker, SpeechDefaults
from kiosk.speech.types import Marker, Pause, Priority, Text, Utterance
from tests.support.fakes import FakeClock, FakeOutput, FakeSpeaker
from tests.unit.test_speaker import RecordingSynth, wait_for


def said(words: str, priority: Priority = Priority.NOW, **values: object) -> Utterance:
    return Utterance((Text(words),), priority, **values)  # type: ignore[arg-type]


def test_now_cuts_what_is_playing_and_what_waited_to_follow_it() -> None:
    speech = FakeSpeaker()
    manager = SpeechManager(speech)
    manager.speak(said("Welcome."))
    manager.speak(said("Then this.", Priority.NEXT))
    manager.speak(said("7 does nothing here."))
    assert speech.said == ["Welcome.", "7 does nothing here."]
    speech.finish()
    manager.tick()
    assert speech.said == ["Welcome.", "7 does nothing here."]  # "Then this." went with it


def test_next_follows_the_current_utterance_whole() -> None:
    speech = FakeSpeaker()
    manager = SpeechManager(speech)
    manager.speak(said("Story 2 of 7."))
    manager.speak(said("It has finished.", Priority.NEXT))
    manager.tick()
    assert speech.said == ["Story 2 of 7."] and speech.stops == 0  # not cut, not yet said
    speech.finish()
    manager.tick()
    assert speech.said == ["Story 2 of 7.", "It has finished."]


def test_next_in_quiet_is_said_at_once() -> None:
    speech = FakeSpeaker()
    SpeechManager(speech).speak(said("Hello.", Priority.NEXT))
    assert speech.said == ["Hello."]


def test_when_quiet_waits_for_half_a_second_of_quiet() -> None:
    speech = FakeSpeaker()
    manager = SpeechManager(speech)
    manager.speak(said("Welcome."))
    manager.speak(said("Voice commands are off.", Priority.WHEN_QUIET, asked=False))
    manager.tick()
    speech.finish()
    for _ in range(QUIET_TICKS - 1):
        manager.tick()
    assert speech.said == ["Welcome."]  # a gap between two screens is not quiet
    manager.tick()
    assert speech.said == ["Welcome.", "Voice commands are off."]
    assert not manager.answering  # the kiosk's own news: nobody asked for it


def test_when_quiet_is_dropped_when_the_visitor_acts_first() -> None:
    speech = FakeSpeaker()
    manager = SpeechManager(speech)
    manager.speak(said("Voice commands are ready.", Priority.WHEN_QUIET))
    manager.visitor_acted()
    for _ in range(QUIET_TICKS * 2):
        manager.tick()
    assert speech.said == []


def test_a_lead_goes_first_of_the_next_screens_words_and_is_shown() -> None:
    speech = FakeSpeaker()
    manager = SpeechManager(speech)
    shown: list[str] = []
    manager.on_start(lambda utterance: shown.append(utterance.on_line))
    manager.lead([Text("This kiosk talks.")])
    manager.say("Louder.")  # the app's own words do not take it
    manager.speak(Utterance((Text("Hear a story."),), shown="", takes_lead=True))
    assert speech.said == ["Louder.", "This kiosk talks. Hear a story."]
    assert shown == ["Louder.", "This kiosk talks."]  # the screen shows the rest itself


def test_what_follows_a_screens_words_comes_after_them_whole_and_alone() -> None:
    """S4 ("walk by ear"): how the kiosk works went first of a screen's words, so the screen
    a key opened was heard only after it. Now the screen's words come at once; it follows
    them on its own, once they were heard to the end, and anything new cuts it."""
    speech = FakeSpeaker()
    manager = SpeechManager(speech)
    shown: list[str] = []
    manager.on_start(lambda utterance: shown.append(utterance.on_line))
    manager.follow(lambda: [Text("This kiosk talks.")])
    manager.say("Louder.")  # the app's own words do not take it
    manager.speak(Utterance((Text("Welcome."),), shown="", takes_lead=True))
    manager.stop()  # a key before the end: it waits for the next screen's words
    manager.speak(Utterance((Text("Find a group."),), shown="", takes_lead=True))
    assert speech.said == ["Louder.", "Welcome.", "Find a group."]
    manager.tick()
    assert speech.said[-1] == "Find a group."  # not while the screen's words go on
    speech.finish()
    manager.tick()
    assert speech.said[-1] == "This kiosk talks." and shown[-1] == "This kiosk talks."
    manager.speak(Utterance((Text("Hear a story."),), shown="", takes_lead=True))
    assert speech.said[-1] == "Hear a story."  # a new screen's words, at once, over it
    speech.finish()
    for _ in range(QUIET_TICKS * 2):
        manager.tick()
    assert speech.said.count("This kiosk talks.") == 1  # once


def test_a_lead_no_screen_takes_is_said_alone() -> None:
    speech = FakeSpeaker()
    manager = SpeechManager(speech)
    manager.lead([Text("Number 4: Find a group.")], alone_after=3)
    for _ in range(3):
        manager.tick()
    assert speech.said == []
    manager.tick()
    assert speech.said == ["Number 4: Find a group."]


def test_pauses_and_markers_come_in_their_place() -> None:
    speech = FakeSpeaker()
    manager = SpeechManager(speech)
    reached: list[str] = []
    manager.speak(
        Utterance((Text("One."), Marker(lambda: reached.append("one")), Pause(0.2), Text("Two.")))
    )
    assert speech.said == ["One."] and reached == []
    speech.finish()
    manager.tick()
    assert reached == ["one"] and speech.said == ["One."]  # the pause: two ticks of silence
    manager.tick()
    assert speech.said == ["One."]
    manager.tick()
    assert speech.said == ["One.", "Two."]


def test_with_the_voice_off_words_are_shown_not_said() -> None:
    speech = FakeSpeaker()
    manager = SpeechManager(speech)
    shown: list[str] = []
    manager.on_start(lambda utterance: shown.append(utterance.on_line))
    manager.set_enabled(False, "Voice off.")
    manager.say("Quieter.")
    assert speech.said == ["Voice off."] and shown == ["Voice off.", "Quieter."]


def test_on_the_real_voice_next_is_heard_whole_and_now_cuts(tmp_path: Path) -> None:
    """By the speech log: NEXT lets the utterance before it finish; NOW interrupts it."""
    output = FakeOutput()
    log = tmp_path / "speech.jsonl"
    speaker = Speaker(
        AudioEngine(output),
        "en",
        SpeechDefaults(),
        synthesizer=RecordingSynth,
        speech_log=SpeechLog(log, FakeClock()),
    )
    manager = SpeechManager(speaker)

    def ended() -> list[tuple[str, str]]:
        lines = log.read_text().splitlines() if log.exists() else []
        return [(r["text"], r["ended"]) for r in map(json.loads, lines)]

    try:
        manager.say("First.")
        manager.speak(said("Second.", Priority.NEXT))
        speaker.wait_until_ready()
        manager.tick()  # "First." is still playing: "Second." waits
        output.pull(1000)
        wait_for(lambda: len(ended()) == 1)
        manager.tick()
        speaker.wait_until_ready()
        manager.say("Third.")  # cuts "Second." off
        speaker.wait_until_ready()
        output.pull(1000)
        wait_for(lambda: len(ended()) == 3)
        assert ended() == [
            ("First.", "finished"),
            ("Second.", "interrupted"),
            ("Third.", "finished"),
        ]
    finally:
        speaker.close()
