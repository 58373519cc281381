"""What the app's workers report back: typed messages, posted from the worker's thread.

The workers only read; the app's handlers (on its own thread) change what the screen shows. A search's
messages carry the query text they answer, so an answer for a query the person has since changed is dropped.
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


class RulesChecked(Message):
    """Why automatic rules are stopped (a rule file's error), or None when they run."""

    def __init__(self, problem: str | None) -> None:
        super().__init__()
        self.problem = problem
