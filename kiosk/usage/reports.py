"""Usage counts, totalled per day, for staff and for funders' reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.core.locale import Pack
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

HEADINGS: dict[str, tuple[str, str]] = {
    VISIT: ("visits", "all"),
    VISIT_KEYS: ("visits", "keys"),
    VISIT_VOICE: ("visits", "voice"),
    STORY_STARTED: ("stories", "started"),
    STORY_FINISHED: ("stories", "finished"),
    MESSAGE_LEFT: ("messages", "left"),
    MESSAGE_HEARD: ("messages", "heard"),
    GROUP_VIEWED: ("groups", "viewed"),
}
"""Each column's heading in two short lines, the kind above and the count below: one line
each was 127 characters wide, so at 80 columns every day wrapped onto two (issue 34)."""
_GAP = "  "
"""Between the columns of one kind."""
_KIND_GAP = "   "
"""Between kinds, and after the day."""
_DAY_WIDTH = len("2026-11-24")


def total_words(pack: Pack, name: str, count: int) -> str:
    """A count in staff's words, one or many: "1 story started", "3 stories started"."""
    return pack.count(
        f"staff.usage.{name.replace('visits using', 'visits by').replace(' ', '_')}", count
    )


@dataclass(frozen=True)
class Table:
    """One row per day, one column per kind of count."""

    columns: tuple[str, ...]
    rows: list[tuple[dt.date, list[int]]]

    def text(self) -> str:
        """A plain table for a terminal, under 80 columns wide for every count under 1,000.

        Two heading lines: the kind ("stories") over its counts ("started", "finished").
        """
        heads = [HEADINGS.get(column, ("", column)) for column in self.columns]
        widths = [
            max([len(sub), *(len(str(row[i])) for _, row in self.rows)])
            for i, (_, sub) in enumerate(heads)
        ]
        # Each kind's columns, as (kind, [column indexes]), in order.
        kinds: list[tuple[str, list[int]]] = []
        for index, (kind, _) in enumerate(heads):
            if kinds and kinds[-1][0] == kind:
                kinds[-1][1].append(index)
            else:
                kinds.append((kind, [index]))
        for kind, indexes in kinds:  # a kind wider than its columns widens its last
            span = sum(widths[i] for i in indexes) + len(_GAP) * (len(indexes) - 1)
            widths[indexes[-1]] += max(0, len(kind) - span)

        def line(day: str, cells: list[str]) -> str:
            parts = [day.rjust(_DAY_WIDTH)]
            for _, indexes in kinds:
                parts.append(_GAP.join(cells[i].rjust(widths[i]) for i in indexes))
            return _KIND_GAP.join(parts).rstrip()

        top = [" " * _DAY_WIDTH]
        for kind, indexes in kinds:
            span = sum(widths[i] for i in indexes) + len(_GAP) * (len(indexes) - 1)
            top.append(kind.center(span))
        lines = [_KIND_GAP.join(top).rstrip(), line("day", [sub for _, sub in heads])]
        lines += [line(day.isoformat(), [str(count) for count in row]) for day, row in self.rows]
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
