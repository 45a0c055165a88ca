"""Usage counts, totalled per day, for staff and for funders' reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.usage.counting import (
    GROUP_VIEWED,
    MESSAGE_HEARD,
    MESSAGE_LEFT,
    STORY_FINISHED,
    STORY_STARTED,
    VISIT,
    VISIT_KEYS,
    VISIT_VOICE,
)

COLUMNS = (
    VISIT,
    VISIT_KEYS,
    VISIT_VOICE,
    STORY_STARTED,
    STORY_FINISHED,
    MESSAGE_LEFT,
    MESSAGE_HEARD,
    GROUP_VIEWED,
)


@dataclass(frozen=True)
class Table:
    """One row per day, one column per kind of count."""

    columns: tuple[str, ...]
    rows: list[tuple[dt.date, list[int]]]

    def text(self) -> str:
        """A plain table for a terminal."""
        short = ["day", *(c.replace("visits using ", "by ") for c in self.columns)]
        widths = [max(10, len(h)) for h in short]
        lines = ["  ".join(h.rjust(w) for h, w in zip(short, widths, strict=True))]
        for day, row in self.rows:
            cells = [day.isoformat(), *map(str, row)]
            lines.append("  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)))
        return "\n".join(lines)


def daily_totals(counts: Iterable[tuple[dt.date, str, str, int]]) -> Table:
    """Add up counts per day and kind (stories and groups summed over their items)."""
    days: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, name, _item, count in counts:
        days[day][name] += count
    rows = [(day, [days[day].get(c, 0) for c in COLUMNS]) for day in sorted(days)]
    return Table(COLUMNS, rows)


def by_item(counts: Iterable[tuple[dt.date, str, str, int]], name: str) -> list[tuple[str, int]]:
    """Totals per item (a story's folder, a group) for one kind of count, most first."""
    totals: dict[str, int] = defaultdict(int)
    for _day, kind, item, count in counts:
        if kind == name:
            totals[item] += count
    return sorted(totals.items(), key=lambda pair: (-pair[1], pair[0]))


def bar_chart(table: Table, column: str = VISIT, width: int = 40) -> list[str]:
    """One line per day: "Mon 24 Nov  ████████ 12"."""
    index = table.columns.index(column)
    most = max((row[index] for _, row in table.rows), default=0) or 1
    return [
        f"{day:%a %d %b}  {'█' * max(1 if row[index] else 0, round(width * row[index] / most))} {row[index]}"
        for day, row in table.rows
    ]
