"""Words several screens put the same way: problems, support contacts, the voice commands."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.core.config import KioskConfig, SupportContact
from kiosk.core.locale import Pack
from kiosk.core.problems import Code
from kiosk.listening.commands import COMMANDS, OPTION
from kiosk.speech.words import digits_for_speech
from kiosk.ui.controls import control_for, control_keys, pressed_key_names
from kiosk.ui.pages import Line


def address_for_speech(address: str, pack: Pack) -> str:
    """An email or web address said so it can be written down: "example dot org slash news".

    The "https://" and "www." a visitor never types are left out, and each mark is a word.
    """
    words = re.sub(r"^[a-z]+://", "", address.strip(), flags=re.IGNORECASE)
    words = re.sub(r"^www\.", "", words, flags=re.IGNORECASE).rstrip("/")
    for mark, name in (("@", "at"), (".", "dot"), ("/", "slash"), ("-", "dash")):
        words = words.replace(mark, f" {pack.t(f'speech.{name}')} ")
    return " ".join(words.split())


def problem_words(pack: Pack, code: Code) -> str:
    """What went wrong, in the visitor's language (the layers below pass only the code)."""
    return pack.t(f"problems.{code}")


@dataclass(frozen=True)
class VoiceCommandWords:
    """One voice command as help shows it and as help says it (no marks read out: row S5)."""

    words: str
    """Its words as shown: “repeat” / “say again”."""
    said: str
    """Its words as said: "repeat, or say again"."""
    key: str | None
    """The key that does the same on this kiosk, as shown: "F2 or *"; None where it has no
    such key (an F-key or an arrow, on a keypad kiosk)."""
    key_said: str | None
    """The key as said: "F2, or star"."""
    does: str
    """What it does, for a kiosk with no key for it: "Pauses the story or the voice"."""


def voice_commands(pack: Pack, config: KioskConfig) -> list[VoiceCommandWords]:
    """Each voice command with the key that does the same on this kiosk, from the one table."""
    rows = []
    for command in COMMANDS:
        control = control_for(command.key)
        keys: tuple[str, str] | None
        if control is not None:
            keys, does = control_keys(pack, config, control, voice=True), control.does(pack)
            if pack.has(f"voice.command_does.{command.name}"):  # one way of a key that flips
                does = pack.t(f"voice.command_does.{command.name}")
        else:
            name = command.key.removeprefix(OPTION)
            does = pack.t(f"voice.key_does.{name}") if pack.has(f"voice.key_does.{name}") else ""
            keys = pressed_key_names(pack, config, name)
        words = pack.words_for(command.name)
        rows.append(
            VoiceCommandWords(
                " / ".join(f"“{w}”" for w in words),
                either(pack, words),
                keys[0] if keys else None,
                keys[1] if keys else None,
                does,
            )
        )
    return rows


def either(pack: Pack, choices: Sequence[str]) -> str:
    """Alternatives as said: "repeat, or say again" (one alone as it is)."""
    if len(choices) < 2:
        return "".join(choices)
    return pack.t("help.either", words=", ".join(choices[:-1]), last=choices[-1])


def contact_line(contact: SupportContact, pack: Pack, language: str) -> Line:
    """One support contact as a line of a page: a sentence or two, shown and said (row S10).

    Each piece is stated once, as shown and as said: staff's words are said in `language`
    (the centre's), the pack's in the visitor's, and the number digit by digit.
    """
    pieces: list[tuple[str, str, str | None]] = [(contact.name, contact.name, language)]
    if contact.phone:
        said_number = digits_for_speech(contact.phone)
        pieces.append(
            (
                pack.t("help.phone", number=contact.phone),
                pack.t("help.phone", number=said_number),
                None,
            )
        )
    if contact.hours:
        pieces.append((contact.hours, contact.hours, language))
    # Each piece ends with a stop; staff's own words about the contact come last, as written.
    shown = [f"{words}." for words, _, _ in pieces]
    said: list[tuple[str, str | None]] = [(f"{words}.", lang) for _, words, lang in pieces]
    if contact.about:
        shown.append(contact.about)
        said.append((contact.about, language))
    return Line(" ".join(shown), style="detail contact", said_in=said)


def contact_lines(pack: Pack, config: KioskConfig) -> list[Line]:
    """The centre's support contacts as lines of a page (the crisis screens, talk now, thanks).

    Where none was ever set, the people in the room: staff are always there.
    """
    if not config.support:
        return [Line(pack.t("help.ask_staff"), "detail")]
    return [contact_line(contact, pack, config.language) for contact in config.support]
