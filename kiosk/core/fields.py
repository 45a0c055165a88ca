"""Checking the settings in a TOML table against what the kiosk expects.

Used for `kiosk.toml` and every `story.toml`. Each setting is described once by a `Field`;
`check_table` returns the values it could read and a list of plain-words complaints, each
with the line it is on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from kiosk.core.files import key_line, suggest
from kiosk.core.text import one_line

Kind = Literal["text", "int", "bool", "date", "list"]

_KIND_WORDS: dict[Kind, str] = {
    "text": 'words in quotes, like "Sam"',
    "int": "a whole number, like 90",
    "bool": "true or false, without quotes",
    "date": "a date written 2025-03-14",
    "list": 'a list in square brackets, like ["family", "work"]',
}


@dataclass(frozen=True)
class Field:
    """One setting: its key, what kind of value it takes, and whether it must be there."""

    key: str
    kind: Kind
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 300


@dataclass(frozen=True)
class Complaint:
    """Something wrong with one setting."""

    line: int | None
    message: str


def _convert(field: Field, value: Any) -> Any:
    """Return the value in the kind the kiosk uses; raise ValueError with words if it can't."""
    if field.kind == "text":
        if not isinstance(value, str):
            raise ValueError
        text = one_line(value)
        if field.required and not text:
            raise ValueError("it is empty")
        if len(text) > field.max_length:
            raise ValueError(f"it is too long; keep it under {field.max_length} characters")
        return text
    if field.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError
        if field.minimum is not None and value < field.minimum:
            raise ValueError(f"it should be at least {field.minimum}")
        if field.maximum is not None and value > field.maximum:
            raise ValueError(f"it should be at most {field.maximum}")
        return value
    if field.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError
        return value
    if field.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError from None
        raise ValueError
    # A list: staff often write "a, b" for ["a", "b"]; both mean the same to a person.
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ValueError
    return tuple(cleaned for item in items if (cleaned := one_line(item).lower()))


def check_table(
    table: Mapping[str, Any],
    text: str,
    fields: Sequence[Field],
    *,
    start_line: int = 1,
) -> tuple[dict[str, Any], list[Complaint]]:
    """Check `table` (read from `text`) against `fields`.

    Returns the values that could be read (missing optional ones are absent) and the
    complaints. `start_line` is where the table begins in the file, for tables such as
    `[[support]]` that appear more than once.
    """
    known = {field.key: field for field in fields}
    values: dict[str, Any] = {}
    complaints: list[Complaint] = []
    for key, value in table.items():
        line = key_line(text, key, start_line)
        field = known.get(key)
        if field is None:
            complaints.append(
                Complaint(line, f'"{key}" is not a setting the kiosk knows.{suggest(key, known)}')
            )
            continue
        try:
            values[key] = _convert(field, value)
        except ValueError as error:
            reason = str(error) or f"it should be {_KIND_WORDS[field.kind]}"
            complaints.append(Complaint(line, f'"{key}" cannot be used: {reason}.'))
    for field in fields:
        if field.required and field.key not in table:
            complaints.append(
                Complaint(None, f'"{field.key}" is missing; add it as {_KIND_WORDS[field.kind]}.')
            )
    return values, complaints
