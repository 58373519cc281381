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


class CountsRead(Message):
    """The sidebar's counts per status, the overdue count and the TOP threshold."""

    def __init__(self, counts: dict[str, int], overdue: int, top: int | None) -> None:
        super().__init__()
        self.counts, self.overdue, self.top = counts, overdue, top


class ResultsReread(Message):
    """The shown search read again after a change: its first page and count."""

    def __init__(self, search: Search, rows: list[ContactRow], total: int) -> None:
        super().__init__()
        self.search, self.rows, self.total = search, rows, total


class OutsideChange(Message):
    """Another process changed the data, or the rule files and saved searches changed on disk."""

    def __init__(self, data: bool, files: bool) -> None:
        super().__init__()
        self.data, self.files = data, files


class Busy(Message):
    """Long work began (what, for the busy bar) or ended (None)."""

    def __init__(self, doing: str | None) -> None:
        super().__init__()
        self.doing = doing


class WorkEnded(Message):
    """A change, an undo or a read in the background ended: what to tell, and whether data changed."""

    def __init__(self, message: str, severity: str = "information", changed: bool = False) -> None:
        super().__init__()
        self.message, self.severity, self.changed = message, severity, changed
