"""The rules view (`r`): each rule with how many contacts it changed in the last 30 days and, for schedule
rules, how many a run would change now; the highlighted rule's whole text; file errors with their caret.

Counts come from workers (the history, a dry run) and are read again after an undo, a run or a file change
(`reload`). `x` runs the schedule rules after a confirmation, enter edits the rule's file in the app, `e`
in $VISUAL / $EDITOR (the app suspends meanwhile).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, ProgressBar, Static

from statustui.language.ast import OnSchedule, Rule
from statustui.rules.activity import RECENT_DAYS, contacts_changed_by_rule
from statustui.rules.loader import RuleSet
from statustui.rules.runtime import RulesStopped, rule_set, run_rules
from statustui.rules.schedule import ScheduleReport
from statustui.rules.triggers import describe_trigger
from statustui.services import Service
from statustui.tui.db_threads import closes_connection
from statustui.tui.key_footer import KeyFooter
from statustui.tui.prompts import Confirm
from statustui.tui.query_highlighter import RuleHighlighter
from statustui.tui.rule_editor import RuleEditor
from statustui.tui.text import plain, plain_lines

if TYPE_CHECKING:
    from statustui.tui.app import StatusApp

WIDE = 110  # from this width the table also shows each rule's file and trigger
COUNT_WIDTH = 9


def rule_source(rule: Rule, rules: list[Rule]) -> str:
    """The rule's own lines of its file: from its `rule` line to the next rule's, without trailing blanks
    and comments (they introduce the next rule)."""
    lines = rule.text.splitlines()
    later = [r.line for r in rules if r.file == rule.file and r.line > rule.line]
    own = lines[rule.line - 1 : min(later, default=len(lines) + 1) - 1]
    while own and (not own[-1].strip() or own[-1].lstrip().startswith("#")):
        own.pop()
    return "\n".join(own)


def editor_command() -> tuple[list[str], str]:
    """The editor `e` opens, and how it was chosen: $VISUAL, then $EDITOR, then nano if present, else vi."""
    for variable in ("VISUAL", "EDITOR"):
        if os.environ.get(variable, "").strip():
            command = shlex.split(os.environ[variable])
            return command, f"{command[0]} (${variable})"
    fallback = "nano" if shutil.which("nano") else "vi"
    return [fallback], f"{fallback} ($VISUAL and $EDITOR are not set)"


class RulesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", tooltip="back to the list", id="rules-back"),
        Binding("enter", "edit_here", "Edit", tooltip="edit the rule's file here, with a live count", id="rules-edit", priority=True),
        Binding("u", "app.undo", "Undo", tooltip="undo the last change (a rules run is one)", id="rules-undo"),
        Binding("x", "run_schedule", "Run schedule", tooltip="run the schedule rules now (asks; u undoes)", id="rules-run"),
        Binding("e", "edit", "External editor", tooltip="edit the rule's file in $VISUAL or $EDITOR", id="rules-edit-external"),
    ]  # fmt: skip

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.rules = RuleSet()
        self.recent: dict[str, int] | None = None  # rule name -> contacts changed in the last 30 days
        self.now_counts: dict[str, int] | None = None  # schedule rule name -> would change now

    @property
    def status_app(self) -> StatusApp:
        return cast("StatusApp", self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="rules"):
            yield Static(id="rules-summary")
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="rules-busy")
            yield DataTable(id="rules-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="rule-place", classes="section-title")
            yield Static(id="rule-source")
            yield Static("Errors", classes="section-title", id="rules-errors-title")
            yield Static(id="rules-errors")
        yield KeyFooter()

    def _busy(self, busy: bool) -> None:
        """A dry run or a rules run under way: a moving bar, the screen stays usable."""
        self.query_one("#rules-busy").display = busy

    def on_mount(self) -> None:
        self._busy(False)
        self.query_one(DataTable).focus()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Back from the rule editor (or anything else): the files and counts may have changed."""
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        self._fill_table()

    def reload(self) -> None:
        """Read the rule files again (cheap: cached until a file changes); the counts follow from workers."""
        self.rules = rule_set(self.service)
        self.recent = self.now_counts = None
        errors = "\n\n".join(str(p) for p in self.rules.problems)
        self.query_one("#rules-errors", Static).update(plain_lines(errors, style="#e5484d"))
        self.query_one("#rules-errors-title").display = bool(self.rules.problems)
        n, files = len(self.rules.rules), len(self.rules.files)
        state = (
            "automatic rules are running"
            if self.rules.active
            else self.rules.stopped_message
            if self.rules.problems
            else "no rules"
        )
        summary = f"{n} rule{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''} · {state}"
        scheduler = getattr(self.app, "scheduler", None)
        if scheduler is not None and any(isinstance(r.trigger, OnSchedule) for r in self.rules.rules):
            summary += " · " + scheduler.summary()  # tui/scheduler.py (the rules engineer's)
        self.query_one("#rules-summary", Static).update(plain(summary))
        self._fill_table()
        self.count_recent()
        if self.rules.ok and any(isinstance(r.trigger, OnSchedule) for r in self.rules.rules):
            self.dry_run()

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        wide = self.size.width >= WIDE
        fixed = 2 * COUNT_WIDTH + (48 if wide else 0)
        name_width = max(12, self.size.width - fixed - 2 * (4 if wide else 2) - 4)
        table.add_column("Rule", width=name_width)
        if wide:
            table.add_column("File", width=20)
            table.add_column("Trigger", width=28)
        table.add_column(Text(f"{RECENT_DAYS} days", justify="right"), width=COUNT_WIDTH)
        table.add_column(Text("Now", justify="right"), width=COUNT_WIDTH)
        for rule in self.rules.rules:
            cells = [plain(rule.name)]
            if wide:
                cells += [plain(rule.file or "-"), plain(describe_trigger(rule.trigger))]
            table.add_row(*cells, self._recent_cell(rule), self._now_cell(rule))
        if self.rules.rules:
            table.move_cursor(row=min(row, len(self.rules.rules) - 1))
        self._show_source()

    def _recent_cell(self, rule: Rule) -> Text:
        if self.recent is None:
            return Text("…", style="dim", justify="right")
        return Text(f"{self.recent.get(rule.name, 0):,}", justify="right")

    def _now_cell(self, rule: Rule) -> Text:
        if not isinstance(rule.trigger, OnSchedule):  # other rules act on events, not on a run
            return Text("")
        if self.now_counts is None:
            return Text("…" if self.rules.ok else "", style="dim", justify="right")
        return Text(f"{self.now_counts.get(rule.name, 0):,}", justify="right")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_source()

    @property
    def current(self) -> Rule | None:
        row = self.query_one(DataTable).cursor_row
        return self.rules.rules[row] if 0 <= row < len(self.rules.rules) else None

    def _show_source(self) -> None:
        rule = self.current
        place = self.query_one("#rule-place", Static)
        source = self.query_one("#rule-source", Static)
        place.display = source.display = rule is not None
        if rule is None:
            return
        place.update(plain(f"{rule.file}:{rule.line}"))
        text = Text(rule_source(rule, self.rules.rules).replace("\t", "    "), no_wrap=False)
        RuleHighlighter(self.service.config).highlight(text)
        source.update(text)

    # -- counts, in workers ------------------------------------------------------------
    @work(thread=True, exclusive=True, group="rules-recent")
    @closes_connection
    def count_recent(self) -> None:
        since = self.service.now() - RECENT_DAYS * 86400
        try:
            counts = contacts_changed_by_rule(since)
        except Exception as e:  # the database busy or gone: said, the column stays "…"
            self.status_app.from_worker(
                self.app.notify, f"could not read the rules' history: {e}", severity="error"
            )
            return
        self.status_app.from_worker(self._show_recent, counts)

    def _show_recent(self, counts: dict[str, int]) -> None:
        self.recent = counts
        self._fill_table()

    @work(thread=True, exclusive=True, group="rules-dry-run")
    @closes_connection
    def dry_run(self) -> None:
        self.status_app.from_worker(self._busy, True)
        try:
            report = run_rules(self.service, dry_run=True)
        except RulesStopped:  # the errors are on screen already
            return
        except Exception as e:  # the database busy, a rule failing at run time: said, never a crash
            self.status_app.from_worker(self.app.notify, f"dry run failed: {e}", severity="error")
            return
        finally:
            self.status_app.from_worker(self._busy, False)
        self.status_app.from_worker(self._show_counts, report)

    def _show_counts(self, report: ScheduleReport) -> None:
        self.now_counts = {run.rule.name: run.changed for run in report.runs}
        self._fill_table()

    # -- actions -------------------------------------------------------------------
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
            self.status_app.from_worker(self.app.notify, str(e), severity="error")
            return
        finally:
            self.status_app.from_worker(self._busy, False)
        self.status_app.from_worker(self.app.notify, f"rules run: {report.changed:,} status changes")
        for error in report.errors:
            self.status_app.from_worker(self.app.notify, error, severity="error")
        self.status_app.from_worker(self.status_app.data_changed)
        self.status_app.from_worker(self.reload)

    def _current_file(self) -> str:
        rule = self.current
        if rule is not None and rule.file:
            return rule.file
        return self.rules.files[0] if self.rules.files else ""

    def action_edit_here(self) -> None:
        rule = self.current
        name = self._current_file() or "10-my.rules"
        self.app.push_screen(RuleEditor(self.service, name, rule.line if rule and rule.file == name else 1))

    def action_edit(self) -> None:
        name = self._current_file()
        path = self.service.workspace.rules_dir / name if name else self.service.workspace.rules_dir
        command, which = editor_command()
        self.app.notify(f"editing {name or 'the rules folder'} in {which}")
        try:
            with self.app.suspend():
                subprocess.run([*command, str(path)], check=False)
        except Exception as e:  # no terminal to hand over (tests, web) or no such editor
            self.app.notify(f"cannot open {which}: {e}", severity="error")
            return
        self.reload()
