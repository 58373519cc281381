"""The reports view (`g`): the report charts, computed in a worker, redrawn to the screen's width."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from statustui.reports.charts import Chart, Line, report_charts
from statustui.reports.queries import WEEK, Report, build_report
from statustui.services import Service
from statustui.tui.db_threads import closes_connection
from statustui.tui.key_footer import KeyFooter
from statustui.tui.text import color_of

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

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.report: Report | None = None
        self.period = "all time"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reports"):
            yield Static("Reports: all time (computing...)", id="reports-title")
            for i in range(5):
                yield Static(classes="report-title", id=f"report-title-{i}")
                yield Static(classes="report-chart", id=f"report-chart-{i}")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.compute(None)

    def action_period(self, weeks: int) -> None:
        self.period = next(label for _, label, w in PERIODS if (w or 0) == weeks)
        self.query_one("#reports-title", Static).update(f"Reports: {self.period} (computing...)")
        self.compute(self.service.now() - weeks * WEEK if weeks else None)

    @work(thread=True, exclusive=True, group="report")
    @closes_connection
    def compute(self, since: int | None) -> None:
        try:
            report = build_report(self.service, since)
        except Exception as e:  # a busy or unreachable database: say so, keep the app
            self.app.call_from_thread(self.notify, f"reports failed: {e}", severity="error")
            return
        self.app.call_from_thread(self._show, report)

    def _show(self, report: Report) -> None:
        self.report = report
        self.query_one("#reports-title", Static).update(f"Reports: {self.period}")
        self._draw()

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
