"""The statustui app: the main screen (sidebar, Smart Search bar, contact list) and its actions.

Every database call that may take long (a search, a count, a bulk change, a rules run) runs in a thread
worker; searches are `exclusive`, so typing cancels the previous one. The core is reached only through the
service API; the optional pieces (completion, saved searches, rules) degrade when absent.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from functools import partial
from typing import Any, TypeVar, cast

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Input, ProgressBar, Static
from textual.worker import Worker, get_current_worker

from statustui.language import LanguageError
from statustui.services import Search, Service
from statustui.store.paging import ContactRow
from statustui.text_safety import printable
from statustui.tui import integrations
from statustui.tui.app_log import log_error
from statustui.tui.column_header import ColumnHeader
from statustui.tui.columns import COLUMNS, ColumnFit
from statustui.tui.contact_actions import ContactActions
from statustui.tui.contact_list import ContactList
from statustui.tui.db_threads import closes_connection, interrupt, worker_connection
from statustui.tui.detail_screen import DetailScreen
from statustui.tui.fuzzy_picker import FuzzyPicker
from statustui.tui.help_screen import HelpScreen, help_rows
from statustui.tui.import_screen import ImportScreen
from statustui.tui.key_footer import KeyFooter
from statustui.tui.keys import (
    GLOBAL_BINDINGS,
    MAIN_SCREEN_BINDINGS,
    binding_ids,
    screen_bindings,
    unknown_ids,
)
from statustui.tui.messages import (
    Busy,
    CountsRead,
    OutsideChange,
    ResultsReread,
    RulesChecked,
    SearchAnswered,
    SearchCounted,
    SearchFailed,
    WorkEnded,
)
from statustui.tui.prompts import AskText, Confirm
from statustui.tui.reports_screen import ReportsScreen
from statustui.tui.row_pages import PAGE_SIZE, RowPages
from statustui.tui.rules_screen import RulesScreen
from statustui.tui.scheduler import AppScheduler, PendingApplied, ScheduleTurnDone
from statustui.tui.search_bar import QueryInput, SearchBar, offset_of
from statustui.tui.sidebar import Sidebar
from statustui.tui.status_palette import saved_search_picker, status_palette
from statustui.tui.text import plain, use_palette

DEBOUNCE_SECONDS = 0.15
POLL_SECONDS = 2.0


Handler = TypeVar("Handler", bound=Callable[..., None])


def while_shown(handler: Handler) -> Handler:
    """For a handler of a worker's message: one that arrives while the app closes finds its widgets gone."""

    @functools.wraps(handler)
    def run(self: StatusApp, event: Message) -> None:
        with suppress(NoMatches):
            handler(self, event)

    return cast(Handler, run)


