"""Fixtures of the import/export tests: a workspace on `db_url` (and a second, fresh one on `twin_url`) driven
through the command line, and a digest of every table."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from statustui.cli import main
from statustui.store.db import open_database
from tests.cli_runner import Runner, make_runner
from tests.reliability.conftest import twin_url  # noqa: F401 - a fixture, used by name


def workspace(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str], preset: str = "leadklozer"
) -> Path:
    assert main(["init", str(tmp_path / name), "--preset", preset]) == 0
    capsys.readouterr()
    return tmp_path / name


@pytest.fixture
def run(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Runner:
    """The command line on a fresh leadklozer workspace."""
    return make_runner(capsys, workspace(tmp_path, "ws", capsys), db_url)


def every_table(url: str, leave_out: tuple[str, ...] = ()) -> dict[str, str]:
    """Per table of the database (whatever tables it has, but `leave_out`), its row count and a hash of its
    sorted rows."""
    db = open_database(url)
    try:
        out = {}
        for table in sorted(set(db.get_tables()) - set(leave_out)):
            rows = sorted(repr(row) for row in db.execute_sql(f'SELECT * FROM "{table}"'))
            out[table] = f"{len(rows)} rows {hashlib.sha256(repr(rows).encode()).hexdigest()[:16]}"
        return out
    finally:
        db.close()
