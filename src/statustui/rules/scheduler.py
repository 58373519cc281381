"""Schedule turns: the `on schedule` rules run once per interval (`rules.schedule_every`, default 15m) by
whoever gets there first - `statustui rules run --schedule` from cron, `statustui rules watch`, or an open app.

A turn is the interval that holds "now" (turns start at multiples of the interval since the epoch). The turn
that ran last is kept in the `meta` table and claimed in the run's own transaction, so a turn runs once
however many processes try. On PostgreSQL a session advisory lock is tried first: a process that finds
another running a turn says so at once and waits for the next turn instead of queueing behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from peewee import Database, PostgresqlDatabase

from statustui.language.ast import OnSchedule
from statustui.rules.runtime import rule_set, run_rules
from statustui.rules.schedule import ScheduleReport
from statustui.store.models import Meta
from statustui.timeutil import format_instant

if TYPE_CHECKING:
    from statustui.services import Service

LAST_TURN = "schedule_last_turn"  # the start of the turn that ran last (epoch seconds)
LAST_RUN = "schedule_last_run"  # when it ran


@dataclass
class Turn:
    start: int  # the turn's first second
    every: int  # seconds
    ran_at: int | None = None  # None: it did not run here
    report: ScheduleReport | None = None
    message: str = ""  # what happened, in a sentence

    @property
    def next_at(self) -> int:
        return self.start + self.every


def turn_start(now: int, every: int) -> int:
    return now - now % every


def run_turn(service: Service, yes: bool = False) -> Turn:
    """Run this turn's schedule rules unless another process runs or ran them."""
    now = service.now()
    every = service.config.rules.schedule_every_seconds
    turn = Turn(turn_start(now, every), every)
    tz = service.config.tz
    if not any(isinstance(r.trigger, OnSchedule) for r in rule_set(service).rules):
        turn.message = "no `on schedule` rules to run"
        return turn
    with _turn_lock(service.db) as free:
        if not free:
            turn.message = (
                "another statustui is running the schedule rules right now; waiting for the next turn at "
                f"{format_instant(turn.next_at, tz)}"
            )
            return turn
        report = run_rules(service, yes=yes, claim=lambda: _claim(turn, now, tz))
    turn.report = report
    if report.skipped is not None:
        turn.message = report.skipped
    elif report.capped is not None:
        turn.message = report.cap_message
    else:
        turn.ran_at = now
        turn.message = f"ran the schedule rules: {report.changed:,} status changes"
    return turn


def last_run() -> int | None:
    """When a schedule turn last ran, by any process (None: never)."""
    row = Meta.get_or_none(Meta.key == LAST_RUN)
    return int(row.value) if row is not None else None


def watch(
    service: Service,
    report: Callable[[Turn], None],
    sleep: Callable[[float], None],
    wall_clock: Callable[[], int],
) -> None:
    """`statustui rules watch`: a turn, then sleep until the next one, until interrupted."""
    while True:
        turn = run_turn(service)
        report(turn)
        sleep(max(1, turn.next_at - wall_clock()))


def _claim(turn: Turn, now: int, tz: ZoneInfo) -> str | None:
    """Inside the run's transaction: take this turn, or say that another process already did."""
    row = Meta.get_or_none(Meta.key == LAST_TURN)
    if row is not None and int(row.value) >= turn.start:
        ran = last_run()
        when = f" at {format_instant(ran, tz)}" if ran is not None else ""
        return (
            f"this turn's schedule rules already ran{when}; waiting for the next turn at "
            f"{format_instant(turn.next_at, tz)}"
        )
    for key, value in ((LAST_TURN, turn.start), (LAST_RUN, now)):
        Meta.insert(key=key, value=str(value)).on_conflict(
            conflict_target=[Meta.key], update={Meta.value: str(value)}
        ).execute()
    return None


@contextmanager
def _turn_lock(db: Database) -> Iterator[bool]:
    """PostgreSQL: a session advisory lock for schedule turns of this workspace schema, tried without
    waiting. SQLite: the write transaction's lock orders turns, and the claim makes the second one a no-op."""
    if not isinstance(db, PostgresqlDatabase):
        yield True
        return
    key = "SELECT hashtext(current_schema() || ':schedule')"
    (free,) = db.execute_sql(f"SELECT pg_try_advisory_lock(({key}))").fetchone()
    try:
        yield bool(free)
    finally:
        if free:
            db.execute_sql(f"SELECT pg_advisory_unlock(({key}))")
