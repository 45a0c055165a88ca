"""Three screens' choices as the kiosk builds them, for the voice word checks and benchmark.

Home, a list of seven stories, and the "leave without sending?" question: between them,
one-syllable numbers, names and the yes/no answers, beside every command.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.core.locale import Pack
from kiosk.listening.grammar import Grammar, Option, build_grammar

SCREENS = ("home", "list7", "question")
HOME = ("stories", "leave", "hear", "groups", "help", "talk_now", "text_large")


def screen_options(screen: str, pack: Pack) -> list[Option]:
    """The options `screen` shows, with the other words each can be chosen by."""
    if screen == "home":
        return [
            Option(str(n), pack.t(f"home.{k}.label"), k, (pack.t(f"home.{k}.say"),))
            for n, k in enumerate(HOME, 1)
        ]
    if screen == "list7":
        # Seven stories titled in another language than the model's (as the sample
        # content's English titles are to the Korean model): chosen by number.
        titles = ("A cup of tea", "A long way", "Daniel and me", "Voices", "Ways", "Steps", "Gate")
        return [Option(str(n), title, f"story-{n}") for n, title in enumerate(titles, 1)]
    if screen == "question":
        return [
            Option("1", pack.t("leave_message.keep_writing"), "stay"),
            Option("2", pack.t("leave_message.leave"), "leave"),
        ]
    raise ValueError(f"unknown screen {screen!r}: one of {', '.join(SCREENS)}")


SAME_ACTION = {("home", "5"): "f1"}
"""Keys that do what another key does on a screen: Home's choice 5 (Help) is F1."""


def action(screen: str, key: str | None) -> str | None:
    """What pressing `key` on `screen` does, as one key: "도움말" on Home is choice 5 and F1."""
    return SAME_ACTION.get((screen, key or ""), key)


def screen_grammar(screen: str, pack: Pack, known: Callable[[str], bool]) -> Grammar:
    """The grammar the kiosk gives the recognizer on `screen`."""
    return build_grammar(pack, screen_options(screen, pack), known=known)
