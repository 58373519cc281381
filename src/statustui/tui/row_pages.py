"""The contact list's rows, read a page at a time as they scroll into view and kept in a small LRU cache.

The UI thread never reads: it asks `plan()` how to read the pages it is missing (decided from what is
cached) and a worker runs `read_page()`; the rows come back to `store()`. Memory is bounded by MAX_PAGES
whatever the result's size. A page next to a cached one is read by keyset (cheap at any depth); a jump reads
the last page backwards or, once, by OFFSET.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from statustui.services import Search, Service
from statustui.store.paging import ContactRow, Cursor

PAGE_SIZE = 100
MAX_PAGES = 24


@dataclass(frozen=True)
class PagePlan:
    """How to read one page: after the row before it (keyset), before the row after it, or by position."""

    page: int
    after: Cursor | None
    before: Cursor | None
    total: int | None


def read_page(service: Service, search: Search, plan: PagePlan) -> tuple[str, list[ContactRow]]:
    """Read one page as planned (in a worker: this is the database): how it was read, and its rows."""
    start = plan.page * PAGE_SIZE
    if plan.after is not None:
        return "keyset", service.search(search, PAGE_SIZE, after=plan.after)
    if plan.before is not None:
        return "before", service.page_before(search, plan.before, PAGE_SIZE)
    if plan.total is not None and start + PAGE_SIZE >= plan.total:
        return "last", service.page_last(search, plan.total - start, plan.total)
    return "offset", service.page_at(search, start, PAGE_SIZE)


class RowPages:
    def __init__(
        self, service: Service, search: Search, first_page: list[ContactRow], total: int | None = None
    ) -> None:
        self.service = service
        self.search = search
        self.total = total
        self._pages: OrderedDict[int, list[ContactRow]] = OrderedDict()
        self._pages[0] = first_page
        self.failed: dict[int, str] = {}  # page -> why its read failed (shown in its rows until read again)
        self.fetches: list[str] = []  # how each page was read: for tests and the bench

    @property
    def known_rows(self) -> int:
        """Rows the list may show: the count once it arrived, else the first page."""
        return self.total if self.total is not None else len(self._pages.get(0, []))

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    def row(self, index: int) -> ContactRow | None:
        """The row if its page is cached (None: not read yet, or out of range). Never reads."""
        if index < 0 or index >= self.known_rows:
            return None
        page, within = divmod(index, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            return None
        self._pages.move_to_end(page)
        return rows[within] if within < len(rows) else None

    def missing(self, first: int, last: int) -> list[int]:
        """The pages holding rows first..last (inclusive) that are not cached."""
        last = min(last, self.known_rows - 1)
        if last < first:
            return []
        pages = range(max(first, 0) // PAGE_SIZE, last // PAGE_SIZE + 1)
        return [page for page in pages if page not in self._pages]

    def plan(self, page: int) -> PagePlan:
        prev, nxt = self._pages.get(page - 1), self._pages.get(page + 1)
        after = prev[-1].cursor if prev and len(prev) == PAGE_SIZE else None
        before = nxt[0].cursor if nxt else None
        return PagePlan(page, after, before, self.total)

    def store(self, page: int, how: str, rows: list[ContactRow]) -> None:
        self.fetches.append(how)
        self.failed.pop(page, None)
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def fail(self, page: int, error: str) -> None:
        self.failed[page] = error

    def failure(self, index: int) -> str | None:
        return self.failed.get(index // PAGE_SIZE)
