"""The rule editor (enter in the rules view): a rule file in a TextArea with the language's colors, the
first error with its caret as you type, and for the rule under the cursor a live dry-run count.

The file is checked as the workspace would load it with this text (duplicate names across files included).
Saving writes a temporary file and renames it over the old one; a text with an error is saved only after
a confirmation, because saving it stops automatic rules.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static, TextArea
from textual.worker import get_current_worker

from statustui.language import context_for
from statustui.language.ast import OnSchedule, Rule
from statustui.rules.loader import RuleSet, load_rules
from statustui.rules.schedule import run_schedule
from statustui.rules.triggers import describe_trigger
from statustui.services import Service
from statustui.tui.db_threads import closes_connection
from statustui.tui.key_footer import KeyFooter
from statustui.tui.prompts import Confirm
from statustui.tui.query_highlighter import RuleHighlighter
from statustui.tui.text import plain, plain_lines

if TYPE_CHECKING:
    from statustui.tui.app import StatusApp

COUNT_DELAY = 0.3  # seconds of quiet typing before the dry run starts


class RuleTextArea(TextArea):
    """A TextArea colored by the rule highlighter (the language has no tree-sitter grammar)."""

    def __init__(self, text: str, highlighter: RuleHighlighter, **kwargs: object) -> None:
        super().__init__(text, soft_wrap=False, show_line_numbers=True, tab_behavior="indent", **kwargs)  # type: ignore[arg-type]
        self.highlighter = highlighter

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        self.highlighter.highlight(line)
        return line


def write_atomically(path: Path, text: str) -> None:
    """A crash mid-save leaves the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class RuleEditor(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="save the file (asks first if it has an error)", id="editor-save"),
        Binding("escape", "close", "Close", tooltip="back to the rules (asks first if not saved)", id="editor-close", priority=True),
    ]  # fmt: skip

    def __init__(self, service: Service, name: str, line: int = 1) -> None:
        super().__init__()
        self.service = service
        self.file_name = name
        self.path = service.workspace.rules_dir / name
        self.saved_text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        self.start_line = line
        self.rules = RuleSet()
        self.counted: tuple[str, str] | None = None  # (rule text, name) whose count is shown

    @property
    def status_app(self) -> StatusApp:
        return cast("StatusApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="editor-title", classes="section-title")
        yield RuleTextArea(self.saved_text, RuleHighlighter(self.service.config), id="editor-text")
        yield Static(id="editor-error")
        yield Static(id="editor-count")
        yield KeyFooter()

    @property
    def area(self) -> RuleTextArea:
        return self.query_one(RuleTextArea)

    def on_mount(self) -> None:
        self.area.focus()
        self.area.cursor_location = (max(0, self.start_line - 1), 0)
        self.check()

    @property
    def dirty(self) -> bool:
        return self.area.text != self.saved_text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.check()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        self.count_current()

    # -- checking and counting -------------------------------------------------------
    def check(self) -> None:
        """The workspace's rules as they would be with this text; the first error of this file shown."""
        ctx = context_for(self.service)
        self.rules = load_rules(self.service.workspace.rules_dir, ctx, {self.file_name: self.area.text})
        mine = [p for p in self.rules.problems if p.source == self.file_name]
        others = len(self.rules.problems) - len(mine)
        title = f"{self.file_name}{' (not saved)' if self.dirty else ''}"
        if others:
            title += f" · {others} error{'s' if others != 1 else ''} in other files"
        self.query_one("#editor-title", Static).update(plain(title))
        error = self.query_one("#editor-error", Static)
        error.display = bool(mine)
        error.update(plain_lines(str(mine[0]), style="#e5484d") if mine else "")
        self.count_current()

    def rule_at_cursor(self) -> Rule | None:
        row = self.area.cursor_location[0] + 1
        mine = [r for r in self.rules.rules if r.file == self.file_name and r.line <= row]
        return max(mine, key=lambda r: r.line, default=None)

    def count_current(self) -> None:
        rule = self.rule_at_cursor()
        count = self.query_one("#editor-count", Static)
        if rule is None:
            self.counted = None
            count.update(Text("no rule under the cursor", style="dim") if self.rules.ok else "")
            return
        key = (repr(rule), rule.name)
        if key == self.counted:
            return
        self.counted = key
        count.update(plain(f"{rule.name}: counting…", style="dim"))
        self.dry_run(rule)

    @work(thread=True, exclusive=True, group="editor-count")
    @closes_connection
    def dry_run(self, rule: Rule) -> None:
        """How many contacts the rule would change if it ran now (a schedule run of it alone, rolled back)."""
        time.sleep(COUNT_DELAY)
        if get_current_worker().is_cancelled:
            return
        as_run = (
            rule if isinstance(rule.trigger, OnSchedule) else dataclasses.replace(rule, trigger=OnSchedule())
        )
        try:
            report = run_schedule(self.service, [as_run], context_for(self.service), None, dry_run=True)
        except Exception as e:  # the database busy, the rule failing at run time: said under the text
            self.status_app.from_worker(self._show_count, rule, f"{rule.name}: could not count: {e}")
            return
        n = report.changed
        when = "" if isinstance(rule.trigger, OnSchedule) else f" if run ({describe_trigger(rule.trigger)})"
        message = f"{rule.name}: would change {n:,} contact{'s' if n != 1 else ''} now{when}"
        self.status_app.from_worker(self._show_count, rule, message)

    def _show_count(self, rule: Rule, message: str) -> None:
        if self.counted == (repr(rule), rule.name):
            self.query_one("#editor-count", Static).update(plain(message, style="bold"))

    # -- saving and leaving ----------------------------------------------------------------
    def action_save(self) -> None:
        mine = [p for p in self.rules.problems if p.source == self.file_name]
        if not mine:
            self._save()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._save()

        question = (
            f"{self.file_name} has an error (line {mine[0].line}). Saving it stops automatic rules until it is "
            "fixed; manual changes still work. Save anyway?"
        )
        self.app.push_screen(Confirm(question), confirmed)

    def _save(self) -> None:
        text = self.area.text
        try:
            write_atomically(self.path, text)
        except OSError as e:
            self.app.notify(f"could not save {self.file_name}: {e}", severity="error")
            return
        self.saved_text = text
        self.app.notify(f"saved {self.file_name}")
        self.check()

    def action_close(self) -> None:
        if not self.dirty:
            self.dismiss()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss()

        self.app.push_screen(Confirm(f"Leave {self.file_name} without saving your changes?"), confirmed)
