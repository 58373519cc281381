"""The reports as terminal charts: lines of (text, color) segments, so the command line prints them plain and
the app colors them. Every chart fits the width it is given (80 columns and up)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from statustui.changes.actors import actor_label
from statustui.config import STATUS_TYPES, WorkspaceConfig
from statustui.reports.queries import Report
from statustui.text_safety import printable

Segment = tuple[str, str | None]  # text and a configured color (name or #rrggbb), None for the default
Line = list[Segment]
# Stacked bars also differ by glyph, so they read without color (printed, or for color-blind eyes).
GLYPHS = "█▓▒░#=+*%@&~"
MIN_LABEL = 12  # labels longer than this are cut when the screen is narrow
DATE_WIDTH = 10


@dataclass
class Chart:
    title: str
    lines: list[Line]


def report_charts(report: Report, config: WorkspaceConfig, width: int = 80) -> list[Chart]:
    since = f" since {_day(report.since)}" if report.since is not None else ""
    return [
        Chart("Contacts per status now", status_bars(report, config, width)),
        Chart(f"Status changes per week{since}", weekly_bars(report, config, width)),
        Chart(
            f"Conversion funnel by status type{' (contacts created' + since + ')' if since else ''}",
            funnel_bars(report, width),
        ),
        Chart(f"Average time in each status (completed stays{since})", stay_bars(report, config, width)),
        Chart(f"Who made the changes{since}", actor_bars(report, width)),
    ]


def render_plain(charts: list[Chart]) -> str:
    out: list[str] = []
    for chart in charts:
        out.append(chart.title)
        out.extend("".join(text for text, _ in line).rstrip() for line in chart.lines)
        out.append("")
    return "\n".join(out)


def bars(items: Sequence[tuple[str, int, str, str | None]], width: int) -> list[Line]:
    """Horizontal bars: (label, value, value as shown, color), scaled to the largest value.

    Labels may be data (a rule's name): they lose control characters, so no escape reaches the terminal."""
    if not items:
        return [[("  (nothing yet)", None)]]
    label_w = min(max(len(label) for label, _, _, _ in items), max(MIN_LABEL, width // 3))
    shown_w = max(len(shown) for _, _, shown, _ in items)
    room = max(4, width - label_w - shown_w - 5)
    top = max(v for _, v, _, _ in items) or 1
    lines = []
    for label, value, shown, color in items:
        n = max(1, round(value * room / top)) if value > 0 else 0
        lines.append(
            [
                (f"  {_fit(printable(label), label_w):<{label_w}} ", None),
                ("█" * n, color),
                (" " * (room - n) + f" {shown:>{shown_w}}", None),
            ]
        )
    return lines


def status_bars(report: Report, config: WorkspaceConfig, width: int) -> list[Line]:
    return bars(
        [
            (s.name, report.counts.get(s.name, 0), f"{report.counts.get(s.name, 0):,}", s.color)
            for s in config.statuses
        ],
        width,
    )


def weekly_bars(report: Report, config: WorkspaceConfig, width: int) -> list[Line]:
    """One row per week, a stacked bar of the changes into each status, then a legend."""
    if not report.weekly:
        return [[("  (no status changes)", None)]]
    statuses = [s for s in config.statuses if any(week.get(s.name) for _, week in report.weekly)]
    totals = [sum(week.values()) for _, week in report.weekly]
    shown_w = len(f"{max(totals):,}")
    room = max(4, width - DATE_WIDTH - shown_w - 5)
    top = max(totals) or 1
    lines: list[Line] = []
    for (start, week), total in zip(report.weekly, totals, strict=True):
        line: Line = [(f"  {_day(start)} ", None)]
        done = cells = 0
        for i, s in enumerate(statuses):
            done += week.get(s.name, 0)
            end = round(done * room / top)
            if end > cells:
                line.append((GLYPHS[i % len(GLYPHS)] * (end - cells), s.color))
                cells = end
        line.append((" " * (room - cells) + f" {total:>{shown_w}}", None))
        lines.append(line)
    legend: Line = [("  ", None)]
    for i, s in enumerate(statuses):
        legend += [(GLYPHS[i % len(GLYPHS)], s.color), (f" {s.name}  ", None)]
    lines.append(legend)
    return lines


def funnel_bars(report: Report, width: int) -> list[Line]:
    total = report.funnel.get("contacts", 0)
    items: list[tuple[str, int, str, str | None]] = [("contacts", total, f"{total:,}", None)]
    for t in STATUS_TYPES:
        n = report.funnel.get(t, 0)
        items.append((f"reached {t}", n, f"{n:,} ({_percent(n, total)})", _TYPE_COLORS[t]))
    return bars(items, width)


def stay_bars(report: Report, config: WorkspaceConfig, width: int) -> list[Line]:
    items = []
    for s in config.statuses:
        stay = report.stays.get(s.name)
        if stay:
            avg = round(stay.average_seconds)
            items.append((s.name, avg, f"{format_span(avg)} ({stay.stays:,})", s.color))
    return bars(items, width)


def actor_bars(report: Report, width: int) -> list[Line]:
    return bars([(actor_label(a, name), n, f"{n:,}", None) for a, name, n in report.actors], width)


def format_span(seconds: int) -> str:
    """A length of time in its two largest units: `3d 4h`, `5h 10m`, `42m`."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


_TYPE_COLORS = {"open": "blue", "won": "green", "lost": "grey"}


def _percent(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "-"


def _day(ts: int | None) -> str:
    return datetime.fromtimestamp(ts or 0, UTC).strftime("%Y-%m-%d")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
