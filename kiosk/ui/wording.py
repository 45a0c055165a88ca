"""Words several screens put the same way: problems, support contacts, the voice commands."""

from __future__ import annotations

from kiosk.core.config import SupportContact
from kiosk.core.locale import Pack
from kiosk.core.problems import Code
from kiosk.listening.commands import COMMANDS, OPTION
from kiosk.speech.words import digits_for_speech
from kiosk.ui.controls import control_for


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


def contact_words(contact: SupportContact, pack: Pack, *, spoken: bool = False) -> str:
    """One contact as a sentence or two (phone numbers digit by digit when spoken)."""
    parts = [contact.name]
    if contact.phone:
        number = digits_for_speech(contact.phone) if spoken else contact.phone
        parts.append(pack.t("help.phone", number=number))
    if contact.hours:
        parts.append(contact.hours)
    words = ". ".join(parts) + "."
    return f"{words} {contact.about}" if contact.about else words
