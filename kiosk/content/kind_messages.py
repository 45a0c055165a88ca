"""Kind messages a visitor can choose by number: leaving a message with a keypad alone.

Staff write them with the centre, in `kind-messages.toml` in the content folder, a list for
each language:

    en = ["You are not alone.", "Thank you for being here."]
    ko = ["혼자가 아니에요."]

A visitor who has only a numeric keypad, or who cannot see the screen, hears each one read
aloud as it is reached and chooses it with its number: nothing to learn first, unlike
phone-style letters. A chosen message goes through the same checks as a typed one.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.core.files import FileProblem, read_toml
from kiosk.core.locale import available
from kiosk.core.problems import Problem

KIND_MESSAGES_FILE = "kind-messages.toml"
MOST = 9
"""At most nine for each language: each has a key of its own, and a list read aloud in full
stays short enough to remember."""
LONGEST = 200
"""The most characters one kind message may have: one or two short sentences."""


def load_kind_messages(root: Path) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """The kind messages for each language code, and any problems (a missing file is none)."""
    path = root / KIND_MESSAGES_FILE
    if not path.exists():
        return {}, []
    try:
        data, _ = read_toml(path)
    except FileProblem as problem:
        return {}, [Problem(path, problem.line, f"No kind messages are shown: {problem.message}")]
    found: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    known = set(available())
    for code, messages in data.items():
        if code not in known:
            problems.append(
                Problem(path, None, f'"{code}" is not a language the kiosk has; it is left out.')
            )
            continue
        if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
            problems.append(
                Problem(
                    path,
                    None,
                    f"{code} should be a list of messages in quote marks, like: "
                    f'{code} = ["You are not alone."]. It is left out.',
                )
            )
            continue
        kept = []
        for message in messages:
            words = " ".join(message.split())
            if not words:
                continue
            if len(words) > LONGEST:
                problems.append(
                    Problem(
                        path,
                        None,
                        f'"{words[:40]}..." is longer than {LONGEST} letters; it is left out.',
                    )
                )
                continue
            kept.append(words)
        if len(kept) > MOST:
            problems.append(
                Problem(path, None, f"{code} has {len(kept)} messages; only the first {MOST} show.")
            )
        found[code] = tuple(kept[:MOST])
    return found, problems
