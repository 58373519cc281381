"""The contact list: a ScrollView drawing only the visible lines, rows read page by page (row_pages).

Textual's DataTable keeps every row in memory; this keeps at most MAX_PAGES pages whatever the result size.
`render_line` only draws: a row whose page is not read yet is a placeholder, and the pages the screen shows
are read by a worker (`read_pages`) that posts each back as a message; a failed read is drawn in its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from statustui.services import Search, Service
from statustui.store.paging import ContactRow
from statustui.tui.columns import EVERY_COLUMN, ColumnFit, row_text
from statustui.tui.db_threads import worker_connection
from statustui.tui.row_pages import PAGE_SIZE, PagePlan, RowPages, read_page


@dataclass
class Selection:
    """Contacts picked for a bulk change: some ids, or every result of a search (which may be a million)."""

    ids: set[int]
    whole_search: Search | None = None
    whole_count: int = 0

    @property
    def size(self) -> int:
        return self.whole_count if self.whole_search is not None else len(self.ids)


MOVE_GROUP = Binding.Group("move in the list (end: the last row)")


class ContactList(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"contact-list--cursor", "contact-list--selected"}
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list-up", group=MOVE_GROUP),
        Binding("down,j", "cursor(1)", "Down", show=False, id="list-down", group=MOVE_GROUP),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list-page-up", group=MOVE_GROUP),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list-page-down", group=MOVE_GROUP),
        Binding("home", "jump_start", "First", show=False, id="list-first", group=MOVE_GROUP),
        Binding("end", "jump_end", "Last", show=False, id="list-last", group=MOVE_GROUP),
        Binding(
            "space", "toggle_select", "Select", tooltip="select the contact (again: unselect)", id="select"
        ),
        Binding(
            "enter", "open", "Detail", tooltip="open the contact: fields, timeline, rules", id="open-contact"
        ),
    ]

    cursor = reactive(0, always_update=True, init=False)

    class Opened(Message):
        def __init__(self, row: ContactRow) -> None:
            super().__init__()
            self.row = row

    class SelectionChanged(Message):
        pass

    class PageRead(Message):
        def __init__(self, pages: RowPages, page: int, how: str, rows: list[ContactRow]) -> None:
            super().__init__()
            self.pages, self.page, self.how, self.rows = pages, page, how, rows

    class PageFailed(Message):
        def __init__(self, pages: RowPages, page: int, error: str) -> None:
            super().__init__()
            self.pages, self.page, self.error = pages, page, error

    def __init__(self, service: Service, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.service = service
        self.pages: RowPages | None = None
        self.selection = Selection(set())
        self.top_score: int | None = None
        self.fit: ColumnFit = EVERY_COLUMN  # column widths for the result's content (set by the app)
        self._reading: set[int] = set()  # pages a worker is reading now

    # -- data ----------------------------------------------------------------
    def show(self, pages: RowPages) -> None:
        """A new result: back to its first row."""
        self.pages = pages
        self._reading = set()
        self.cursor = 0
        self.scroll_to(0, 0, animate=False, immediate=True)  # now: a deferred one would undo a quick jump
        self._resize()

    def set_total(self, total: int) -> None:
        if self.pages is not None:
            self.pages.total = total
            self._resize()

    def reload(self, pages: RowPages) -> None:
        """The same result re-read after a change: keep the cursor and scroll position."""
        self.pages = pages
        self._reading = set()
        self._resize()
        self.cursor = min(self.cursor, max(0, pages.known_rows - 1))

    def _resize(self) -> None:
        rows = self.pages.known_rows if self.pages else 0
        self.virtual_size = Size(self.size.width, rows)
        self.refresh()
        self._read_shown()

    def on_resize(self, event: events.Resize) -> None:
        self._resize()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._read_shown()

    def _read_shown(self) -> None:
        """Start reading the pages of the rows on screen (and the cursor's) that are not cached."""
        pages = self.pages
        if pages is None:
            return
        top = self.scroll_offset.y
        wanted = pages.missing(top, top + self.size.height)
        wanted += [p for p in pages.missing(self.cursor, self.cursor) if p not in wanted]
        if wanted and not set(wanted) <= self._reading:
            self._reading = set(wanted)  # this request supersedes the running one (an exclusive worker)
            self.read_pages(pages, [pages.plan(p) for p in wanted])

    @work(thread=True, exclusive=True, group="pages")
    def read_pages(self, pages: RowPages, plans: list[PagePlan]) -> None:
        worker = get_current_worker()
        with worker_connection(self.service.db):
            previous: tuple[int, list[ContactRow]] | None = None
            for plan in plans:
                if worker.is_cancelled:
                    return
                if previous and previous[0] == plan.page - 1 and len(previous[1]) == PAGE_SIZE:
                    plan = replace(plan, after=previous[1][-1].cursor)  # the page just read: keyset
                try:
                    how, rows = read_page(self.service, pages.search, plan)
                except Exception as e:  # drawn in the page's rows; scrolling back reads it again
                    self.post_message(self.PageFailed(pages, plan.page, str(e) or type(e).__name__))
                    continue
                self.post_message(self.PageRead(pages, plan.page, how, rows))
                previous = (plan.page, rows)

    def on_contact_list_page_read(self, event: PageRead) -> None:
        self._reading.discard(event.page)
        if event.pages is self.pages:
            event.pages.store(event.page, event.how, event.rows)
            self.refresh()

    def on_contact_list_page_failed(self, event: PageFailed) -> None:
        self._reading.discard(event.page)
        if event.pages is self.pages:
            event.pages.fail(event.page, event.error)
            self.refresh()

    @property
    def current(self) -> ContactRow | None:
        return self.pages.row(self.cursor) if self.pages else None

    # -- drawing -------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width  # the scrollbar's gutter is not ours to draw
        pages = self.pages
        row = pages.row(index) if pages else None
        if row is None:
            if pages is None or index >= pages.known_rows:
                empty = index == 0 and pages is not None and pages.known_rows == 0
                return (
                    self._note("no contact matches this search", width)
                    if empty
                    else Strip.blank(width, self.rich_style)
                )
            failure = pages.failure(index)
            if failure is not None:
                return self._note(f"could not read these rows: {failure}", width, "#e5484d")
            return self._note("…", width)  # not read yet: the worker's page fills it in
        selected = self.is_selected(row.id)
        text = row_text(
            row, self.service.config, width, self.service.now(), self.top_score, selected, self.fit
        )
        style = self.rich_style
        if index == self.cursor:
            style += self.get_component_rich_style("contact-list--cursor")
        elif selected:
            style += self.get_component_rich_style("contact-list--selected")
        strip = Strip(text.render(self.app.console, end=""), text.cell_len)
        return strip.crop_extend(0, width, None).apply_style(style)

    def _note(self, text: str, width: int, style: str = "dim") -> Strip:
        line = Text(f"  {text}", style=style, no_wrap=True, overflow="ellipsis")
        line.truncate(width)
        return Strip(line.render(self.app.console)).crop_extend(0, width, None).apply_style(self.rich_style)

    def is_selected(self, contact_id: int) -> bool:
        return self.selection.whole_search is not None or contact_id in self.selection.ids

    # -- moving --------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        rows = self.pages.known_rows if self.pages else 0
        if rows and not 0 <= new < rows:
            self.cursor = max(0, min(new, rows - 1))
            return
        self._show_cursor()
        # Again once laid out: a jump just after the count grew the list may come before the new height
        # reaches the scroll limits, and would stop short.
        self.call_after_refresh(self._show_cursor)
        self.refresh()

    def _show_cursor(self) -> None:
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.size.height - 1)

    def action_jump_start(self) -> None:
        self.cursor = 0

    def action_jump_end(self) -> None:
        if self.pages:
            self.cursor = max(0, self.pages.known_rows - 1)

    def on_click(self, event: events.Click) -> None:
        self.cursor = self.scroll_offset.y + event.y
        if event.chain == 2:
            self.action_open()

    # -- selection and opening -----------------------------------------------
    def action_toggle_select(self) -> None:
        row = self.current
        if row is None:
            return
        if self.selection.whole_search is not None:  # picking out of "all" starts a hand-picked set
            self.selection = Selection(set())
        self.selection.ids ^= {row.id}
        self.post_message(self.SelectionChanged())
        self.cursor += 1

    def select_whole_search(self, search: Search, count: int) -> None:
        self.selection = Selection(set(), search, count)
        self.post_message(self.SelectionChanged())
        self.refresh()

    def clear_selection(self) -> None:
        self.selection = Selection(set())
        self.post_message(self.SelectionChanged())
        self.refresh()

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row))
