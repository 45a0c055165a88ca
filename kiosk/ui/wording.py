"""Words several screens put the same way: problems, support contacts, the voice commands."""

from __future__ import annotations

import re

from kiosk.core.config import SupportContact
from kiosk.core.locale import Pack
from kiosk.core.problems import Code
from kiosk.listening.commands import COMMANDS, OPTION
from kiosk.speech.words import digits_for_speech
from kiosk.ui.controls import control_for


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


def voice_commands(pack: Pack) -> list[tuple[str, str]]:
    """Each voice command as (its words, the key that does the same), from the one table."""
    rows = []
    for command in COMMANDS:
        control = control_for(command.key)
        if control is not None:
            key = control.label(pack)
        else:
            name = command.key.removeprefix(OPTION)
            key = pack.t(f"voice.key_names.{name}")
        words = " / ".join(f"“{w}”" for w in pack.words_for(command.name))
        rows.append((words, key))
    return rows


def contact_parts(
    contact: SupportContact, pack: Pack, language: str
) -> list[tuple[str, str | None]]:
    """One contact as said, in parts each with the language to say it in (row S10).

    Staff's words are in `language` (the centre's), the pack's in the visitor's (None),
    and the number digit by digit.
    """
    parts: list[tuple[str, str | None]] = [(f"{contact.name}.", language)]
    if contact.phone:
        parts.append((f"{pack.t('help.phone', number=digits_for_speech(contact.phone))}.", None))
    if contact.hours:
        parts.append((f"{contact.hours}.", language))
    if contact.about:
        parts.append((contact.about, language))
    return parts


def contact_words(contact: SupportContact, pack: Pack) -> str:
    """One contact as shown: a sentence or two (as said: `contact_parts`)."""
    parts = [contact.name]
    if contact.phone:
        parts.append(pack.t("help.phone", number=contact.phone))
    if contact.hours:
        parts.append(contact.hours)
    words = ". ".join(parts) + "."
    return f"{words} {contact.about}" if contact.about else words
