"""Usage counts for staff: a chart of visits over the last weeks, and totals."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.messages.store import StoreError
from kiosk.ui.screens.base import BACK_HINT, KioskScreen
from kiosk.usage.counting import GROUP_VIEWED, STORY_STARTED
from kiosk.usage.reports import bar_chart, by_item, daily_totals

WEEKS = 4


class UsageScreen(KioskScreen):
    """Per day only; nothing about any visitor."""

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "Usage counts"
    HINT: ClassVar[str] = f"↑↓: read more  ·  {BACK_HINT}"
    INSTRUCTION: ClassVar[str] = "Press Escape to go back."

    def _counts(self) -> list[tuple[dt.date, str, str, int]]:
        since = self.services.clock.today() - dt.timedelta(days=WEEKS * 7 - 1)
        try:
            return self.services.store.usage(since)
        except StoreError:
            return []

    def spoken_body(self) -> str:
        """Totals for the period."""
        table = daily_totals(self._counts())
        totals = [sum(row[i] for _, row in table.rows) for i in range(len(table.columns))]
        parts = [f"{total} {name}" for name, total in zip(table.columns, totals, strict=True)]
        return f"In the last {WEEKS} weeks: " + ", ".join(parts) + "."

    def compose_body(self) -> ComposeResult:
        """The chart, then totals per day and the most heard stories and viewed groups."""
        counts = self._counts()
        table = daily_totals(counts)
        with VerticalScroll(id="usage", can_focus=True):
            yield Static(Content(f"Visits per day, last {WEEKS} weeks"), classes="heading")
            chart = bar_chart(table) or ["No visits counted yet."]
            yield Static(Content("\n".join(chart)), id="usage-chart")
            yield Static(Content("Per day"), classes="heading")
            yield Static(Content(table.text()), id="usage-table")
            for title, name in (
                ("Stories started", STORY_STARTED),
                ("Groups viewed", GROUP_VIEWED),
            ):
                items = by_item(counts, name)[:10]
                if items:
                    yield Static(Content(title), classes="heading")
                    yield Static(Content("\n".join(f"{n:>5}  {item}" for item, n in items)))
            yield Static(Content("For a spreadsheet: kiosk stats --csv"), classes="intro")

    def on_mount(self) -> None:
        """Arrows scroll."""
        self.query_one("#usage").focus()
