"""The rules view (`r`): each rule with its file, trigger and dry-run count; file errors with their caret.

`x` runs the schedule rules after a confirmation, `e` opens the highlighted rule's file in $EDITOR (the
app suspends meanwhile). The app re-reads the files when they change on disk (`reload`).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, ProgressBar, Static

from statustui.language.ast import OnSchedule
from statustui.rules.runtime import RulesStopped, rule_set, run_rules
from statustui.rules.schedule import ScheduleReport
from statustui.rules.triggers import describe_trigger
from statustui.services import Service
from statustui.tui.db_threads import closes_connection
from statustui.tui.key_footer import KeyFooter
from statustui.tui.prompts import Confirm
from statustui.tui.text import plain, plain_lines

if TYPE_CHECKING:
    from statustui.tui.app import StatusApp


class RulesScreen(Screen[None]):
    @property
    def status_app(self) -> StatusApp:
        """The app this screen runs in (Textual types `self.app` as any App)."""
        return cast("StatusApp", self.app)

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", tooltip="back to the list", id="rules-back"),
        Binding(
            "x",
            "run_schedule",
            "Run schedule",
            tooltip="run the schedule rules now (asks first; u undoes)",
            id="rules-run",
        ),
        Binding(
            "e",
            "edit",
            "Edit file",
            tooltip="edit the rule's file in $VISUAL or $EDITOR",
            id="rules-edit-external",
        ),
    ]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.files: list[str] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="rules"):
            yield Static(id="rules-summary")
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="rules-busy")
            yield DataTable(id="rules-table", cursor_type="row", zebra_stripes=True)
            yield Static("Errors", classes="section-title", id="rules-errors-title")
            yield Static(id="rules-errors")
        yield KeyFooter()

    def _busy(self, busy: bool) -> None:
        """A dry run or a rules run under way: a moving bar, the screen stays usable."""
        self.query_one("#rules-busy").display = busy

    def on_mount(self) -> None:
        self._busy(False)
        table = self.query_one(DataTable)
        table.add_columns("Rule", "File", "Trigger", "Would change now")
        self.reload()

    def reload(self) -> None:
        """Read the rule files again; dry-run counts follow from a worker."""
        rules = rule_set(self.service)
        table = self.query_one(DataTable)
        table.clear()
        self.files = []
        for rule in rules.rules:
            table.add_row(
                plain(rule.name),
                plain(rule.file or "-"),
                plain(describe_trigger(rule.trigger)),
                Text("…", style="dim"),
            )
            self.files.append(rule.file or "")
        errors = "\n\n".join(str(p) for p in rules.problems)
        self.query_one("#rules-errors", Static).update(plain_lines(errors, style="#e5484d"))
        self.query_one("#rules-errors-title").display = bool(rules.problems)
        summary = f"{len(rules.rules)} rules in {len(rules.files)} files · " + (
            "automatic rules are running"
            if rules.active
            else rules.stopped_message
            if rules.problems
            else "no rules"
        )
        scheduler = getattr(self.app, "scheduler", None)
        if scheduler is not None and any(isinstance(r.trigger, OnSchedule) for r in rules.rules):
            summary += " · " + scheduler.summary()  # tui/scheduler.py (the rules engineer's)
        self.query_one("#rules-summary", Static).update(plain(summary))
        if rules.ok:
            self.dry_run()

    @work(thread=True, exclusive=True, group="rules-dry-run")
    @closes_connection
    def dry_run(self) -> None:
        self.status_app.from_worker(self._busy, True)
        try:
            report = run_rules(self.service, dry_run=True)
        except RulesStopped:  # the errors are on screen already
            return
        except Exception as e:  # the database busy, a rule failing at run time: said, never a crash
            self.status_app.from_worker(self.status_app.notify, f"dry run failed: {e}", severity="error")
            return
        finally:
            self.status_app.from_worker(self._busy, False)
        self.status_app.from_worker(self._show_counts, report)

    def _show_counts(self, report: ScheduleReport) -> None:
        table = self.query_one(DataTable)
        by_name = {run.rule.name: run for run in report.runs}
        for index, rule in enumerate(rule_set(self.service).rules):
            run = by_name.get(rule.name)
            if index >= table.row_count:
                break
            cell = Text("-", style="dim") if run is None else Text(f"{run.changed:,}")
            table.update_cell_at(Coordinate(index, 3), cell)

    def action_run_schedule(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_schedule()

        self.app.push_screen(Confirm("Run the schedule rules now? (u undoes the whole run)"), confirmed)

    @work(thread=True, exclusive=True, group="change")
    @closes_connection
    def run_schedule(self) -> None:
        self.status_app.from_worker(self._busy, True)
        try:
            report = run_rules(self.service)
        except Exception as e:  # stopped by rule file errors, or failing at run time
            self.status_app.from_worker(self.status_app.notify, str(e), severity="error")
            return
        finally:
            self.status_app.from_worker(self._busy, False)
        self.status_app.from_worker(self.status_app.notify, f"rules run: {report.changed:,} status changes")
        for error in report.errors:
            self.status_app.from_worker(self.status_app.notify, error, severity="error")
        self.status_app.from_worker(self.reload)

    def action_edit(self) -> None:
        table = self.query_one(DataTable)
        name = self.files[table.cursor_row] if self.files and table.cursor_row < len(self.files) else ""
        path = self.service.workspace.rules_dir / name if name else self.service.workspace.rules_dir
        command = [*shlex.split(os.environ.get("EDITOR") or "vi"), str(path)]
        try:
            with self.app.suspend():
                subprocess.run(command, check=False)
        except Exception as e:  # no terminal to hand over (tests, web) or no such editor
            self.app.notify(f"cannot open an editor: {e}", severity="error")
            return
        self.reload()
