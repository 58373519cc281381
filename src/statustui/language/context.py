"""What the language needs to know about a workspace, and how it reads times in the workspace's time zone."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from statustui.config import WorkspaceConfig
from statustui.language import ast

DAY = 86400


@dataclass
class LanguageContext:
    """The workspace's names and "now" (epoch seconds), for checking, compiling and evaluating.

    `tags` and `fields` list the names in use, for completion and did-you-mean only: an unknown tag or field
    is not an error (it simply matches no one). `top_threshold` is store.ranking.top_threshold in production.
    """

    config: WorkspaceConfig
    now: int
    tags: Callable[[], Collection[str]] = tuple
    fields: Callable[[], Collection[str]] = tuple
    top_threshold: Callable[[float], int | None] = lambda _percent: None
    # Whether few contacts (a few percent) hold these statuses: then a count tests sub-tables per contact
    # (EXISTS) instead of collecting every matching id (IN). store.estimates.few_with_status in production.
    few_with_status: Callable[[Collection[str]], bool] = lambda _statuses: False


def instant(value: ast.Duration | ast.Date, ctx: LanguageContext) -> int:
    """The moment a time-frame point names: `14d` is 14 days before now; a date is its local midnight."""
    if isinstance(value, ast.Duration):
        return ctx.now - value.seconds
    return int(_local(value, ctx).timestamp())


def day_end(value: ast.Duration | ast.Date, ctx: LanguageContext) -> int:
    """The last second a `between` end point includes: a whole day for a date without a time of day."""
    if isinstance(value, ast.Date) and "T" not in value.text:
        return int((_local(value, ctx) + timedelta(days=1)).timestamp()) - 1
    return instant(value, ctx)


def _local(value: ast.Date, ctx: LanguageContext) -> datetime:
    tz = ctx.config.tz
    if value.text in ("today", "yesterday"):
        today = datetime.fromtimestamp(ctx.now, tz).replace(hour=0, minute=0, second=0, microsecond=0)
        return today if value.text == "today" else today - timedelta(days=1)  # wall-clock arithmetic
    return datetime.fromisoformat(value.text).replace(tzinfo=tz)


def frame_bounds(frame: ast.TimeFrame, ctx: LanguageContext) -> tuple[int | None, int | None, bool]:
    """(low, high, strict) for a time frame, None meaning open-ended.

    within D: [now - D, open); before T: (open, T) strict; after T: (T, open) strict; between A and B:
    [A, end of B], both whole days included, in either order. `strict` says the bounds exclude themselves.
    """
    if frame.op == "within":
        return instant(frame.start, ctx), None, False
    if frame.op == "before":
        return None, instant(frame.start, ctx), True
    if frame.op == "after":
        return instant(frame.start, ctx), None, True
    assert frame.end is not None
    a, b = frame.start, frame.end
    if instant(a, ctx) > instant(b, ctx):
        a, b = b, a
    return instant(a, ctx), day_end(b, ctx), False


def in_frame(at: int, frame: ast.TimeFrame, ctx: LanguageContext) -> bool:
    low, high, strict = frame_bounds(frame, ctx)
    if strict:
        return (low is None or at > low) and (high is None or at < high)
    return (low is None or at >= low) and (high is None or at <= high)
