"""The list's page cache: rows read page by page in the right order, jumps cheap, memory bounded."""

from __future__ import annotations

from conftest import NOW

from statustui.services import Service
from statustui.store.models import Contact
from statustui.tui.row_pages import MAX_PAGES, PAGE_SIZE, RowPages

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


def test_scrolling_through_reads_by_keyset_and_keeps_a_bounded_cache(service: Service) -> None:
    expected = many(service)
    search = service.compile_search("")
    pages = RowPages(service, search, service.search(search, PAGE_SIZE), total=len(expected))
    shown = [pages.row(i).id for i in range(len(expected))]  # type: ignore[union-attr]
    assert shown == expected
    assert set(pages.fetches) == {"keyset"}
    assert pages.cached_pages == MAX_PAGES
    assert pages.row(len(expected)) is None


def test_jumps_read_the_end_backwards_and_the_middle_once_by_offset(service: Service) -> None:
    expected = many(service)
    total = len(expected)
    search = service.compile_search("")
    pages = RowPages(service, search, service.search(search, PAGE_SIZE), total=total)
    assert pages.row(total - 1).id == expected[-1]  # type: ignore[union-attr]
    assert pages.fetches == ["last"]
    up = (total - 1) // PAGE_SIZE * PAGE_SIZE - 1  # the row just above the last page
    assert pages.row(up).id == expected[up]  # type: ignore[union-attr]
    assert pages.fetches[-1] == "before"
    middle = total // 2
    assert pages.row(middle).id == expected[middle]  # type: ignore[union-attr]
    assert pages.row(middle + PAGE_SIZE).id == expected[middle + PAGE_SIZE]  # type: ignore[union-attr]
    assert pages.fetches[-2:] == ["offset", "keyset"]
