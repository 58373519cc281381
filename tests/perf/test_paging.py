"""Jumping into a long list shows the same rows as scrolling there page by page (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from statustui.services import Search, Service
from statustui.workspace import init_workspace

NOW = 1_790_000_000
PAGE = 20


@pytest.fixture
def service(tmp_path: Path, db_url: str) -> Iterator[Service]:
    """240 contacts with ties to break: shared and missing companies, equal scores, a third never engaged."""
    init_workspace(tmp_path / "ws")
    service = Service.open(tmp_path / "ws", database_url=db_url, now=NOW)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "name,email,company,status,tags\n"
        + "".join(
            f"P {i},p{i}@example.com,{('Acme', 'Globex', '')[i % 3]},{('NEW', 'NEUTRAL', 'HOT', 'COLD')[i % 4]},"
            f"{'vip' if i % 5 == 0 else ''}\n"
            for i in range(240)
        )
    )
    service.import_contacts(contacts)
    events = tmp_path / "events.csv"
    events.write_text(
        "email,kind,at,channel\n"
        + "".join(
            f"p{i}@example.com,{('like', 'reply')[i % 2]},2026-09-{1 + i % 17:02d}T10:00,email\n"
            for i in range(240)
            if i % 3
        )
    )
    service.import_events(events)
    yield service
    service.close()


def scrolled(service: Service, search: Search) -> list[int]:
    """Every row's id, reading the list forward page by page with cursors, as the app scrolls."""
    ids: list[int] = []
    after = None
    while page := service.search(search, limit=PAGE, after=after):
        ids.extend(r.id for r in page)
        after = page[-1].cursor
    return ids


@pytest.mark.parametrize("query", ["", "status in (NEW, NEUTRAL) or tagged vip"])
@pytest.mark.parametrize("sort", [None, ("company", False), ("score", True)])
def test_jumps_show_the_rows_scrolling_reaches(
    service: Service, query: str, sort: tuple[str, bool] | None
) -> None:
    search = service.compile_search(query)
    if sort:
        search = service.sorted_by(search, *sort)
    ids = scrolled(service, search)
    assert len(ids) == service.count(search) and len(set(ids)) == len(ids)
    for offset in (0, 7, len(ids) // 2, len(ids) - 5):
        assert [r.id for r in service.page_at(search, offset, PAGE)] == ids[offset : offset + PAGE]
    assert [r.id for r in service.page_last(search, PAGE, len(ids))] == ids[-PAGE:]
    middle = service.page_at(search, len(ids) // 2, 1)[0]
    assert [r.id for r in service.page_before(search, middle.cursor, PAGE)] == ids[
        len(ids) // 2 - PAGE : len(ids) // 2
    ]
