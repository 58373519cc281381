"""The Smart Search bar: a highlighted input, a completion dropdown (tab accepts) and the error with its caret.

Completion needs the workspace's tag and field names: a worker reads them when the bar mounts and when the
data changes (`read_names`); a keystroke completes from what was read, never from the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from statustui.config import WorkspaceConfig
from statustui.language import Completion
from statustui.language.rule_names import rule_names
from statustui.services import Service
from statustui.tui.app_log import log_error
from statustui.tui.db_threads import closes_connection
from statustui.tui.integrations import Names
from statustui.tui.query_highlighter import QueryHighlighter
from statustui.tui.text import plain, plain_lines

MAX_SHOWN = 10  # as many as the language offers

Completer = Callable[[str, int, Names], Completion]  # text, cursor, names -> candidates for the word there


def hint(config: WorkspaceConfig) -> str:
    """The empty bar's placeholder: how to start, with an example in the workspace's own statuses."""
    open_ones = [s for s in config.statuses if s.type == "open" and not s.default] or list(config.statuses)
    name = open_ones[0].name
    literal = name if re.fullmatch(r"[A-Za-z_]\w*", name) else '"' + name.replace('"', '\\"') + '"'
    return f"/ to search, e.g. status = {literal} and engaged within 14d (tab completes)"


def offset_of(text: str, line: int, column: int) -> int:
    """The cursor position of a 1-based line and column in `text` (a query pasted with newlines)."""
    lines = text.split("\n")
    before = sum(len(part) + 1 for part in lines[: line - 1])
    return min(before + column - 1, len(text))


class QueryInput(Input):
    BINDINGS = [
        Binding("tab", "accept_completion", "Complete", show=False, id="complete"),
        Binding("down", "move_completion(1)", show=False, id="completion-down"),
        Binding("up", "move_completion(-1)", show=False, id="completion-up"),
        Binding("escape", "leave", "Leave bar", show=False, id="leave-search"),
    ]

    @property
    def bar(self) -> SearchBar:
        return self.query_ancestor(SearchBar)

    def action_accept_completion(self) -> None:
        if not self.bar.accept_completion():
            self.screen.focus_next()

    def action_move_completion(self, delta: int) -> None:
        self.bar.move_completion(delta)

    def action_leave(self) -> None:
        if not self.bar.hide_completions():
            self.post_message(SearchBar.Left())


class SearchBar(Vertical):
    class Left(Message):
        """Escape in the bar: focus goes back to the list."""

    class NamesRead(Message):
        def __init__(self, names: Names) -> None:
            super().__init__()
            self.names = names

    def __init__(self, service: Service, completer: Completer | None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.service = service
        self.config = service.config
        self.completer = completer
        self.names: Names = ([], [], [])

    def on_mount(self) -> None:
        self.read_names()

    @work(thread=True, exclusive=True, group="completion-names")
    @closes_connection
    def read_names(self) -> None:
        """The tags, field names and rule names in use (again after the data changed), for completion."""
        try:
            rules = rule_names(self.service.workspace.rules_dir)
            names = (self.service.all_tags(), self.service.all_field_names(), rules)
        except Exception as e:  # completion goes on with the names it had; the log keeps why
            log_error("reading tag and field names for completion", e)
            return
        self.post_message(self.NamesRead(names))

    def on_search_bar_names_read(self, event: NamesRead) -> None:
        self.names = event.names
        self.completion = Completion(0, 0, [])  # the last one shown: what tab accepts

    def compose(self) -> ComposeResult:
        yield QueryInput(
            placeholder=hint(self.config),
            highlighter=QueryHighlighter(self.config),
            id="query",
        )
        yield OptionList(id="completions")
        yield Static(id="query-error", markup=False)

    @property
    def input(self) -> QueryInput:
        return self.query_one(QueryInput)

    @property
    def completions(self) -> OptionList:
        return self.query_one("#completions", OptionList)

    # -- the error -------------------------------------------------------------
    def show_error(self, message: str | None) -> None:
        error = self.query_one("#query-error", Static)
        error.update(plain_lines(message, style="#e5484d") if message else "")
        error.display = bool(message)

    # -- completion ------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self.update_completions()

    def update_completions(self) -> None:
        if self.completer is None or not self.input.has_focus:
            self.hide_completions()
            return
        try:
            self.completion = self.completer(self.input.value, self.input.cursor_position, self.names)
        except Exception as e:  # a completion problem must never cost the user their typing
            log_error(f"completing {self.input.value!r}", e)
            self.completion = Completion(0, 0, [])
        candidates = self.completion.candidates
        options = self.completions
        options.clear_options()
        options.add_options([Option(plain(c), id=c) for c in candidates])
        options.display = bool(candidates)
        options.styles.height = min(len(candidates), MAX_SHOWN)
        if candidates:
            options.highlighted = 0

    def hide_completions(self) -> bool:
        """Hide the dropdown; False when it was not showing."""
        shown = bool(self.completions.display)
        self.completions.display = False
        return shown

    def move_completion(self, delta: int) -> None:
        options = self.completions
        if options.display and options.option_count:
            options.highlighted = ((options.highlighted or 0) + delta) % options.option_count

    def accept_completion(self) -> bool:
        options = self.completions
        if not options.display or options.highlighted is None:
            return False
        candidate = options.get_option_at_index(options.highlighted).id or ""
        self.insert_completion(candidate)
        return True

    def insert_completion(self, candidate: str) -> None:
        """The candidate in place of the word under the cursor (the language decides the spacing)."""
        value, cursor = self.completion.accept(self.input.value, candidate)
        self.input.value = value
        self.input.cursor_position = cursor
        self.hide_completions()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.insert_completion(event.option.id or "")
        self.input.focus()
