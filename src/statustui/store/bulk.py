"""Loading many rows at raw driver speed, and keeping the contacts' engagement columns current.

peewee's `insert_many` builds SQL per value (about 17,600 rows/s); the driver's own `executemany` (SQLite)
or `execute_values` (PostgreSQL) inside one transaction runs at about 200,000 contacts/s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from peewee import Database

from statustui.store.db import is_postgres

PAGE = 20_000


def insert_rows(
    db: Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], page: int = PAGE
) -> int:
    """INSERT every row (call inside a transaction); returns how many."""
    cols = ", ".join(f'"{c}"' for c in columns)
    cursor = db.cursor()
    total = 0
    if is_postgres(db):
        from psycopg2.extras import execute_values

        sql = f'INSERT INTO "{table}" ({cols}) VALUES %s'
        for chunk in batched(rows, page):
            execute_values(cursor, sql, chunk, page_size=len(chunk))
            total += len(chunk)
    else:
        sql = f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" * len(columns))})'
        for chunk in batched(rows, page):
            cursor.executemany(sql, chunk)
            total += len(chunk)
    return total


def execute_many(db: Database, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """One statement (UPDATE, DELETE) for many parameter rows; on PostgreSQL in pages, not a round trip each."""
    if not rows:
        return
    if is_postgres(db):
        from psycopg2.extras import execute_batch

        execute_batch(db.cursor(), sql, rows, page_size=1000)
    else:
        db.cursor().executemany(sql, rows)


def batched(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def create_temp_table(db: Database, name: str, columns: str) -> None:
    """A staging table private to this connection (dropped first if a failed run left one)."""
    db.execute_sql(f'DROP TABLE IF EXISTS "{name}"')
    db.execute_sql(f'CREATE TEMPORARY TABLE "{name}" ({columns})')


def greatest(a: str, b: str, db: Database) -> str:
    """SQL for the larger of two values (SQLite's two-argument max is PostgreSQL's GREATEST)."""
    return f"GREATEST({a}, {b})" if is_postgres(db) else f"MAX({a}, {b})"


ENGAGEMENT_COLUMNS = ("contact_id", "channel", "kind", "occurred_at", "value", "text", "external_id")


def insert_engagements(db: Database, rows: Iterable[Sequence[Any]], batch_id: int | None) -> int:
    """Rows of (contact_id, channel, kind, occurred_at, value, text), optionally with a seventh item, the
    engagement's id in the system it came from (`external_id`, which makes a second import skip it), added
    by batch `batch_id` (undo deletes them)."""
    total = 0
    for chunk in batched(rows, PAGE):
        columns = (*ENGAGEMENT_COLUMNS[: len(chunk[0])], "batch_id")
        total += insert_rows(db, "engagement", columns, [(*row, batch_id) for row in chunk])
    return total


def apply_engagement_stats(db: Database, stats_table: str) -> None:
    """Add a staged aggregate (contact_id, last_at, n, points) to the contacts' engagement columns."""
    db.execute_sql(
        f'UPDATE "contact" SET '
        f"last_engaged_at = {greatest('contact.last_engaged_at', 's.last_at', db)}, "
        f"engagement_count = contact.engagement_count + s.n, "
        f"score = contact.score + s.points "
        f'FROM "{stats_table}" AS s WHERE contact.id = s.contact_id'
    )
