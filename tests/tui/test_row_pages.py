"""The list's page cache: rows read page by page in the right order, jumps cheap, memory bounded."""

from __future__ import annotations

from conftest import NOW

from statustui.services import Service
from statustui.store.models import Contact
from statustui.store.paging import ContactRow
from statustui.tui.row_pages import MAX_PAGES, PAGE_SIZE, RowPages, read_page

N = PAGE_SIZE * (MAX_PAGES + 6) + 37  # more pages than the cache holds, and a short last page


def many(service: Service) -> list[int]:
    """N more contacts; the ids of every contact in the default order."""
    Contact.insert_many(
        [
            {
                "name": f"P{i}",
                "email": f"p{i}@example.com",
                "status": "NEW",
                "status_changed_at": NOW,
                "created_at": NOW,
                "last_engaged_at": NOW - (i * 7919) % 100_000,
            }
            for i in range(N)
        ]
    ).execute()
    total = service.contact_count()
    return [r.id for r in service.search("", total + 1)]


def row_at(pages: RowPages, index: int) -> ContactRow | None:
    """The row as the list gets it: from the cache, else its page planned, read (the worker) and stored."""
    if pages.row(index) is None and pages.missing(index, index):
        page = index // PAGE_SIZE
        pages.store(page, *read_page(pages.service, pages.search, pages.plan(page)))
    return pages.row(index)


def test_scrolling_through_reads_by_keyset_and_keeps_a_bounded_cache(service: Service) -> None:
    expected = many(service)
    search = service.compile_search("")
    pages = RowPages(service, search, service.search(search, PAGE_SIZE), total=len(expected))
    shown = [row_at(pages, i).id for i in range(len(expected))]  # type: ignore[union-attr]
    assert shown == expected
    assert set(pages.fetches) == {"keyset"}
    assert pages.cached_pages == MAX_PAGES
    assert row_at(pages, len(expected)) is None


def test_jumps_read_the_end_backwards_and_the_middle_once_by_offset(service: Service) -> None:
    expected = many(service)
    total = len(expected)
    search = service.compile_search("")
    pages = RowPages(service, search, service.search(search, PAGE_SIZE), total=total)
    assert row_at(pages, total - 1).id == expected[-1]  # type: ignore[union-attr]
    assert pages.fetches == ["last"]
    up = (total - 1) // PAGE_SIZE * PAGE_SIZE - 1  # the row just above the last page
    assert row_at(pages, up).id == expected[up]  # type: ignore[union-attr]
    assert pages.fetches[-1] == "before"
    middle = total // 2
    assert row_at(pages, middle).id == expected[middle]  # type: ignore[union-attr]
    assert row_at(pages, middle + PAGE_SIZE).id == expected[middle + PAGE_SIZE]  # type: ignore[union-attr]
    assert pages.fetches[-2:] == ["offset", "keyset"]


def test_the_cache_alone_never_reads_and_names_the_pages_it_lacks(service: Service) -> None:
    expected = many(service)
    search = service.compile_search("")
    pages = RowPages(service, search, service.search(search, PAGE_SIZE), total=len(expected))
    assert pages.row(PAGE_SIZE * 3) is None and pages.fetches == []
    assert pages.missing(PAGE_SIZE - 1, PAGE_SIZE * 2) == [1, 2]
    pages.fail(1, "database is locked")
    assert pages.failure(PAGE_SIZE + 5) == "database is locked"
    assert row_at(pages, PAGE_SIZE + 5).id == expected[PAGE_SIZE + 5]  # type: ignore[union-attr]
    assert pages.failure(PAGE_SIZE + 5) is None
