"""Points one engagement adds to a contact's Smart Score, in Python (ingestion) and in SQL (recompute).

An engagement is worth `kind_points[kind] + channel_points[channel]`. With `score.recent_within` set, one
that happened more than that long before the *score date* counts half (rounded toward zero). The score date
is fixed (stored in the database, see `score_date`), not the clock: an engagement's points never change
between two computations, so adding them one event at a time gives exactly what a full recompute gives.
`statustui score recompute --rebase` moves the score date to now, so older engagements age out.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from peewee import SQL, Case, ColumnBase, Node, Value

from statustui.config import WorkspaceConfig
from statustui.durations import parse_duration
from statustui.store.models import Contact, Meta

SCORE_DATE_KEY = "score_date"


def half(points: int) -> int:
    """Half, rounded toward zero: what integer division does in SQLite and PostgreSQL."""
    return -(-points // 2) if points < 0 else points // 2


def recent_seconds(config: WorkspaceConfig) -> int | None:
    return _seconds(config.score.recent_within)


@lru_cache(maxsize=16)
def _seconds(duration: str | None) -> int | None:
    # parsed once: engagement_points runs for every ingested event
    return parse_duration(duration) if duration else None


def engagement_points(
    config: WorkspaceConfig, channel: str | None, kind: str, occurred_at: int = 0, score_date: int = 0
) -> int:
    """The points one engagement adds; `occurred_at` and `score_date` matter only with `recent_within`."""
    score = config.score
    points = score.kind_points.get(kind, 0) + (score.channel_points.get(channel, 0) if channel else 0)
    recent = recent_seconds(config)
    if recent is not None and occurred_at < score_date - recent:
        return half(points)
    return points


def engagement_points_expr(
    config: WorkspaceConfig, score_date: int, channel: Node, kind: Node, occurred_at: ColumnBase
) -> Node:
    """`engagement_points` as a SQL expression over the given columns (the same numbers, set-based)."""
    score = config.score
    kinds = [(k, Value(p)) for k, p in score.kind_points.items() if p]
    channels = [(c, Value(p)) for c, p in score.channel_points.items() if p]
    base: Any = Case(kind, kinds, 0) if kinds else Value(0)
    if channels:
        base = base + Case(channel, channels, 0)  # a NULL channel matches no WHEN: 0
    recent = recent_seconds(config)
    if recent is None:
        return base
    # Integer division truncates toward zero on both databases, as `half` does.
    return Case(None, [(occurred_at < score_date - recent, base / 2)], base)


def status_points_expr(config: WorkspaceConfig, status: Node = Contact.status) -> Node:
    """The bonus or malus of the status named in `status` (0 for statuses without points)."""
    cases = [(s.name, Value(p)) for s in config.statuses if (p := config.score.status_points.get(s.key, 0))]
    return Case(status, cases, 0) if cases else SQL("0")


def score_date(now: int) -> int:
    """The stored score date; the first call stores `now` (call inside the caller's transaction)."""
    Meta.insert(key=SCORE_DATE_KEY, value=str(now)).on_conflict_ignore().execute()
    return int(Meta.get(Meta.key == SCORE_DATE_KEY).value)


def set_score_date(when: int) -> None:
    Meta.insert(key=SCORE_DATE_KEY, value=str(when)).on_conflict(
        conflict_target=[Meta.key], update={Meta.value: str(when)}
    ).execute()
