"""A saved view's custom field columns are read with each page, which stays keyset-paged: scrolling with
cursors, jumping and reading the end give the same rows with their field values."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from statustui.services import Service
from statustui.store.paging import fetch_before, fetch_last, fetch_offset, fetch_page
from statustui.workspace import init_workspace
from tests.perf.test_paging import NOW

PAGE = 7


@pytest.fixture
def service(tmp_path: Path, db_url: str) -> Iterator[Service]:
    """60 contacts; a city for most, a price range for every third."""
    init_workspace(tmp_path / "ws")
    service = Service.open(tmp_path / "ws", database_url=db_url, now=NOW)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "name,email,company,city,price_range\n"
        + "".join(
            f"P {i},p{i}@example.com,{('Acme', 'Globex', '')[i % 3]},{'' if i % 7 == 0 else f'City {i}'},"
            f"{f'{i}00k' if i % 3 == 0 else ''}\n"
            for i in range(60)
        )
    )
    service.import_contacts(contacts)
    yield service
    service.close()


def test_field_columns_come_with_every_page(service: Service) -> None:
    search = service.sorted_by(service.compile_search(""), "company", False)
    fields = ["city", "price_range"]
    rows, after = [], None
    while page := fetch_page(search.where, search.order, PAGE, after, fields=fields):
        rows += page
        after = page[-1].cursor
    assert len(rows) == 60
    for r in rows:
        i = int(r.name.split()[1])
        expected = {"city": f"City {i}"} if i % 7 else {}
        if i % 3 == 0:
            expected["price_range"] = f"{i}00k"
        assert r.fields == expected, r.name
    by_id = {r.id: r.fields for r in rows}
    middle = fetch_offset(search.where, search.order, 30, PAGE, fields=fields)
    assert [r.fields for r in middle] == [by_id[r.id] for r in rows[30 : 30 + PAGE]]
    assert [r.fields for r in fetch_last(search.where, search.order, PAGE, fields=fields)] == [
        by_id[r.id] for r in rows[-PAGE:]
    ]
    before = fetch_before(search.where, search.order, PAGE, rows[30].cursor, fields=fields)
    assert [r.id for r in before] == [r.id for r in rows[30 - PAGE : 30]]
    assert all(r.fields == by_id[r.id] for r in before)
