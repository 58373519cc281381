"""A database that cannot take writes (a read-only file, a read-only PostgreSQL server, a full disk) is a
named error that says so, never an internal error or SQLite's "cannot rollback - no transaction is active"
(which hid "database or disk is full")."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from statustui.services import Service
from statustui.store.db import StoreError, unusable_reason
from tests.conftest import POSTGRES_URL
from tests.reliability.harness import NOW, close_bound_database, contacts_csv, make_workspace


def _as_another_user() -> list[str]:
    """root may write any file: run as `nobody` then (the workspace is made world-readable)."""
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []


def _cli(ws: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *_as_another_user(),
            sys.executable,
            "-m",
            "statustui",
            "-w",
            str(ws),
            "--database",
            url,
            "--now",
            NOW,
        ]
        + list(args),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "STATUSTUI_DEBUG": ""},
    )


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder anyone may enter (pytest's own are root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="statustui-ro-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_a_read_only_sqlite_file_is_a_named_error(open_folder: Path) -> None:
    ws = open_folder / "ws"
    url = f"sqlite:///{ws / 'statustui.db'}"
    make_workspace(ws, url, 3)
    close_bound_database()
    ws.chmod(0o777)
    (ws / "statustui.db").chmod(0o444)
    done = _cli(ws, url, "set-status", "COLD", "--email", "p1@example.com")
    assert done.returncode == 1, done.stderr
    assert "read-only" in done.stderr and "internal error" not in done.stderr, done.stderr
    done = _cli(ws, url, "search", "status = COLD", "--count")  # reading still works; nothing changed
    assert done.returncode == 0 and done.stdout.strip() == "0", done.stderr


@pytest.mark.postgres
def test_a_read_only_postgresql_server_is_a_named_error(tmp_path: Path) -> None:
    if not POSTGRES_URL:
        pytest.skip("STATUSTUI_TEST_POSTGRES is not set")
    import psycopg2

    name = f"ro_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(POSTGRES_URL)
    admin.autocommit = True
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        ws = make_workspace(tmp_path / "ws", url, 3)
        close_bound_database()
        with admin.cursor() as cur:  # as a hot standby (a replica) is
            cur.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        done = subprocess.run(
            [sys.executable, "-m", "statustui", "-w", str(ws), "--database", url, "--now", NOW]
            + ["set-status", "HOT", "--email", "p1@example.com"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1 and "read-only" in done.stderr, done.stderr
        assert "internal error" not in done.stderr
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_full_disk_during_an_import_says_so(tmp_path: Path) -> None:
    """SQLite's page limit stands in for the disk: the same error (SQLITE_FULL) at the same place."""
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    ws = make_workspace(tmp_path / "ws", url, 0)
    close_bound_database()
    service = Service.open(ws, url)
    try:
        pages = service.db.execute_sql("PRAGMA page_count").fetchone()[0]
        service.db.execute_sql(f"PRAGMA max_page_count = {pages + 20}")
        with pytest.raises(StoreError) as raised:
            service.import_contacts(contacts_csv(tmp_path / "big.csv", 5000))
    finally:
        service.close()
    assert "disk holding the database is full" in str(raised.value)
    assert "database or disk is full" in str(raised.value) and "cannot rollback" not in str(raised.value)


def test_postgresql_disk_full_and_read_only_messages_are_recognised() -> None:
    """The server's own texts (no test can fill the shared server's disk)."""
    full = Exception('could not extend file "base/16384/16385": No space left on device')
    assert "full" in (unusable_reason(full) or "")
    replica = Exception("cannot execute UPDATE in a read-only transaction")
    assert "read-only" in (unusable_reason(replica) or "")
    assert unusable_reason(Exception("syntax error at or near")) is None
