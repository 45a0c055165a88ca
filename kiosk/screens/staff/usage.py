"""Usage counts for staff: a chart of visits over the last weeks, and totals."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from kiosk.messages.repository import StoreError
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import BACK_HINT, KioskScreen
from kiosk.usage.counting import GROUP_VIEWED, STORY_STARTED
from kiosk.usage.reports import bar_chart, by_item, daily_totals, total_words

WEEKS = 4


class UsageScreen(KioskScreen[None]):
    """Per day only; nothing about any visitor."""

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "Usage counts"
    HINT: ClassVar[str] = f"↑↓: read more  ·  {BACK_HINT}"
    INSTRUCTION: ClassVar[str] = "Press Escape to go back."

    def _counts(self) -> list[tuple[dt.date, str, str, int]]:
        since = self.services.clock.today() - dt.timedelta(days=WEEKS * 7 - 1)
        try:
            return self.services.usage.counts(since)
        except StoreError:
            return []

    def page(self) -> Page:
        """Totals (said), then the chart, totals per day and the most used stories and groups."""
        counts = self._counts()
        table = daily_totals(counts)
        totals = [sum(row[i] for _, row in table.rows) for i in range(len(table.columns))]
        parts = [
            total_words(self.pack, name, total)
            for name, total in zip(table.columns, totals, strict=True)
        ]
        chart = bar_chart(table) or ["No visits counted yet."]
        # The chart and tables are for eyes (bars and columns); their totals are said above.
        lines = [
            Line(f"In the last {WEEKS} weeks: " + ", ".join(parts) + "."),
            Line(f"Visits per day, last {WEEKS} weeks", "heading", said=""),
            Line("\n".join(chart), "", said="", id="usage-chart"),
            Line("Per day", "heading", said=""),
            Line(table.text(), "", said="", id="usage-table"),
        ]
        for title, name in (("Stories started", STORY_STARTED), ("Groups viewed", GROUP_VIEWED)):
            items = by_item(counts, name)[:10]
            if items:
                lines.append(Line(title, "heading", said=""))
                lines.append(Line("\n".join(f"{n:>5}  {item}" for item, n in items), "", said=""))
        lines.append(Line("For a spreadsheet: kiosk stats --csv", said=""))
        return Page(lines, scroll="usage")

    def on_mount(self) -> None:
        """Arrows scroll."""
        self.query_one("#usage").focus()
