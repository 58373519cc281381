"""The contact list: a ScrollView drawing only the visible lines, rows read page by page (row_pages).

Textual's DataTable keeps every row in memory; this keeps at most MAX_PAGES pages whatever the result size.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from statustui.services import Search, Service
from statustui.store.paging import ContactRow
from statustui.tui.columns import EVERY_COLUMN, ColumnFit, row_text
from statustui.tui.row_pages import RowPages


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

    def __init__(self, service: Service, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.service = service
        self.pages: RowPages | None = None
        self.selection = Selection(set())
        self.top_score: int | None = None
        self.fit: ColumnFit = EVERY_COLUMN  # column widths for the result's content (set by the app)

    # -- data ----------------------------------------------------------------
    def show(self, pages: RowPages) -> None:
        """A new result: back to its first row."""
        self.pages = pages
        self.cursor = 0
        self.scroll_to(0, 0, animate=False)
        self._resize()

    def set_total(self, total: int) -> None:
        if self.pages is not None:
            self.pages.total = total
            self._resize()

    def reload(self, pages: RowPages) -> None:
        """The same result re-read after a change: keep the cursor and scroll position."""
        self.pages = pages
        self._resize()
        self.cursor = min(self.cursor, max(0, pages.known_rows - 1))

    def _resize(self) -> None:
        rows = self.pages.known_rows if self.pages else 0
        self.virtual_size = Size(self.size.width, rows)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._resize()

    @property
    def current(self) -> ContactRow | None:
        return self.pages.row(self.cursor) if self.pages else None

    # -- drawing -------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width  # the scrollbar's gutter is not ours to draw
        row = self.pages.row(index) if self.pages else None
        if row is None:
            if index == 0 and self.pages is not None and self.pages.known_rows == 0:
                return (
                    Strip(
                        Text("  no contact matches this search", style="dim").render(self.app.console),
                    )
                    .crop_extend(0, width, None)
                    .apply_style(self.rich_style)
                )
            return Strip.blank(width, self.rich_style)
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

    def is_selected(self, contact_id: int) -> bool:
        return self.selection.whole_search is not None or contact_id in self.selection.ids

    # -- moving --------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        rows = self.pages.known_rows if self.pages else 0
        if rows and not 0 <= new < rows:
            self.cursor = max(0, min(new, rows - 1))
            return
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.refresh()

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
