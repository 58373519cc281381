"""Search results as CSV or JSON: for `statustui export`, `statustui search --format`, and the app.

Every contact column is written, then the tags and one `field.NAME` column per custom field the results
hold, so that `import contacts` of the file recreates the contacts (docs/import-export.md, the round trip).
CSV cells pass through the formula guard (`cells.guard`); JSON holds the values as they are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from statustui.import_export.cells import guard
from statustui.store.models import Contact, ContactField
from statustui.store.paging import ContactRow
from statustui.text_safety import escape_json
from statustui.timeutil import iso_instant

if TYPE_CHECKING:
    from statustui.services import Search, Service

COLUMNS = (
    "id",
    "name",
    "email",
    "phone",
    "company",
    "source",
    "status",
    "score",
    "tags",
    "created_at",
    "last_engaged_at",
    "unsubscribed",
    "status_manual",
    "status_changed_at",
    "score_bonus",
    "engagement_count",
)
FIELD_PREFIX = "field."
PAGE = 5000


@dataclass
class ExportRow:
    """A contact with what the list rows do not carry: rule bonus, engagement count, custom fields."""

    row: ContactRow
    score_bonus: int
    engagement_count: int
    fields: dict[str, str]


def row_dict(item: ExportRow, tz: tzinfo, field_names: Iterable[str]) -> dict[str, Any]:
    row = item.row
    d: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "email": row.email,
        "phone": row.phone,
        "company": row.company,
        "source": row.source,
        "status": row.status,
        "score": row.score,
        "tags": list(row.tags),
        "created_at": iso_instant(row.created_at, tz),
        "last_engaged_at": iso_instant(row.last_engaged_at, tz) if row.last_engaged_at else None,
        "unsubscribed": row.unsubscribed,
        "status_manual": row.status_manual,
        "status_changed_at": iso_instant(row.status_changed_at, tz),
        "score_bonus": item.score_bonus,
        "engagement_count": item.engagement_count,
    }
    for name in field_names:
        d[FIELD_PREFIX + name] = item.fields.get(name)
    return d


def safe_cell(value: Any) -> str:
    """A CSV cell that no spreadsheet evaluates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):  # a number of ours (a negative score) is a number, not a formula
        return str(value)
    if isinstance(value, list):
        value = ";".join(value)
    return guard(str(value))


def all_rows(service: Service, search: Search, limit: int | None = None) -> Iterator[ContactRow]:
    """Every result (or the first `limit`), page by page along the keyset: memory stays flat."""
    remaining = search.limit if limit is None else min(limit, search.limit or limit)
    after = None
    while remaining is None or remaining > 0:
        size = PAGE if remaining is None else min(PAGE, remaining)
        rows = service.search(search, limit=size, after=after)
        yield from rows
        if len(rows) < size:
            return
        after = rows[-1].cursor
        if remaining is not None:
            remaining -= len(rows)


def selected_ids(search: Search) -> Any:
    """A subquery of the ids of the contacts the search selects (its limit and order included), or None
    when it selects everyone."""
    where = search.count_where if search.count_where is not None else search.where
    if where is None and search.limit is None:
        return None
    ids: Any = Contact.select(Contact.id)
    if where is not None:
        ids = ids.where(where)
    if search.limit is not None:
        order: list[Any] = [e for _, e, _ in search.order]
        descending = [d for _, _, d in search.order]
        ids = ids.order_by(*[e.desc() if d else e.asc() for e, d in zip(order, descending, strict=True)])
        ids = ids.limit(search.limit)
    return ids


def field_names(search: Search) -> list[str]:
    """The custom fields the results hold, in name order: one column each."""
    q: Any = ContactField.select(ContactField.name).distinct()
    ids = selected_ids(search)
    if ids is not None:
        q = q.where(ContactField.contact.in_(ids))
    return sorted(n for (n,) in q.tuples())


def export_rows(rows: Iterable[ContactRow]) -> Iterator[ExportRow]:
    """The rows with their bonus, count and custom fields, read a page at a time."""
    page: list[ContactRow] = []
    for row in rows:
        page.append(row)
        if len(page) == PAGE:
            yield from _complete(page)
            page = []
    yield from _complete(page)


def _complete(page: list[ContactRow]) -> Iterator[ExportRow]:
    if not page:
        return
    ids = [r.id for r in page]
    q: Any = Contact.select(Contact.id, Contact.score_bonus, Contact.engagement_count)
    extra = {i: (bonus, count) for i, bonus, count in q.where(Contact.id.in_(ids)).tuples()}
    fields: dict[int, dict[str, str]] = {}
    q = ContactField.select(ContactField.contact, ContactField.name, ContactField.value)
    for contact_id, name, value in q.where(ContactField.contact.in_(ids)).tuples():
        fields.setdefault(contact_id, {})[name] = value
    for r in page:
        bonus, count = extra.get(r.id, (0, 0))
        yield ExportRow(r, bonus, count, fields.get(r.id, {}))


def write_csv(service: Service, search: Search, out: IO[str], limit: int | None = None) -> int:
    names = field_names(search)
    header = [*COLUMNS, *(FIELD_PREFIX + n for n in names)]
    writer = csv.writer(out)
    writer.writerow(header)
    n = 0
    tz = service.config.tz
    for item in export_rows(all_rows(service, search, limit)):
        d = row_dict(item, tz, names)
        writer.writerow([safe_cell(d[c]) for c in header])
        n += 1
    return n


def write_json(service: Service, search: Search, out: IO[str], limit: int | None = None) -> int:
    """A JSON array, one contact a line (`lines=True`: JSON Lines, one object a line and no brackets)."""
    return _write_json(service, search, out, limit, lines=False)


def write_jsonl(service: Service, search: Search, out: IO[str], limit: int | None = None) -> int:
    return _write_json(service, search, out, limit, lines=True)


def _write_json(service: Service, search: Search, out: IO[str], limit: int | None, *, lines: bool) -> int:
    names = field_names(search)
    tz = service.config.tz
    if not lines:
        out.write("[")
    n = 0
    for item in export_rows(all_rows(service, search, limit)):
        text = escape_json(json.dumps(row_dict(item, tz, names), ensure_ascii=False))
        out.write(text + "\n" if lines else ("," if n else "") + "\n  " + text)
        n += 1
    if not lines:
        out.write("\n]\n" if n else "]\n")
    return n


WRITERS = {".csv": write_csv, ".json": write_json, ".jsonl": write_jsonl}


def export(service: Service, search: Search, path: Path) -> int:
    """Write the search's results to FILE.csv, FILE.json or FILE.jsonl (written beside, then moved into place)."""
    write = WRITERS.get(path.suffix.lower())
    if write is None:
        raise ValueError(f"{path.name}: export writes .csv, .json or .jsonl files")
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        n = write(service, search, out)
    tmp.replace(path)
    return n
