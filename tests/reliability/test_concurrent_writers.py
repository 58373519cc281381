"""Nothing lost with several writers: processes changing the same contacts' statuses at once (an app and an
import on one SQLite workspace; several writers on PostgreSQL) all succeed, never show "database is
locked", and every change is in the history: each contact's history is an unbroken chain (each row's old
status is the previous row's new status) ending in its current status, and there is one row per change
the writers reported."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from statustui.cli import main
from statustui.store import db as store_db
from statustui.store.db import open_database
from tests.reliability.harness import (
    WriteLockProbe,
    another_writer,
    close_bound_database,
    make_workspace,
    start_cli,
)

WRITER = Path(__file__).with_name("status_writer.py")
CONTACTS = 300
ROUNDS = 8


def _history_rows(url: str) -> int:
    db = open_database(url)
    try:
        return db.execute_sql('SELECT COUNT(*) FROM "status_history"').fetchone()[0]
    finally:
        db.close()


def _broken_chains(url: str) -> list[str]:
    db = open_database(url)
    try:
        current = dict(db.execute_sql('SELECT id, status FROM "contact"').fetchall())
        last: dict[int, str] = {}
        broken = []
        for cid, old, new in db.execute_sql(
            'SELECT contact_id, old_status, new_status FROM "status_history" ORDER BY id'
        ):
            if last.get(cid) != old:
                broken.append(f"contact {cid}: history says {old} -> {new}, but it was {last.get(cid)}")
            last[cid] = new
        broken += [
            f"contact {cid} is {s} but its history ends in {last.get(cid)}"
            for cid, s in current.items()
            if last.get(cid) != s
        ]
        return broken
    finally:
        db.close()


def _run_writers(ws: Path, url: str, writers: list[tuple[str, int]]) -> int:
    children = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(ws), url, how, str(ROUNDS), str(offset)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for how, offset in writers
    ]
    changed = 0
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        assert "locked" not in err.lower()
        changed += int(out.split()[-1])
    return changed


@pytest.mark.parametrize(
    "writers",
    [
        [("set-status", 0), ("import", 1)],
        [("set-status", 0), ("set-status", 1), ("import", 2), ("set-status", 3)],
    ],
    ids=["app-and-import", "four-writers"],
)
def test_concurrent_status_changes_lose_nothing(
    writers: list[tuple[str, int]], db_url: str, tmp_path: Path
) -> None:
    if len(writers) > 2 and db_url.startswith("sqlite"):
        pytest.skip("SQLite workspaces are for one machine: two writers is the case that matters")
    ws = make_workspace(tmp_path / "ws", db_url, CONTACTS)
    close_bound_database()
    first = _history_rows(db_url)
    changed = _run_writers(ws, db_url, writers)
    assert changed > 0
    assert _broken_chains(db_url) == []
    assert _history_rows(db_url) == first + changed


def test_a_writer_kept_waiting_too_long_gets_a_clear_message_and_changes_nothing(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace(tmp_path / "ws", db_url, 5)
    close_bound_database()
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.5)

    def run(*args: str) -> int:
        try:
            return main(["-w", str(ws), "--database", db_url, *args])
        finally:
            close_bound_database()

    with another_writer(db_url):
        assert run("search", "", "--count") == 0  # opening and reading still work
        assert capsys.readouterr().out.strip() == "5"
        code = run("set-status", "HOT", "--query", "status = COLD")
    err = capsys.readouterr().err
    assert code == 1
    assert "busy" in err and "not saved" in err
    assert "locked" not in err and "timeout" not in err
    assert run("search", "status = HOT", "--count") == 0
    assert capsys.readouterr().out.strip() == "1"  # only the seed's own HOT contact


# Imports first, then waits for a common moment: the four CREATE SCHEMA statements meet.
_OPEN_AT = """
import sys, time
from statustui.store.db import open_database
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
open_database(sys.argv[1]).close()
"""


@pytest.mark.postgres
def test_four_processes_opening_one_new_schema_at_once_all_succeed() -> None:
    """`CREATE SCHEMA IF NOT EXISTS` raced: a unique violation on pg_namespace, one round in five."""
    from tests.conftest import POSTGRES_URL
    from tests.postgres_schemas import drop_schema

    if not POSTGRES_URL:
        pytest.skip("STATUSTUI_TEST_POSTGRES is not set")
    for round_no in range(5):
        url = f"{POSTGRES_URL}?schema=race_{uuid.uuid4().hex[:10]}"
        at = str(time.time() + 3)
        try:
            children = [
                subprocess.Popen([sys.executable, "-c", _OPEN_AT, url, at], stderr=subprocess.PIPE, text=True)
                for _ in range(4)
            ]
            results = [(child.wait(timeout=120), child.stderr.read()) for child in children]  # type: ignore[union-attr]
            assert all(code == 0 for code, _ in results), (round_no, results)
        finally:
            drop_schema(url)


def test_a_bulk_set_status_runs_its_query_after_taking_the_write_lock(db_url: str, tmp_path: Path) -> None:
    """A contact another writer moves out of the query while `set-status --query` waits is left alone."""
    ws = make_workspace(tmp_path / "ws", db_url, 8)  # p3 and p7 are COLD
    close_bound_database()
    probe = WriteLockProbe(db_url)
    child = start_cli(ws, db_url, "set-status", "HOT", "--query", "status = COLD", name=probe.child_name)
    try:
        with another_writer(db_url) as holder:
            if db_url.startswith("sqlite:///"):
                time.sleep(5)  # the child starts and waits for the lock (it cannot be seen waiting)
            else:
                deadline = time.monotonic() + 60
                while not probe.waiting() and time.monotonic() < deadline:
                    time.sleep(0.1)
            holder("UPDATE contact SET status = 'WARM' WHERE email = 'p3@example.com'")
        out, err = child.communicate(timeout=120)
    finally:
        probe.close()
    assert child.returncode == 0 and "1 contact now HOT" in out, out + err
    db = open_database(db_url)
    try:
        statuses = dict(
            db.execute_sql(
                "SELECT email, status FROM contact WHERE email IN ('p3@example.com', 'p7@example.com')"
            ).fetchall()
        )
    finally:
        db.close()
    assert statuses == {"p3@example.com": "WARM", "p7@example.com": "HOT"}
