"""Status history is append-only: set-status, an import, a rules run and undo (also of an undo's batch)
only ever add rows; every row written before is still there, unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from statustui.cli import main
from statustui.store.db import open_database
from tests.reliability.harness import NOW, close_bound_database, make_workspace

RULES = 'rule "warm go cold" on schedule when status = WARM then set status COLD\n'


def _history(url: str) -> dict[int, tuple]:
    db = open_database(url)
    try:
        return {row[0]: row[1:] for row in db.execute_sql('SELECT * FROM "status_history"').fetchall()}
    finally:
        db.close()


def test_every_change_and_every_undo_only_adds_history_rows(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = make_workspace(tmp_path / "ws", db_url, 40, RULES)
    close_bound_database()
    (tmp_path / "update.csv").write_text("email,status\np1@example.com,HOT\np2@example.com,WARM\n")
    steps = [
        ("set-status", "HOT", "--query", "status = NEUTRAL"),
        ("import", "contacts", str(tmp_path / "update.csv")),
        ("rules", "run"),
        ("undo",),  # the rules run
        ("undo",),  # the import
        ("set-status", "WARM", "--email", "p3@example.com"),
        ("undo",),
        ("undo",),  # the first set-status
    ]
    seen = _history(db_url)
    for step in steps:
        try:
            code = main(["-w", str(ws), "--database", db_url, "--now", NOW, *step])
        finally:
            close_bound_database()
        assert code == 0, capsys.readouterr().err
        now = _history(db_url)
        assert len(now) > len(seen), f"{step} added no history row"
        assert {k: now.get(k) for k in seen} == seen, f"{step} changed or deleted history rows"
        seen = now
    capsys.readouterr()
