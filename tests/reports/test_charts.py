"""The charts' layout: proportional bars that fit the width they are given, readable without color."""

from __future__ import annotations

import pytest

from statustui.reports.charts import bars, format_span, render_plain, report_charts
from statustui.reports.queries import build_report
from statustui.services import Service


def _width(line: list[tuple[str, str | None]]) -> int:
    return sum(len(text) for text, _ in line)


@pytest.mark.parametrize("width", [80, 200])
def test_every_chart_line_fits_the_width(service: Service, width: int) -> None:
    charts = report_charts(build_report(service), service.config, width)
    assert all(_width(line) <= width for chart in charts for line in chart.lines)
    assert max(len(line) for line in render_plain(charts).splitlines()) > width * 3 // 4  # and uses it


def test_bars_are_proportional_and_a_small_value_still_shows() -> None:
    lines = bars(
        [
            ("big", 100, "100", "red"),
            ("half", 50, "50", "red"),
            ("tiny", 1, "1", "red"),
            ("none", 0, "0", "red"),
        ],
        80,
    )
    lengths = [len(line[1][0]) for line in lines]
    assert lengths[0] == 2 * lengths[1]
    assert lengths[2:] == [1, 0]


def test_stacked_weeks_differ_by_glyph_and_have_a_legend(service: Service) -> None:
    charts = report_charts(build_report(service), service.config, 80)
    weekly = next(c for c in charts if c.title.startswith("Status changes per week"))
    first_week = "".join(text for text, _ in weekly.lines[0])
    assert "█" in first_week and "▒" in first_week  # Active Lead and Archive
    legend = "".join(text for text, _ in weekly.lines[-1])
    assert legend.split() == ["█", "Active", "Lead", "▓", "Client", "▒", "Archive"]


def test_spans_read_in_their_two_largest_units() -> None:
    assert [format_span(s) for s in (59, 3600 + 600, 86400 * 3 + 7200)] == ["0m", "1h 10m", "3d 2h"]


def test_a_rule_name_cannot_send_escape_sequences_to_the_terminal() -> None:
    lines = bars([("rule '\x1b[2Jwipe'", 1, "1", None)], 80)
    assert "\x1b" not in "".join(text for line in lines for text, _ in line)
