"""What the reliability tests share: a workspace on a given database, a digest of everything stored, and a
real `python -m statustui` child process that can be killed while it holds the database's write lock."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from statustui.store.db import open_database
from statustui.store.models import database
from statustui.workspace import init_workspace
from tests.cli_runner import NOW, Result, make_runner

STATUSES = ("NEUTRAL", "WARM", "HOT", "COLD")

# Everything a person could notice, without ids: a re-run after a killed PostgreSQL transaction gets new
# ids (sequences are not transactional), yet is the same state.
_DIGEST_QUERIES = {
    "contact": "SELECT name, email, phone, company, source, status, status_manual, status_changed_at, created_at, "
    'score, score_bonus, unsubscribed, last_engaged_at, engagement_count FROM "contact"',
    "contact_tag": 'SELECT c.email, t.tag FROM "contact_tag" t JOIN "contact" c ON c.id = t.contact_id',
    "contact_field": 'SELECT c.email, f.name, f.value, f.number FROM "contact_field" f '
    'JOIN "contact" c ON c.id = f.contact_id',
    "engagement": 'SELECT c.email, e.channel, e.kind, e.occurred_at, e.value, e.text FROM "engagement" e '
    'JOIN "contact" c ON c.id = e.contact_id',
    "status_history": "SELECT c.email, h.at, h.old_status, h.new_status, h.actor, h.actor_name, h.manual, "
    'h.old_manual, h.old_unsubscribed, b.kind FROM "status_history" h '
    'JOIN "contact" c ON c.id = h.contact_id LEFT JOIN "batch" b ON b.id = h.batch_id',
    "batch": 'SELECT kind, at, description, undone_by IS NULL FROM "batch"',
}


def digest(url: str) -> dict[str, str]:
    """Per table, a hash of its sorted rows (and the row count, for readable failures)."""
    db = open_database(url)
    try:
        out = {}
        for table, sql in _DIGEST_QUERIES.items():
            rows = sorted(tuple("" if v is None else str(v) for v in row) for row in db.execute_sql(sql))
            out[table] = f"{len(rows)} rows {hashlib.sha256(repr(rows).encode()).hexdigest()[:16]}"
        return out
    finally:
        db.close()


def contacts_csv(path: Path, n: int, statuses: Sequence[str] = STATUSES, start: int = 0) -> Path:
    """`n` contacts with tags, a custom field and a status each."""
    with path.open("w", encoding="utf-8") as f:
        f.write("name,email,company,status,tags,budget\n")
        for i in range(start, start + n):
            f.write(
                f"Person {i},p{i}@example.com,Company {i % 97},{statuses[i % len(statuses)]},"
                f"t{i % 5};all,{i * 10}\n"
            )
    return path


def events_jsonl(path: Path, n_contacts: int, per_contact: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for k in range(per_contact):
            for i in range(n_contacts):
                f.write(
                    f'{{"email": "p{i}@example.com", "channel": "email", "kind": "reply", '
                    f'"at": "2026-11-{1 + k:02d}T09:{i % 60:02d}"}}\n'
                )
    return path


def make_workspace(path: Path, url: str, contacts: int, rules: str = "", preset: str = "leadklozer") -> Path:
    """A workspace holding `contacts` contacts (imported in this process), with `rules` as its only rule
    file when given (none otherwise)."""
    from statustui.services import Service

    init_workspace(path, preset)
    for old in (path / "rules").glob("*.rules"):
        old.unlink()
    if rules:
        (path / "rules" / "10-test.rules").write_text(rules, encoding="utf-8")
    if contacts:
        service = Service.open(path, url, now=_epoch(NOW))
        try:
            # Inside the workspace: a twin workspace then has the same seed file name (batch descriptions).
            service.import_contacts(contacts_csv(path / "seed.csv", contacts))
        finally:
            service.close()
    return path


def _epoch(text: str) -> int:
    from datetime import UTC

    from statustui.timeutil import parse_instant

    return parse_instant(text, UTC)


def run_cli(workspace: Path, url: str, capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    """A command in this process, as `statustui -w WS --database URL --now NOW ARGS...`."""
    return make_runner(capsys, workspace, url, NOW)(*args)


def close_bound_database() -> None:
    if database.obj is not None and not database.obj.is_closed():
        database.obj.close()


# -- child processes ---------------------------------------------------------------------------------------
def cli_command(workspace: Path, url: str, *args: str) -> list[str]:
    """`python -m statustui -w WS --database URL --now NOW ARGS...`"""
    return [sys.executable, "-m", "statustui", "-w", str(workspace), "--database", url, "--now", NOW, *args]


def start_cli(workspace: Path, url: str, *args: str, name: str = "statustui-child") -> subprocess.Popen[str]:
    """The command line as a real child process, named so PostgreSQL's activity view can find it."""
    return subprocess.Popen(
        cli_command(workspace, url, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PGAPPNAME": name},
    )


class WriteLockProbe:
    """Whether another process holds the database's write lock right now, i.e. is inside a write
    transaction that has started changing the workspace's tables.

    SQLite: our own BEGIN IMMEDIATE fails at once. PostgreSQL: the child's backend (found by its
    application_name) holds a RowExclusiveLock, taken by INSERT/UPDATE/DELETE and kept until commit or
    rollback, on one of the workspace's tables.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.child_name = f"statustui-child-{uuid.uuid4().hex[:8]}"  # tests run in parallel
        parts = urlsplit(url)
        if url.startswith("sqlite:///"):
            self._sqlite = sqlite3.connect(url[len("sqlite:///") :], timeout=0, isolation_level=None)
            self._pg: Any = None
        else:
            import psycopg2

            self._sqlite = None
            self._pg = psycopg2.connect(
                host=parts.hostname,
                port=parts.port or 5432,
                user=parts.username,
                password=parts.password,
                dbname=parts.path.lstrip("/"),
            )
            self._pg.autocommit = True
            self._schema = parse_qs(parts.query)["schema"][0]

    def held(self) -> bool:
        if self._sqlite is not None:
            try:
                self._sqlite.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return True
            self._sqlite.execute("ROLLBACK")
            return False
        with self._pg.cursor() as cur:
            cur.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE a.application_name = %s AND n.nspname = %s AND l.mode = 'RowExclusiveLock' "
                "AND c.relname IN ('contact', 'status_history', 'engagement', 'contact_tag', 'batch'))",
                (self.child_name, self._schema),
            )
            return bool(cur.fetchone()[0])

    def waiting(self) -> bool:
        """PostgreSQL: the child's backend waits for a lock (the workspace's write lock)."""
        with self._pg.cursor() as cur:
            cur.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = %s "
                "AND wait_event_type = 'Lock')",
                (self.child_name,),
            )
            return bool(cur.fetchone()[0])

    def end_child_backend(self) -> None:
        """After the child was killed: end its server process now instead of when the server notices the
        closed socket (only speeds the test up; an uncommitted transaction is rolled back either way)."""
        if self._pg is not None:
            with self._pg.cursor() as cur:
                cur.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                    (self.child_name,),
                )

    def close(self) -> None:
        (self._sqlite or self._pg).close()


@contextmanager
def another_writer(url: str) -> Iterator[Callable[[str], None]]:
    """Another process in the middle of a long write: it holds the workspace's write lock (SQLite's, or the
    PostgreSQL advisory lock statustui's writers take) until the block ends. The block gets a function that
    runs SQL in that transaction; what it wrote is committed at the end, else nothing is."""
    wrote: list[str] = []
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url[len("sqlite:///") :], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")

        def run(sql: str) -> None:
            conn.execute(sql)
            wrote.append(sql)

        try:
            yield run
        finally:
            conn.execute("COMMIT" if wrote else "ROLLBACK")
            conn.close()
        return
    import psycopg2

    parts = urlsplit(url)
    schema = parse_qs(parts.query)["schema"][0]
    pg = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/"),
        options=f"-c search_path={schema}",
    )

    def run_pg(sql: str) -> None:
        with pg.cursor() as cur:
            cur.execute(sql)
        wrote.append(sql)

    try:
        with pg.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (schema,))
        yield run_pg
    finally:
        if wrote:
            pg.commit()
        else:
            pg.rollback()
        pg.close()


KillMoment = Callable[[bool, bool], bool]


def while_writing(held: bool, held_before: bool) -> bool:
    """Kill as soon as the child holds the write lock."""
    return held


def between_writes(held: bool, held_before: bool) -> bool:
    """Kill as soon as the child, having held the write lock, let it go while still running: a commit that
    is not its last one would leave a half-done change behind."""
    return held_before and not held


def kill_at(
    child: subprocess.Popen[str], probe: WriteLockProbe, moment: KillMoment, timeout: float = 60.0
) -> bool:
    """SIGKILL `child` at `moment`; True when it was killed, False when it finished first."""
    deadline = time.monotonic() + timeout
    seen = False
    while child.poll() is None:
        if time.monotonic() > deadline:
            child.kill()
            raise AssertionError("the child neither started writing nor finished in time")
        held = probe.held()
        if moment(held, seen):
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            probe.end_child_backend()
            return child.returncode == -signal.SIGKILL
        seen = seen or held
        time.sleep(0.002)
    return False
