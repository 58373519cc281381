"""Opening a database by URL (SQLite file or PostgreSQL), creating the schema, and safe write transactions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from peewee import (
    Database,
    DatabaseError,
    OperationalError,
    PostgresqlDatabase,
    ProgrammingError,
    SqliteDatabase,
)

from statustui.store.migrate import is_current, upgrade
from statustui.store.models import database
from statustui.store.urls import UrlError, parse_url, redact_url, scrub

T = TypeVar("T")

# How long a writer waits for another process's write to finish before giving up with a clear message.
BUSY_TIMEOUT_S = 15.0


class StoreError(Exception):
    """A storage problem a person can act on (bad URL, unreachable server, a busy database)."""


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


# SQLite's page cache per connection: large for imports and rules runs; the app passes a small one, so its
# memory does not grow with the workspace (at a million contacts the first count fills 64 MB).
DEFAULT_CACHE_KIB = 64_000


def open_database(url: str, base_dir: Path | None = None, cache_kib: int = DEFAULT_CACHE_KIB) -> Database:
    """Open `sqlite:///path.db` (relative paths from `base_dir`) or `postgresql://user@host:port/db[?schema=S]`.

    The schema is created if missing; the models are bound to the opened database.
    """
    db = _connect(url, base_dir, cache_kib)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        _ensure_schema(db)
    except OperationalError as e:
        reason = _clean(e, url)
        if "locked" in reason:
            reason = (
                f"another statustui or import kept it busy for {BUSY_TIMEOUT_S:.0f} s; try again in a moment"
            )
        raise StoreError(f"cannot open database {redact_url(url)}: {reason}") from None
    return db


def _clean(error: Exception, url: str) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return scrub(text, url)


def _connect(url: str, base_dir: Path | None, cache_kib: int) -> Database:
    try:
        parts = parse_url(url)
    except UrlError as e:
        raise StoreError(str(e)) from None
    if parts.kind == "sqlite":
        path = parts.path
        if path != ":memory:":
            p = Path(path)
            if not p.is_absolute() and base_dir is not None:
                p = base_dir / p
            if not p.parent.is_dir():
                raise StoreError(f"cannot open database {url}: folder {p.parent} does not exist")
            path = str(p)
        return SqliteDatabase(
            path,
            pragmas={
                # First, so that even switching to WAL waits for a writer instead of failing at once.
                "busy_timeout": int(BUSY_TIMEOUT_S * 1000),
                "journal_mode": "wal",
                "synchronous": "normal",  # with WAL: durable at checkpoints, 20x cheaper small commits
                "cache_size": -cache_kib,
                "foreign_keys": 0,  # the service keeps references right; ON doubles bulk-load time
                # Staging tables of a big import spill to a temporary file: with "memory" a 200 MB CSV
                # took 515 MB of RAM before its bad last row was found (bench/big_import.py).
                "temp_store": "file",
            },
            check_same_thread=False,
        )
    kwargs: dict[str, Any] = {  # psycopg2's connect() arguments, passed through
        "host": parts.host,
        "port": parts.port,
        "user": parts.user,
        "password": parts.password,
        "sslmode": parts.sslmode,
        "connect_timeout": 10,
    }
    if parts.schema:
        kwargs["options"] = f"-c search_path={parts.schema}"
    db = PostgresqlDatabase(parts.path, **{k: v for k, v in kwargs.items() if v is not None})
    db.statustui_schema = parts.schema  # type: ignore[attr-defined]  # our own tag on peewee's object
    return db


def _ensure_schema(db: Database) -> None:
    """Create what is missing, or upgrade an older database (store/migrate.py). Opening an up-to-date
    database only reads, so it never waits for (or makes wait) another process's long write, e.g. the app
    opened during an import."""
    schema = getattr(db, "statustui_schema", None)
    # Only when missing: a team member's role needs no CREATE right on a workspace that exists.
    if schema and not db.execute_sql("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone():
        # IF NOT EXISTS is no guard against a concurrent CREATE (a unique violation on pg_namespace, one
        # round in five with four processes): take the schema's write lock first.
        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (schema,))
            db.execute_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    if is_current(db):
        return
    with write_transaction(db):
        upgrade(db)


def write_transaction(db: Database) -> AbstractContextManager[Any]:
    """A transaction that takes the workspace's write lock up front: writers run one after another.

    SQLite: BEGIN IMMEDIATE. In WAL mode a deferred transaction that reads and then writes fails at once with
    "database is locked" when another process wrote in between; taking the lock first lets the busy timeout
    do its job. PostgreSQL: a transaction-scoped advisory lock per workspace schema. Under READ COMMITTED a
    change reads statuses (for its history rows and its rules) and writes later; two such changes at once
    would record history from stale statuses and let the rules overwrite each other's work.
    """
    if isinstance(db, SqliteDatabase):
        return db.atomic("IMMEDIATE")
    return _postgres_write_transaction(db)


@contextmanager
def _postgres_write_transaction(db: Database) -> Iterator[Any]:
    with db.atomic() as txn:
        if db.transaction_depth() == 1:  # a nested one already holds the lock
            db.execute_sql(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
            db.execute_sql("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
        yield txn


def with_retry(db: Database, work: Callable[[], T], what: str = "change") -> T:
    """Run `work` in a write transaction, retrying a bounded time while another writer holds the lock."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.05
    while True:
        try:
            with write_transaction(db):
                return work()
        except ProgrammingError as e:
            if "permission denied" not in str(e):
                raise
            raise StoreError(
                f"your database role may not save this {what} ({str(e).splitlines()[0]}); "
                "ask the workspace's owner (docs/deployment.md)"
            ) from None
        except DatabaseError as e:
            unusable = unusable_reason(e)
            if unusable:
                raise StoreError(f"your {what} was not saved: {unusable}") from None
            msg = str(e).lower()
            busy = isinstance(e, OperationalError) and any(
                w in msg for w in ("locked", "busy", "could not serialize", "deadlock", "lock timeout")
            )
            if not busy:
                raise
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"the database stayed busy for {BUSY_TIMEOUT_S:.0f} s (another statustui or import is "
                    f"writing); your {what} was not saved - try again in a moment"
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def unusable_reason(error: BaseException) -> str | None:
    """What to tell a person when the database cannot take writes at all (full disk, read-only), if so: not
    worth a retry, and not a bug. Looks behind "cannot rollback", which a full disk causes in SQLite."""
    if "cannot rollback" in str(error) and error.__context__ is not None:
        error = error.__context__
    first = str(error).splitlines()[0] if str(error) else type(error).__name__
    msg = first.lower()
    if "disk is full" in msg or "no space left" in msg or "could not extend file" in msg:
        return f"the disk holding the database is full ({first}); free some space and try again"
    if "readonly database" in msg or "read-only transaction" in msg or "read-only file system" in msg:
        return (
            f"the database is read-only ({first}); it needs write access for you (file permissions, or a "
            "writable PostgreSQL server rather than a replica)"
        )
    return None
