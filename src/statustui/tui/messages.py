"""What the search worker reports back to the app: typed messages, posted from the worker's thread.

The worker only reads; the app's handlers (on its own thread) change what the screen shows. Each message
carries the query text it answers, so an answer for a query the person has since changed is dropped.
"""

from __future__ import annotations

from textual.message import Message

from statustui.services import Search
from statustui.store.paging import ContactRow


class SearchAnswered(Message):
    """The query compiled and ran: its first page (the count follows in SearchCounted)."""

    def __init__(self, text: str, search: Search, rows: list[ContactRow]) -> None:
        super().__init__()
        self.text, self.search, self.rows = text, search, rows


class SearchCounted(Message):
    def __init__(self, search: Search, total: int) -> None:
        super().__init__()
        self.search, self.total = search, total


class SearchFailed(Message):
    """The query is wrong (a language error, with the offset of its caret) or the database refused it."""

    def __init__(self, text: str, message: str, offset: int | None) -> None:
        super().__init__()
        self.text, self.message, self.offset = text, message, offset
