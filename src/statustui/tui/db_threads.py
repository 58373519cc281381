"""Database work in thread workers.

Each worker thread gets its own connection (peewee keeps one per thread); closing it when the worker ends
frees its page cache (SQLite keeps up to 64 MB a connection), and a search superseded by a newer keystroke is
interrupted inside the database instead of running its count to the end in the background.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from peewee import Database


@contextmanager
def worker_connection(db: Database) -> Iterator[Any]:
    """This thread's connection for the duration of a worker, closed afterwards."""
    try:
        yield db.connection()
    finally:
        db.close()


def interrupt(connection: Any) -> None:
    """Stop the statement running on `connection`, from another thread (SQLite interrupt, PostgreSQL cancel)."""
    stop = getattr(connection, "interrupt", None) or getattr(connection, "cancel", None)
    if stop is not None:
        with suppress(Exception):  # already closed or idle: nothing to stop
            stop()


def closes_connection(method: Callable[..., None]) -> Callable[..., None]:
    """For a thread worker method of an object with `.service`: close the thread's connection at the end."""

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            method(self, *args, **kwargs)
        finally:
            self.service.db.close()

    return run