class StatusApp(ContactActions, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "statustui"
    # Below 110 columns the sidebar gives its room to the list (its statuses stay on 1-9 and in ctrl+p).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [*MAIN_SCREEN_BINDINGS, *GLOBAL_BINDINGS]

    LIST_ACTIONS = frozenset(b.action.split("(")[0] for b in MAIN_SCREEN_BINDINGS)  # see check_action

    def __init__(
        self,
        service: Service,
        poll_seconds: float = POLL_SECONDS,
        debounce_seconds: float = DEBOUNCE_SECONDS,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.keymap = dict(service.config.keys if keymap is None else keymap)  # [keys]: binding id -> keys
        self.service = service
        self.poll_seconds = poll_seconds
        self.debounce_seconds = debounce_seconds
        self.asked = ""  # the query text of the latest search started: older answers are dropped
        self._submitted: str | None = None  # a query Enter ran: focus goes to the list once it succeeds
        self.results_stale = False  # the bar's query failed: the list still shows the last good result
        self._search_connection: Any = None  # the running search's connection, to interrupt it
        self.search: Search = service.compile_search("")
        self.search_text = ""
        self.sort: tuple[str, bool] | None = None  # a column picked by key or click, over the query's order
        self.total: int | None = None
        self._marker: tuple[int, ...] | None = None
        self._files_marker: tuple[Any, ...] = ()
        self.saved: dict[str, str] = {}
        self._clashes: set[str] = set()
        self.scheduler = AppScheduler(self, service)  # schedule rules every rules.schedule_every

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield Sidebar(self.service.config, id="sidebar")
            with Vertical(id="results"):
                yield SearchBar(self.service, integrations.completer(self.service), id="search-bar")
                with Horizontal(id="count-bar"):
                    yield Static(id="count")
                    yield Static(id="busy-label")
                    yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="busy")
                yield Static(id="rules-warning", markup=False)
                yield ColumnHeader(id="column-header")
                yield ContactList(self.service, id="contacts")
        yield KeyFooter()

    @property
    def contacts(self) -> ContactList:
        return self.query_one(ContactList)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def on_mount(self) -> None:
        for problem in unknown_ids(self.keymap, all_binding_ids()):
            self.notify(problem, severity="error", timeout=30)
        self.set_keymap(self.keymap)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        use_palette(self.current_theme.dark)
        self._busy(None)
        self.contacts.focus()
        self.refresh_counts()
        self.reload_saved()
        self.check_rules()
        self.start_search("", debounce=False)
        self.set_interval(self.poll_seconds, self._poll_tick)
        self.scheduler.start()

    def on_schedule_turn_done(self, message: ScheduleTurnDone) -> None:
        report = message.turn.report
        if report is not None and report.capped is not None:
            self.notify(message.turn.message, severity="warning", timeout=30)
        elif report is not None and report.changed:
            self.notify(message.turn.message)
            self.data_changed()

    def on_pending_applied(self, message: PendingApplied) -> None:
        self.notify(message.text, severity="error" if message.errors else "information")
        self.data_changed()

    def _theme_changed(self, theme: Theme) -> None:
        """Status colors readable on the new theme: the palette for its kind, everything drawn again."""
        use_palette(theme.dark)
        self.refresh_counts()
        self.contacts.refresh()
        self.screen.refresh(layout=True)

    def from_worker(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """From a worker: run `callback` on the app's thread, unless the app has closed meanwhile."""

        def guarded() -> None:
            with suppress(NoMatches):  # the app is closing and its widgets are already gone
                callback(*args, **kwargs)

        with suppress(RuntimeError):  # the app's loop has stopped
            self.call_from_thread(guarded)

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:
        """Notifications carry contact names and error text: plain text unless a caller says otherwise."""
        super().notify(message, markup=markup, **kwargs)

    # -- searching -------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "query":
            self.start_search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter runs the query; focus goes to the list only once it has run without an error, so the
        letters typed next edit a wrong query instead of acting on the list as commands."""
        if event.input.id == "query":
            self.search_bar.hide_completions()
            self._submitted = event.value
            self.start_search(event.value, debounce=False)

    def on_search_bar_left(self, event: SearchBar.Left) -> None:
        self.contacts.focus()

    def start_search(self, text: str, debounce: bool = True) -> None:
        """Search for `text`, stopping the search still running for an earlier keystroke."""
        self.workers.cancel_group(self, "search")  # first, so the stopped one knows it was stopped on purpose
        if self._search_connection is not None:
            interrupt(self._search_connection)
        self.asked = text
        self.run_search(text, debounce)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str, debounce: bool = True) -> None:
        """Compile, read the first page, then count: each answer posted unless a newer search started."""
        worker = get_current_worker()
        if debounce:
            time.sleep(self.debounce_seconds)
        if worker.is_cancelled:
            return
        with worker_connection(self.service.db) as connection:
            self._search_connection = connection
            try:
                self._search(text, worker)
            except Exception as e:  # the database refused the query (too deep, busy, gone): under the bar
                if not worker.is_cancelled:  # else: interrupted on purpose by a newer search
                    self.post_message(SearchFailed(text, f"the database refused this search: {e}", None))
            finally:
                self._search_connection = None

    def _search(self, text: str, worker: Worker[None]) -> None:
        try:
            search = self.service.compile_search(text)
        except LanguageError as e:  # the person's to fix: the error and its caret under the bar
            self.post_message(SearchFailed(text, str(e), offset_of(text, e.line, e.column)))
            return
        except Exception as e:  # a query the checks refuse some other way: said just as plainly
            self.post_message(SearchFailed(text, str(e) or type(e).__name__, None))
            return
        if self.sort is not None:
            search = self.service.sorted_by(search, *self.sort)
        rows = self.service.search(search, PAGE_SIZE)
        if worker.is_cancelled:
            return
        self.post_message(SearchAnswered(text, search, rows))
        total = self.service.count(search)
        if not worker.is_cancelled:
            self.post_message(SearchCounted(search, total))

    @while_shown
    def on_search_failed(self, event: SearchFailed) -> None:
        """The list keeps the last good result and says so; a whole-search selection is dropped, and
        select-all waits for a search that ran."""
        if event.text != self.asked:
            return
        self.results_stale = True
        self.search_bar.show_error(event.message)
        if self.contacts.selection.whole_search is not None:
            self.contacts.clear_selection()
        self._update_count()
        if self._submitted == event.text:
            self._submitted = None
            self.search_bar.input.focus()
            if event.offset is not None:
                self.search_bar.input.cursor_position = event.offset

    @while_shown
    def on_search_answered(self, event: SearchAnswered) -> None:
        if event.text != self.asked:
            return
        self.results_stale = False
        self.search_bar.show_error(None)
        self.search_text, self.search, self.total = event.text, event.search, None
        self.contacts.clear_selection()
        self._fit_columns(event.rows)
        self.contacts.show(RowPages(self.service, event.search, event.rows))
        self._show_order()
        self._update_count()
        if self._submitted == event.text:
            self._submitted = None
            if self.search_bar.input.has_focus:
                self.contacts.focus()

    @while_shown
    def on_search_counted(self, event: SearchCounted) -> None:
        if event.search is self.search:
            self.total = event.total
            self.contacts.set_total(event.total)
            self._update_count()

    def _fit_columns(self, rows: list[ContactRow]) -> None:
        """Columns sized to the new result's first page: an empty one collapses, the name takes the room."""
        fit = ColumnFit.measure(rows, self.service.config)
        self.contacts.fit = self.query_one(ColumnHeader).fit = fit
        self.query_one(ColumnHeader).refresh()

    def _show_order(self) -> None:
        key, _, descending = self.search.order[0]
        self.query_one(ColumnHeader).show_sort(key, descending)

    def _update_count(self) -> None:
        if self.total is None:
            text = "counting…"
        else:
            text = f"{self.total:,} contact{'s' if self.total != 1 else ''}"
        selected = self.contacts.selection.size
        if selected:
            text += f" · {selected:,} selected"
        if self.results_stale:
            text += " · the last good search: " + (self.search_text or "(all contacts)")
        self.query_one("#count", Static).update(plain(text))

    @while_shown  # a selection cleared while the app closes finds the count line gone
    def on_contact_list_selection_changed(self, event: ContactList.SelectionChanged) -> None:
        self._update_count()

    def rerun_search(self) -> None:
        self.start_search(self.search_text, debounce=False)

    def action_focus_search(self) -> None:
        self.search_bar.input.focus()

    def action_sort(self, sort_key: str) -> None:
        """A column's key: sort by it; again: the other direction."""
        if self.sort and self.sort[0] == sort_key:
            self.sort = (sort_key, not self.sort[1])
        else:
            self.sort = (sort_key, sort_key in ("score", "last_engaged"))
        self.rerun_search()

    def on_column_header_sort_requested(self, event: ColumnHeader.SortRequested) -> None:
        self.action_sort(event.sort_key)

    def action_filter_status(self, number: int) -> None:
        statuses = self.service.config.statuses
        if number <= len(statuses):
            self.filter_status(statuses[number - 1].name)

    def filter_status(self, name: str) -> None:
        self.search_bar.input.value = f'status = "{name}"'
        self.start_search(self.search_bar.input.value, debounce=False)
        self.contacts.focus()

    def on_sidebar_status_picked(self, event: Sidebar.StatusPicked) -> None:
        self.filter_status(event.status)

    def on_sidebar_saved_search_picked(self, event: Sidebar.SavedSearchPicked) -> None:
        self.run_saved_search(event.text)

    # -- the sidebar and other processes' changes -------------------------------
    @work(thread=True, exclusive=True, group="counts")
    @closes_connection
    def refresh_counts(self) -> None:
        """The sidebar's counts and the TOP threshold: whole-table work, so off the main thread."""
        try:
            counts, overdue = self.service.status_counts(), self.service.overdue_count()
            top = self.service.top_score_threshold()
        except Exception as e:
            self.post_message(WorkEnded(f"could not count the statuses: {e}", "error"))
            return
        self.post_message(CountsRead(counts, overdue, top))

    @while_shown
    def on_counts_read(self, event: CountsRead) -> None:
        self.query_one(Sidebar).update_counts(event.counts, event.overdue)
        if event.top != self.contacts.top_score:
            self.contacts.top_score = event.top
            self.contacts.refresh()

    def _poll_tick(self) -> None:
        if not any(
            w.group == "poll" and not w.is_finished for w in self.workers
        ):  # a slow poll is not stacked
            self.poll_changes()

    @work(thread=True, group="poll")
    @closes_connection
    def poll_changes(self) -> None:
        """Another process (a second app, an import) changed the data or the files: show it."""
        try:
            marker = self.service.change_marker()
        except Exception as e:  # busy or briefly unreachable: the next poll will tell; the log keeps why
            log_error("checking for changes by other processes", e)
            return
        files = integrations.files_marker(self.service)
        data_changed = self._marker is not None and marker != self._marker
        if data_changed or files != self._files_marker:
            self.post_message(OutsideChange(data_changed, files != self._files_marker))
        self._marker, self._files_marker = marker, files

    @while_shown
    def on_outside_change(self, event: OutsideChange) -> None:
        if event.data:
            self.data_changed()
        if event.files:
            self.files_changed()

    def data_changed(self) -> None:
        """Counts, badges, the visible rows and completion's names read again, the cursor kept."""
        self.refresh_counts()
        self.reload_results()
        self.search_bar.read_names()

    @work(thread=True, exclusive=True, group="reload")
    @closes_connection
    def reload_results(self) -> None:
        search = self.search
        try:
            rows = self.service.search(search, PAGE_SIZE)
            total = self.service.count(search)
        except Exception as e:
            self.post_message(WorkEnded(f"could not re-read the results: {e}", "error"))
            return
        self.post_message(ResultsReread(search, rows, total))

    @while_shown
    def on_results_reread(self, event: ResultsReread) -> None:
        if event.search is self.search:
            self.total = event.total
            self.contacts.reload(RowPages(self.service, event.search, event.rows, event.total))
            self._update_count()

    def files_changed(self) -> None:
        self.reload_saved()
        self.check_rules()
        self.scheduler.apply_pending()  # rules fixed: the events imported --without-rules get them now
        if isinstance(self.screen, integrations.Reloadable):
            self.screen.reload()

    def reload_saved(self) -> None:
        try:
            self.saved = integrations.saved_searches(self.service)
        except Exception as e:
            self.saved = {}
            self.notify(f"searches.toml: {e}", severity="error")
        self.query_one(Sidebar).set_saved(self.saved)

    @work(thread=True, exclusive=True, group="rules-check")
    @closes_connection
    def check_rules(self) -> None:
        """Whether the rule files stop automatic rules (reading them may ask the database for names)."""
        self.post_message(RulesChecked(integrations.rules_problem(self.service)))

    @while_shown
    def on_rules_checked(self, event: RulesChecked) -> None:
        warning = self.query_one("#rules-warning", Static)
        warning.update(event.problem or "")
        warning.display = bool(event.problem)

    # -- changing statuses -------------------------------------------------------
    def _target(self) -> tuple[str, Search | list[int], int] | None:
        """What `s` changes: the detail's contact, else the selection, else the highlighted row."""
        if isinstance(self.screen, DetailScreen):
            row = self.screen.row
            return (printable(row.name or row.email or f"#{row.id}"), [row.id], 1)
        selection = self.contacts.selection
        if selection.whole_search is not None:
            return (f"all {selection.size:,} contacts of this search", selection.whole_search, selection.size)
        if selection.ids:
            n = len(selection.ids)
            return (f"{n:,} selected contact{'s' if n != 1 else ''}", sorted(selection.ids), n)
        current = self.contacts.current
        if current is None:
            return None
        return (printable(current.name or current.email or f"#{current.id}"), [current.id], 1)

    def action_set_status(self) -> None:
        target = self._target()
        if target is None:
            self.notify(
                "no contact to change: the list is empty or its rows are still loading", severity="warning"
            )
            return
        label, ids, count = target

        def picked(status: str | None) -> None:
            if not status:
                return
            if count == 1:
                self.change_status(status, ids, label)
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.change_status(status, ids, label)

            # More than one contact: a second yes, to a question that states the count (in the label).
            self.push_screen(Confirm(f"Set {label} to {status}?"), confirmed)

        self.push_screen(status_palette(list(self.service.config.statuses), label), picked)

    @work(thread=True, exclusive=True, group="change")
    @closes_connection
    def change_status(self, status: str, ids: Search | list[int], label: str) -> None:
        self.post_message(Busy(f"setting {label} to {status}…"))
        try:
            id_list = self.service.search_ids(ids) if isinstance(ids, Search) else ids
            result = self.service.set_status(status, id_list)
        except Exception as e:  # refused (ServiceError) or the database busy: a notification, never a crash
            self.post_message(WorkEnded(str(e), "error"))
            return
        finally:
            self.post_message(Busy(None))
        skipped = f" ({result.skipped:,} already {status})" if result.skipped else ""
        done = f"{label}: {result.changed:,} set to {status}{skipped} · u undoes"
        self.post_message(WorkEnded(done, changed=True))

    def action_undo(self) -> None:
        self.undo()

    @work(thread=True, exclusive=True, group="change")
    @closes_connection
    def undo(self) -> None:
        self.post_message(Busy("undoing…"))
        try:
            result = self.service.undo()
        except Exception as e:  # nothing to undo (ServiceError), or the database busy
            self.post_message(WorkEnded(str(e), "warning"))
            return
        finally:
            self.post_message(Busy(None))
        self.post_message(WorkEnded(f"{result.message}: {result.changed:,} restored", changed=True))

    @while_shown
    def on_work_ended(self, event: WorkEnded) -> None:
        self.notify(event.message, severity=event.severity)
        if event.changed:
            self.contacts.clear_selection()
            self.data_changed()
            if isinstance(self.screen, DetailScreen):
                self.screen.refresh_contact()
            if isinstance(self.screen, integrations.Reloadable):  # the rules view's counts follow an undo
                self.screen.reload()

    @while_shown
    def on_busy(self, event: Busy) -> None:
        self._busy(event.doing)

    def _busy(self, doing: str | None) -> None:
        """Long work under way (a bulk change, an undo): say what, with a moving bar; None hides both."""
        self.query_one("#busy-label", Static).update(plain(doing or ""))
        self.query_one("#busy-label").display = self.query_one("#busy").display = doing is not None

    def action_select_all(self) -> None:
        if self.results_stale:
            self.notify(
                "the search under the bar has an error: fix it first (the list shows the last good search)",
                severity="warning",
            )
            return
        if self.total is None:
            self.notify("still counting the results; try again in a moment")
            return
        search, total = self.search, self.total

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.contacts.select_whole_search(search, total)

        self.push_screen(Confirm(f"Select all {total:,} contacts of this search?"), confirmed)

    def action_clear_selection(self) -> None:
        self.contacts.clear_selection()

    # -- other screens -------------------------------------------------------------
    def on_contact_list_opened(self, event: ContactList.Opened) -> None:
        self.push_screen(
            DetailScreen(
                self.service, event.row, integrations.explainer(self.service), self.contacts.top_score
            )
        )

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_rows(self, self.screen)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The main screen's keys act only with the list on top (else they do nothing and leave the footer):
        a key typed while another screen opens goes to that screen or is dropped. A screen that means one
        of them (the detail's `s` and `u`) binds `app.<action>` itself."""
        if len(self.screen_stack) == 1 or action not in self.LIST_ACTIONS:
            return True
        return any(b.action == f"app.{action}" for _, b in self.screen._bindings)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """Two bindings on one key after [keys]: say which, once."""
        names = ", ".join(sorted(b.id or b.action for b in clashed_bindings))
        message = f"[keys] in statustui.toml: {names} share a key; the first one wins"
        if message not in self._clashes:
            self._clashes.add(message)
            self.notify(message, severity="warning", timeout=20)

    def action_pick_saved_search(self) -> None:
        if not self.saved:
            self.notify("no saved searches yet: type a search, then ctrl+s saves it", severity="warning")
            return

        def picked(name: str | None) -> None:
            if name in self.saved:
                self.run_saved_search(self.saved[name])

        self.push_screen(saved_search_picker(self.saved), picked)

    def run_saved_search(self, text: str) -> None:
        self.search_bar.input.value = text
        self.start_search(text, debounce=False)
        self.contacts.focus()

    def action_rules(self) -> None:
        self.push_screen(RulesScreen(self.service))

    def action_reports(self) -> None:
        self.push_screen(ReportsScreen(self.service))

    def action_import_file(self) -> None:
        def imported(summary: str | None) -> None:
            if summary:
                self.notify(f"{summary} · u undoes")
                self.data_changed()

        self.push_screen(ImportScreen(self.service), imported)

    def action_save_search(self) -> None:
        text = self.search_bar.input.value.strip()
        if not text:
            self.notify("type a search first; ctrl+s saves it under a name", severity="warning")
            return

        def named(name: str | None) -> None:
            if not name:
                return
            try:
                integrations.save_search(self.service, name, text)
            except Exception as e:
                self.notify(str(e), severity="error")
                return
            self.notify(f"saved search {name!r}")
            self.reload_saved()

        self.push_screen(AskText(f"Save {text!r} as:"), named)

    # -- the command palette -------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the screen (from its bindings), every saved search and every status."""
        for binding, enabled in screen_bindings(screen):
            if enabled and binding.action not in ("command_palette", "quit") and not binding.group:
                key = self.get_key_display(binding)
                yield SystemCommand(
                    binding.description, f"{binding.tooltip} ({key})", partial(self._run_key, binding, screen)
                )
        if screen is self.screen_stack[0]:
            for name, text in self.saved.items():
                yield SystemCommand(
                    f"Saved search: {printable(name)}", printable(text), partial(self.run_saved_search, text)
                )
            for n, status in enumerate(self.service.config.statuses, start=1):
                key = f" ({n})" if n < 10 else ""
                yield SystemCommand(
                    f"Show status: {status.name}",
                    f"contacts with status {status.name}{key}",
                    partial(self.filter_status, status.name),
                )
            for column in COLUMNS:
                yield SystemCommand(
                    f"Sort by {column.title.lower()}",
                    f"again: the other direction ({column.key})",
                    partial(self.action_sort, column.sort_key),
                )
        yield from super().get_system_commands(screen)

    def _run_key(self, binding: Binding, screen: Screen) -> None:
        """What pressing the binding's key on `screen` does (the action in the binding's own namespace)."""
        namespace = next((a.node for a in screen.active_bindings.values() if a.binding is binding), self)
        self.call_later(self.run_action, binding.action, namespace)


def all_binding_ids() -> set[str]:
    """Every binding id of every screen: what [keys] in statustui.toml may name."""
    owners: list[Any] = [StatusApp, ContactList, QueryInput, DetailScreen, ReportsScreen, RulesScreen]
    owners += [HelpScreen, FuzzyPicker, Confirm, AskText]
    return set().union(*(binding_ids(owner.BINDINGS) for owner in owners))


def run_app(service: Service) -> None:
    StatusApp(service).run()
