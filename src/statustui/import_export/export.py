"""Search results as CSV or JSON: for `statustui export`, `statustui search --format`, and the app.

CSV cells that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return)
are prefixed with a single quote, so an exported file cannot run anything when opened.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from statustui.store.paging import ContactRow
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
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PAGE = 5000


def row_dict(row: ContactRow, tz: tzinfo) -> dict[str, Any]:
    return {
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
    }


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
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def all_rows(service: Service, search: Search) -> Iterator[ContactRow]:
    """Every result, page by page along the keyset (memory stays flat for a million rows)."""
    remaining = search.limit
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


def write_csv(rows: Iterable[ContactRow], out: IO[str], tz: tzinfo) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        d = row_dict(row, tz)
        writer.writerow([safe_cell(d[c]) for c in COLUMNS])
        n += 1
    return n


def write_json(rows: Iterable[ContactRow], out: IO[str], tz: tzinfo) -> int:
    out.write("[")
    n = 0
    for row in rows:
        out.write(("," if n else "") + "\n  " + json.dumps(row_dict(row, tz), ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def export(service: Service, search: Search, path: Path) -> int:
    """Write the search's results to FILE.csv or FILE.json (written beside, then moved into place)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise ValueError(f"{path.name}: export writes .csv or .json files")
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        write = write_csv if suffix == ".csv" else write_json
        n = write(all_rows(service, search), out, service.config.tz)
    tmp.replace(path)
    return n
