"""`import contacts FILE --dry-run` prints the mapping, what would be created, updated and left unchanged,
the status changes and every problem, and writes nothing (a digest of every table is the same)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli_runner import Runner
from tests.import_export.conftest import every_table


@pytest.fixture
def people(run: Runner, tmp_path: Path) -> Runner:
    (tmp_path / "people.csv").write_text(
        "email,name,status,tags\nann@example.com,Ann,HOT,vip\nbob@example.com,Bob,WARM,\ncara@example.com,Cara,,\n"
    )
    assert run("import", "contacts", str(tmp_path / "people.csv")).code == 0
    return run


def test_a_dry_run_tells_what_would_happen_and_writes_nothing(
    people: Runner, tmp_path: Path, db_url: str
) -> None:
    (tmp_path / "update.csv").write_text(
        "E-mail,Full Name,Lead Status,Tags\n"
        "ann@example.com,Ann,COLD,vip\n"  # status change
        "bob@example.com,Bob,WARM,new-tag\n"  # a tag added
        "cara@example.com,Cara,,\n"  # nothing new
        "dan@example.com,Dan,HOT,\n"
        "eve@example.com,Eve,,\n"
    )
    before = every_table(db_url)
    result = people("import", "contacts", str(tmp_path / "update.csv"), "--dry-run")
    assert result.code == 0, result.err
    assert re.search(r"E-mail +-> email", result.out) and "dry run - nothing was written" in result.out
    assert "5 rows: 2 would be created, 2 would be updated, 1 unchanged" in result.out
    assert "new contacts: 1 HOT, 1 NEUTRAL" in result.out
    assert "status change: HOT -> COLD: 1 contact" in result.out
    assert every_table(db_url) == before
    # The real import does what the preview said.
    result = people("import", "contacts", str(tmp_path / "update.csv"))
    assert "5 rows: 2 contacts created, 2 updated, 1 unchanged, 1 status changes" in result.out


def test_a_dry_run_lists_every_problem(people: Runner, tmp_path: Path, db_url: str) -> None:
    (tmp_path / "bad.csv").write_text(
        "email,status,created_at\nnew@example.com,HTO,2026-01-01\nnot-an-email,HOT,\nok@example.com,,someday\n"
    )
    before = every_table(db_url)
    result = people("import", "contacts", str(tmp_path / "bad.csv"), "--dry-run")
    assert result.code == 1
    assert "3 problems:" in result.err
    for expected in (
        "row 2, column status",
        "did you mean HOT",
        "row 3, column email",
        "row 4, column created_at",
    ):
        assert expected in result.err
    assert every_table(db_url) == before
