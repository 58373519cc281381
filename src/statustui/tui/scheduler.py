"""While the app is open, the `on schedule` rules run each schedule turn (`rules.schedule_every`) in a thread
worker, like `statustui rules watch`; a turn another process already ran (or is running) is left to it.

The app asks every `tick_seconds` whether the next turn is due by the service's clock (so a fixed `--now` or
a test's clock decides, not the timer), and the turn's outcome comes back as a `ScheduleTurnDone` message.
`last_run` and `next_at` are for the rules view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from statustui.rules.pending import apply_pending, pending_count
from statustui.rules.runtime import RulesStopped, rule_set
from statustui.rules.scheduler import Turn, last_run, run_turn, turn_start
from statustui.timeutil import format_instant
from statustui.tui.db_threads import worker_connection

if TYPE_CHECKING:
    from textual.app import App

    from statustui.services import Service

TICK_SECONDS = 30.0


class ScheduleTurnDone(Message):
    """A schedule turn ended: ran (`turn.ran_at`), skipped (another process) or stopped (rules or cap)."""

    def __init__(self, turn: Turn) -> None:
        super().__init__()
        self.turn = turn


class PendingApplied(Message):
    """The engagement rules ran on the engagements imported `--without-rules` (rules.pending)."""

    def __init__(self, text: str, errors: list[str]) -> None:
        super().__init__()
        self.text = text
        self.errors = errors


class AppScheduler:
    def __init__(self, app: App[None], service: Service, tick_seconds: float = TICK_SECONDS) -> None:
        self.app = app
        self.service = service
        self.tick_seconds = tick_seconds
        self.last_run: int | None = None  # by any process
        self.next_at: int | None = None  # None: due at the first tick (not at once: the app opens first)
        self.message = ""

    def start(self) -> None:
        self.app.set_interval(self.tick_seconds, self.tick)
        self.app.run_worker(self._read_last_run, thread=True, group="schedule", exit_on_error=False)
        self.apply_pending()

    def _read_last_run(self) -> None:
        with worker_connection(self.service.db):
            ran = last_run()
        self.app.call_from_thread(setattr, self, "last_run", ran)

    def apply_pending(self) -> None:
        """When the rule files are valid and engagements wait as pending, give them their rules."""
        if rule_set(self.service).ok:
            self.app.run_worker(
                self._pending, thread=True, group="pending", exclusive=True, exit_on_error=False
            )

    def _pending(self) -> None:
        with worker_connection(self.service.db):
            try:
                if not pending_count():
                    return
                result = apply_pending(self.service)
            except (
                Exception
            ) as e:  # busy, or the rules broke again meanwhile: the next change of files retries
                self.app.call_from_thread(
                    self.app.post_message, PendingApplied(f"pending engagements: {e}", [str(e)])
                )
                return
        text = (
            f"engagement rules applied to {result.ingested:,} engagements imported while the rules had errors: "
            f"{result.status_changes:,} status changes"
        )
        self.app.call_from_thread(self.app.post_message, PendingApplied(text, result.errors))

    def tick(self) -> None:
        if self.next_at is not None and self.service.now() < self.next_at:
            return
        if any(w.group == "schedule" and not w.is_finished for w in self.app.workers):
            return  # a slow turn is not stacked
        self.app.run_worker(self._turn, thread=True, group="schedule", exit_on_error=False)

    def _turn(self) -> None:
        every = self.service.config.rules.schedule_every_seconds
        with worker_connection(self.service.db):
            try:
                turn = run_turn(self.service)
            except RulesStopped as e:  # the warning line already says so; try again next turn
                turn = Turn(turn_start(self.service.now(), every), every, message=str(e))
            except Exception as e:  # busy or unreachable: the next turn tries again
                turn = Turn(turn_start(self.service.now(), every), every, message=f"schedule rules: {e}")
            ran = last_run()
        self.app.call_from_thread(self._done, turn, ran)

    def summary(self) -> str:
        """`schedule rules: last run 2026-11-20 12:01, next 12:15` for the rules view."""
        tz = self.service.config.tz
        last = format_instant(self.last_run, tz) if self.last_run is not None else "not yet"
        upcoming = format_instant(self.next_at, tz) if self.next_at is not None else "due"
        return f"schedule rules every {self.service.config.rules.schedule_every}: last run {last}, next {upcoming}"

    def _done(self, turn: Turn, ran: int | None) -> None:
        self.last_run, self.next_at, self.message = ran, turn.next_at, turn.message
        self.app.post_message(ScheduleTurnDone(turn))
