"""Database work in thread workers.

Each worker thread gets its own connection (peewee keeps one per thread); closing it when the worker ends
frees its page cache (SQLite keeps up to 64 MB a connection), and a search superseded by a newer keystroke is
interrupted inside the database instead of running its count to the end in the background.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from peewee import Database, SqliteDatabase

from statustui.tui.app_log import log_error

# A worker's SQLite page cache (KiB, as a negative cache_size): short-lived connections gain little from the
# default 64 MB, and each worker thread's freed cache stays in that thread's malloc arena (RSS).
WORKER_CACHE_KIB = 4000


@contextmanager
def worker_connection(db: Database) -> Iterator[Any]:
    """This thread's connection for the duration of a worker, with a small page cache, closed afterwards."""
    try:
        connection = db.connection()
        if isinstance(db, SqliteDatabase):
            db.execute_sql(f"PRAGMA cache_size = -{WORKER_CACHE_KIB}")
        yield connection
    finally:
        db.close()


def interrupt(connection: Any) -> None:
    """Stop the statement running on `connection`, from another thread (SQLite interrupt, PostgreSQL cancel)."""
    stop = getattr(connection, "interrupt", None) or getattr(connection, "cancel", None)
    if stop is not None:
        try:
            stop()
        except Exception as e:  # already closed or idle: nothing to stop, but the log keeps it
            log_error("interrupting a superseded statement", e)


def closes_connection(method: Callable[..., None]) -> Callable[..., None]:
    """For a thread worker method of an object with `.service`: run it in a `worker_connection`."""

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> None:
        with worker_connection(self.service.db):
            method(self, *args, **kwargs)

    return run
