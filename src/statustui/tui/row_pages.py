"""The contact list's rows, fetched a page at a time as they scroll into view and kept in a small LRU cache.

Memory is bounded by MAX_PAGES whatever the result's size. A page next to a cached one is read by keyset
(cheap at any depth); a jump reads the last page backwards or, once, by OFFSET.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from statustui.services import Search, Service
from statustui.store.paging import ContactRow

PAGE_SIZE = 100
MAX_PAGES = 24


class RowPages:
    def __init__(
        self, service: Service, search: Search, first_page: list[ContactRow], total: int | None = None
    ) -> None:
        self.service = service
        self.search = search
        self.total = total
        self._pages: OrderedDict[int, list[ContactRow]] = OrderedDict()
        self._pages[0] = first_page
        self.fetches: list[str] = []  # how each page was read: for tests and the bench

    @property
    def known_rows(self) -> int:
        """Rows the list may show: the count once it arrived, else the first page."""
        return self.total if self.total is not None else len(self._pages.get(0, []))

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    def row(self, index: int) -> ContactRow | None:
        if index < 0 or index >= self.known_rows:
            return None
        page, within = divmod(index, PAGE_SIZE)
        rows = self._page(page)
        return rows[within] if within < len(rows) else None

    def _page(self, page: int) -> list[ContactRow]:
        if page in self._pages:
            self._pages.move_to_end(page)
            return self._pages[page]
        try:
            rows = self._fetch(page)
        except Exception:  # the database busy or gone for a moment: blank rows now, read again when redrawn
            return []
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return rows

    def _fetch(self, page: int) -> list[ContactRow]:
        read: Callable[[], list[ContactRow]]
        prev, nxt = self._pages.get(page - 1), self._pages.get(page + 1)
        start = page * PAGE_SIZE
        if prev and len(prev) == PAGE_SIZE:
            how, read = "keyset", lambda: self.service.search(self.search, PAGE_SIZE, after=prev[-1].cursor)
        elif nxt:
            how, read = "before", lambda: self.service.page_before(self.search, nxt[0].cursor, PAGE_SIZE)
        elif self.total is not None and start + PAGE_SIZE >= self.total:
            how, read = "last", lambda: self.service.page_last(self.search, self.total - start, self.total)
        else:
            how, read = "offset", lambda: self.service.page_at(self.search, start, PAGE_SIZE)
        self.fetches.append(how)
        return read()
