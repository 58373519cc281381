"""What the language needs to know about a workspace, and how it reads times in the workspace's time zone."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from statustui.config import WorkspaceConfig
from statustui.language import ast

DAY = 86400


@dataclass
class LanguageContext:
    """The workspace's names and "now" (epoch seconds), for checking, compiling and evaluating.

    `tags` and `fields` list the names in use, for completion and did-you-mean only: an unknown tag or field
    is not an error (it simply matches no one). `rules` lists the rule names a `by rule "NAME"` may use (the
    rule files' and the history's). `top_threshold` is store.ranking.top_threshold in production.
    """

    config: WorkspaceConfig
    now: int
    tags: Callable[[], Collection[str]] = tuple
    fields: Callable[[], Collection[str]] = tuple
    top_threshold: Callable[[float], int | None] = lambda _percent: None
    # Whether few contacts (a few percent) hold these statuses: then a count tests sub-tables per contact
    # (EXISTS) instead of collecting every matching id (IN). store.estimates.few_with_status in production.
    few_with_status: Callable[[Collection[str]], bool] = lambda _statuses: False
    # None: rule names are not checked (no workspace at hand); language.rule_names.rule_names in production.
    rules: Callable[[], Collection[str]] | None = None
    # Statuses renamed away or merged into another: {key of the old name: the status now}, for did-you-mean.
    renamed: Callable[[], Mapping[str, str]] = dict


def instant(value: ast.Duration | ast.Date, ctx: LanguageContext) -> int:
    """The moment a time-frame point names: `14d` is 14 days before now; a date is its local midnight."""
    if isinstance(value, ast.Duration):
        return ctx.now - value.seconds
    if value.text in ("today", "yesterday"):
        return _midnight(_day(value, ctx), ctx)
    return int(datetime.fromisoformat(value.text).replace(tzinfo=ctx.config.tz).timestamp())


def _day(value: ast.Date, ctx: LanguageContext) -> date:
    """The calendar day a date names, in the workspace's time zone."""
    today = datetime.fromtimestamp(ctx.now, ctx.config.tz).date()
    if value.text == "today":
        return today
    if value.text == "yesterday":
        return today - timedelta(days=1)
    return datetime.fromisoformat(value.text).date()


def _midnight(day: date, ctx: LanguageContext) -> int:
    """The day's local start: wall-clock midnight, so a day across a DST change lasts 23 or 25 hours."""
    return int(datetime.combine(day, time(), tzinfo=ctx.config.tz).timestamp())


def period_start(day: date, unit: str, config: WorkspaceConfig) -> date:
    """The first day of the calendar week, month, quarter or year that holds `day`."""
    if unit == "week":
        return day - timedelta(days=(day.weekday() - config.week_start_index) % 7)
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def frame_bounds(frame: ast.TimeFrame, ctx: LanguageContext) -> tuple[int | None, int | None]:
    """The frame as the half-open interval [low, high) of epoch seconds, None meaning open-ended.

    within D: [now - D, open); before T: [open, T); after T: (T, open); between A and B: [A, end of B's
    day], in either order. Calendar frames are whole local days: on D: [D, D + 1 day); yesterday; last week,
    month, quarter, year: the whole previous period. today and this week/month/quarter/year run from the
    period's start until now, open-ended like `within` (nothing is recorded after now).
    """
    if frame.op in ("today", "yesterday", "on", "this", "last"):
        return _calendar(frame, ctx)
    assert frame.start is not None
    if frame.op == "within":
        return instant(frame.start, ctx), None
    if frame.op == "before":
        return None, instant(frame.start, ctx)
    if frame.op == "after":
        return instant(frame.start, ctx) + 1, None
    assert frame.end is not None
    a, b = frame.start, frame.end
    if instant(a, ctx) > instant(b, ctx):
        a, b = b, a
    if isinstance(b, ast.Date) and "T" not in b.text:  # a date without a time of day: the whole day
        return instant(a, ctx), _midnight(_day(b, ctx) + timedelta(days=1), ctx)
    return instant(a, ctx), instant(b, ctx) + 1


def _calendar(frame: ast.TimeFrame, ctx: LanguageContext) -> tuple[int | None, int | None]:
    today = datetime.fromtimestamp(ctx.now, ctx.config.tz).date()
    if frame.op == "on":
        assert isinstance(frame.start, ast.Date)
        day = _day(frame.start, ctx)
        return _midnight(day, ctx), _midnight(day + timedelta(days=1), ctx)
    if frame.op == "today":
        return _midnight(today, ctx), None
    if frame.op == "yesterday":
        return _midnight(today - timedelta(days=1), ctx), _midnight(today, ctx)
    assert frame.unit is not None
    current = period_start(today, frame.unit, ctx.config)
    if frame.op == "this":
        return _midnight(current, ctx), None
    previous = period_start(current - timedelta(days=1), frame.unit, ctx.config)
    return _midnight(previous, ctx), _midnight(current, ctx)


def in_frame(at: int, frame: ast.TimeFrame, ctx: LanguageContext) -> bool:
    low, high = frame_bounds(frame, ctx)
    return (low is None or at >= low) and (high is None or at < high)
