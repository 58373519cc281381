"""Calendar frames (today, yesterday, this/last week, month, quarter, year, on DATE): the exact interval each
covers in the workspace's time zone (Berlin, across DST changes), and that SQL on both databases and the
evaluator select the same contacts with `--now` on week, month, quarter and year boundaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statustui.config import WorkspaceConfig
from statustui.language import LanguageContext, LanguageError, ast, format_query, parse_query
from statustui.language.context import frame_bounds
from tests.language.strategies import CONFIG, calendar_frames, contacts, fill
from tests.language.workspace import open_workspace

BERLIN = ZoneInfo("Europe/Berlin")


def local(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=BERLIN).timestamp())


def with_week_start(config: WorkspaceConfig, day: str) -> WorkspaceConfig:
    return replace(config, week_start=day)


# (now, frame, [start, end) as Berlin wall-clock times; None = open: runs until now)
MON_AFTER_DST_END = "2026-10-26T00:30"  # the clocks went back at 03:00 on Sunday 2026-10-25
NEW_YEAR = "2027-01-01T00:00"  # a Friday, exactly midnight: a new year, quarter, month and day begin
DST_START = "2026-03-29T12:00"  # Sunday; the clocks went forward at 02:00
BOUNDS = [
    (MON_AFTER_DST_END, "today", "2026-10-26T00:00", None),
    (MON_AFTER_DST_END, "yesterday", "2026-10-25T00:00", "2026-10-26T00:00"),  # 25 hours
    (MON_AFTER_DST_END, "this week", "2026-10-26T00:00", None),
    (MON_AFTER_DST_END, "last week", "2026-10-19T00:00", "2026-10-26T00:00"),  # 7 days and 1 hour
    (MON_AFTER_DST_END, "this month", "2026-10-01T00:00", None),
    (MON_AFTER_DST_END, "last month", "2026-09-01T00:00", "2026-10-01T00:00"),
    (MON_AFTER_DST_END, "this quarter", "2026-10-01T00:00", None),
    (MON_AFTER_DST_END, "last quarter", "2026-07-01T00:00", "2026-10-01T00:00"),
    (MON_AFTER_DST_END, "this year", "2026-01-01T00:00", None),
    (MON_AFTER_DST_END, "last year", "2025-01-01T00:00", "2026-01-01T00:00"),
    (MON_AFTER_DST_END, "on 2026-10-25", "2026-10-25T00:00", "2026-10-26T00:00"),
    (MON_AFTER_DST_END, "on yesterday", "2026-10-25T00:00", "2026-10-26T00:00"),
    (NEW_YEAR, "today", "2027-01-01T00:00", None),
    (NEW_YEAR, "yesterday", "2026-12-31T00:00", "2027-01-01T00:00"),
    (NEW_YEAR, "this week", "2026-12-28T00:00", None),
    (NEW_YEAR, "last week", "2026-12-21T00:00", "2026-12-28T00:00"),
    (NEW_YEAR, "this month", "2027-01-01T00:00", None),
    (NEW_YEAR, "last month", "2026-12-01T00:00", "2027-01-01T00:00"),
    (NEW_YEAR, "last quarter", "2026-10-01T00:00", "2027-01-01T00:00"),
    (NEW_YEAR, "this year", "2027-01-01T00:00", None),
    (NEW_YEAR, "last year", "2026-01-01T00:00", "2027-01-01T00:00"),
    (DST_START, "today", "2026-03-29T00:00", None),
    (DST_START, "yesterday", "2026-03-28T00:00", "2026-03-29T00:00"),
    (DST_START, "this week", "2026-03-23T00:00", None),
    (DST_START, "last quarter", "2025-10-01T00:00", "2026-01-01T00:00"),
    (DST_START, "on 2026-03-29", "2026-03-29T00:00", "2026-03-30T00:00"),  # 23 hours
]


@pytest.mark.parametrize(("now", "frame", "start", "end"), BOUNDS)
def test_each_calendar_frame_is_a_half_open_interval_of_local_days(
    now: str, frame: str, start: str, end: str | None
) -> None:
    ctx = LanguageContext(replace(CONFIG, timezone="Europe/Berlin"), local(now))
    query = parse_query(f"created {frame}").expr
    assert isinstance(query, ast.TimeCompare)
    assert frame_bounds(query.frame, ctx) == (local(start), None if end is None else local(end))


@pytest.mark.parametrize(
    ("week_start", "this_week", "last_week"),
    [
        ("monday", "2026-03-23", "2026-03-16"),
        ("sunday", "2026-03-29", "2026-03-22"),
        ("saturday", "2026-03-28", "2026-03-21"),
    ],
)
def test_weeks_start_on_the_configured_weekday(week_start: str, this_week: str, last_week: str) -> None:
    ctx = LanguageContext(
        with_week_start(replace(CONFIG, timezone="Europe/Berlin"), week_start), local(DST_START)
    )
    this = parse_query("created this week").expr
    last = parse_query("created last week").expr
    assert isinstance(this, ast.TimeCompare) and isinstance(last, ast.TimeCompare)
    assert frame_bounds(this.frame, ctx) == (local(f"{this_week}T00:00"), None)
    assert frame_bounds(last.frame, ctx) == (local(f"{last_week}T00:00"), local(f"{this_week}T00:00"))


@pytest.mark.parametrize(
    "text",
    [
        "engaged this week",
        "engaged email reply last month at least 2 times",
        "reached free_trial this quarter",
        "status was HOT last year",
        "status was in (HOT, WARM) yesterday",
        "status changed to WARM by rule today",
        "created on 2026-11-01",
        "last_engaged this month",
        "status_changed last quarter",
    ],
)
def test_every_time_test_takes_a_calendar_frame_and_prints_back(text: str) -> None:
    assert format_query(parse_query(text)) == text


def test_on_takes_a_day_without_a_time() -> None:
    with pytest.raises(LanguageError, match="on takes a whole day, without a time: on 2026-11-01"):
        parse_query("created on 2026-11-01T09:30")


NOWS = [MON_AFTER_DST_END, NEW_YEAR, DST_START, "2026-10-01T00:00", "2026-09-30T23:59"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    now=st.sampled_from(NOWS),
    week_start=st.sampled_from(["monday", "sunday"]),
    data=st.lists(contacts, min_size=1, max_size=7),
    frames=st.lists(calendar_frames, min_size=1, max_size=4),
)
def test_sql_and_evaluator_agree_on_calendar_frames(
    db_url: str,
    tmp_path: Path,
    now: str,
    week_start: str,
    data: list[dict[str, Any]],
    frames: list[ast.TimeFrame],
) -> None:
    ws = open_workspace(db_url, tmp_path)
    ws.config = with_week_start(replace(ws.config, timezone="Europe/Berlin"), week_start)
    ws.now = local(now)
    fill(ws, data, day=23 / 24)
    for frame in frames:
        for expr in (
            ast.TimeCompare(ast.Field("created"), frame),
            ast.TimeCompare(ast.Field("last_engaged"), frame),
            ast.Engaged(None, ast.Text("reply"), frame),
            ast.Not(ast.Engaged(None, None, frame)),
            ast.StatusWas((ast.Text("HOT"),), frame),
            ast.StatusChanged(None, ast.Text("WARM"), None, frame),
        ):
            text = format_query(expr)
            expected = ws.memory_ids(text)
            assert set(ws.sql_ids(text, "page")) == expected, (now, text)
            assert set(ws.sql_ids(text, "count")) == expected, (now, text)
