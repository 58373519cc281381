"""The reports view (`g`): the report charts, computed in a worker, redrawn to the screen's width.

The screen opens at once with a loading indicator; the worker posts the report back as a message. Leaving
(escape) cancels the worker and interrupts its statement, so a large report never runs on unseen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from statustui.reports.charts import Chart, Line, report_charts
from statustui.reports.queries import WEEK, Report, build_report
from statustui.services import Service
from statustui.tui.db_threads import interrupt, worker_connection
from statustui.tui.key_footer import KeyFooter
from statustui.tui.text import color_of, plain

# (key, label, weeks back; None = all history)
PERIODS = [("a", "all time", None), ("m", "last 4 weeks", 4), ("t", "last 13 weeks", 13)]
MAX_CHART_WIDTH = 140  # wider bars stop helping the eye


class ReportsScreen(Screen[None]):
    CSS_PATH = "reports_screen.tcss"
    BINDINGS = [
        Binding("escape,q,g", "app.pop_screen", "Back", tooltip="back to the list", id="reports-back"),
        *[
            Binding(
                key, f"period({weeks or 0})", label, tooltip=f"the reports for {label}", id=f"reports-{key}"
            )
            for key, label, weeks in PERIODS
        ],
    ]

    class Computed(Message):
        def __init__(self, report: Report) -> None:
            super().__init__()
            self.report = report

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.report: Report | None = None
        self.period = "all time"
        self._connection: Any = None  # the running report's connection, to interrupt it on leaving

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reports"):
            yield Static("Reports: all time (computing...)", id="reports-title")
            for i in range(5):
                yield Static(classes="report-title", id=f"report-title-{i}")
                yield Static(classes="report-chart", id=f"report-chart-{i}")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#reports").loading = True
        self.compute(None)

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "report")
        if self._connection is not None:
            interrupt(self._connection)

    def action_period(self, weeks: int) -> None:
        self.period = next(label for _, label, w in PERIODS if (w or 0) == weeks)
        self.query_one("#reports-title", Static).update(f"Reports: {self.period} (computing...)")
        self.query_one("#reports").loading = True
        self.compute(self.service.now() - weeks * WEEK if weeks else None)

    @work(thread=True, exclusive=True, group="report")
    def compute(self, since: int | None) -> None:
        worker = get_current_worker()
        with worker_connection(self.service.db) as connection:
            self._connection = connection
            try:
                report = build_report(self.service, since)
            except Exception as e:  # a busy or unreachable database: said on the screen, the app stays
                if not worker.is_cancelled:  # else: interrupted on purpose (the person left)
                    self.post_message(self.Failed(str(e) or type(e).__name__))
                return
            finally:
                self._connection = None
        self.post_message(self.Computed(report))

    def on_reports_screen_computed(self, event: Computed) -> None:
        self.report = event.report
        self.query_one("#reports").loading = False
        self.query_one("#reports-title", Static).update(f"Reports: {self.period}")
        self.call_after_refresh(self._draw)  # once the charts' area is laid out again (its width)

    def on_reports_screen_failed(self, event: Failed) -> None:
        self.query_one("#reports").loading = False
        title = plain(f"Reports: {self.period} could not be computed: {event.error}", style="#e5484d")
        self.query_one("#reports-title", Static).update(title)

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.report is None:
            return
        width = min(self.query_one("#reports").size.width - 2, MAX_CHART_WIDTH)
        for i, chart in enumerate(report_charts(self.report, self.service.config, max(width, 40))):
            self.query_one(f"#report-title-{i}", Static).update(Text(chart.title))
            self.query_one(f"#report-chart-{i}", Static).update(chart_text(chart))


def chart_text(chart: Chart) -> Text:
    """The chart's segments as Text: colors from the configuration, every piece literal (never markup)."""
    out = Text(no_wrap=True, overflow="crop")
    for i, line in enumerate(chart.lines):
        if i:
            out.append("\n")
        _append_line(out, line)
    return out


def _append_line(out: Text, line: Line) -> None:
    for text, color in line:
        out.append(text, style=color_of(color) if color else "")
