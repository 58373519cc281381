"""The list's column titles; a click on one sorts by it (as does its key, shown in help)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from statustui.tui.columns import COLUMNS, EVERY_COLUMN, MARK_WIDTH, ColumnFit, header, widths


class ColumnHeader(Widget):
    class SortRequested(Message):
        def __init__(self, sort_key: str) -> None:
            super().__init__()
            self.sort_key = sort_key

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sort_key: str | None = None
        self.descending = True
        self.fit: ColumnFit = EVERY_COLUMN  # the contact list's, so titles sit over their columns

    def show_sort(self, sort_key: str | None, descending: bool) -> None:
        self.sort_key, self.descending = sort_key, descending
        self.refresh()

    def render(self) -> Text:
        return header(self.size.width, self.sort_key, self.descending, self.fit)

    def on_click(self, event: events.Click) -> None:
        x = MARK_WIDTH
        for column, width in zip(COLUMNS, widths(self.size.width, self.fit), strict=True):
            if not width:
                continue
            if x <= event.x < x + width + 1:
                self.post_message(self.SortRequested(column.sort_key))
                return
            x += width + 1
