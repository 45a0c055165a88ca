"""`kiosk say` and `kiosk devices`: check the sound with the kiosk's own voice and engine."""

from __future__ import annotations

import argparse
import sys

from kiosk.cli.common import Commands


def add_commands(commands: Commands) -> None:
    """Add `say` and `devices`."""
    say = commands.add_parser(
        "say",
        help="speak words through the kiosk's voice (to check the sound)",
        description="Speak WORDS through the kiosk's own voice and audio engine, then exit.",
    )
    say.add_argument("words", nargs="+", help="what to say")
    say.add_argument("--language", default="en", help="language code for the voice (default: en)")
    commands.add_parser(
        "devices",
        help="list the audio devices",
        description="List the sound devices PortAudio can see; * marks the default output.",
    )


def say(args: argparse.Namespace) -> int:
    """Speak the words, wait until they are said (at most a minute); 1 if there was no sound."""
    import time

    from kiosk.audio.engine import AudioEngine
    from kiosk.audio.output import SoundDeviceOutput
    from kiosk.core.locale import english
    from kiosk.speech.speaker import Speaker, SpeechDefaults

    engine = AudioEngine(SoundDeviceOutput())
    speaker = Speaker(engine, args.language, SpeechDefaults(volume=10))
    speaker.say(" ".join(args.words))
    started = time.monotonic()
    while speaker.speaking and time.monotonic() - started < 60 and not engine.problem:
        time.sleep(0.05)
    # Staff words are English, like every staff screen; the voice reports only a code.
    # The device's own reason first: staff at a command line can act on it.
    voice = english().t(f"problems.{speaker.problem}") if speaker.problem else None
    problem = (f"no sound: {engine.problem}" if engine.problem else None) or voice
    speaker.close()
    engine.close()
    if problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return 1
    return 0


def devices(args: argparse.Namespace) -> int:
    """List the sound devices PortAudio sees; 1 if there are none or no PortAudio."""
    try:
        import sounddevice
    except OSError as error:
        print(f"kiosk: PortAudio is not installed ({error}). Run: make run", file=sys.stderr)
        return 1
    found = sounddevice.query_devices()
    if not len(found):
        print("No sound devices found.")
        return 1
    print(found)
    return 0
