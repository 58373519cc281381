"""Events of contacts the workspace lacks: all or nothing by default, with the flags named; --skip-unknown
imports the rest and writes the skipped lines to a reject file; --create-missing creates the contacts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import Runner
from tests.import_export.conftest import every_table

LINES = [
    '{"email": "ann@example.com", "channel": "email", "kind": "reply", "at": "2026-11-02T09:00"}\n',
    '{"email": "stranger@example.com", "channel": "facebook", "kind": "comment", "at": "2026-11-03T09:00"}\n',
    '{"email": "ann@example.com", "channel": "email", "kind": "open", "at": "2026-11-04T09:00"}\n',
    '{"email": "Other@Example.com", "kind": "reply", "channel": "sms", "at": "2026-11-05T09:00"}\n',
]


@pytest.fixture
def events(run: Runner, tmp_path: Path) -> Path:
    (tmp_path / "people.csv").write_text("email,name\nann@example.com,Ann\n")
    assert run("import", "contacts", str(tmp_path / "people.csv")).code == 0
    (tmp_path / "activity.jsonl").write_text("".join(LINES))
    return tmp_path / "activity.jsonl"


def emails(run: Runner) -> dict[str, dict]:
    return {r["email"]: r for r in json.loads(run("search", "", "--format", "json").out)}


def test_by_default_nothing_is_imported_and_the_error_shows_the_flags(
    run: Runner, events: Path, db_url: str
) -> None:
    before = every_table(db_url)
    result = run("import", "events", str(events))
    assert result.code == 1
    assert "line 2, field email: no contact with email 'stranger@example.com'" in result.err
    assert "line 4, field email" in result.err
    assert "--skip-unknown" in result.err and "--create-missing" in result.err
    assert every_table(db_url) == before


def test_skip_unknown_imports_the_rest_and_names_the_reject_file(run: Runner, events: Path) -> None:
    result = run("import", "events", str(events), "--skip-unknown")
    assert result.code == 0, result.err
    rejects = events.with_name("activity.rejected.jsonl")
    assert "2 engagements imported" in result.out and str(rejects) in result.out
    assert rejects.read_text() == LINES[1] + LINES[3]  # the skipped lines as they were
    assert emails(run)["ann@example.com"]["engagement_count"] == 2
    # Once the contacts exist, the reject file imports.
    (events.parent / "more.csv").write_text("email\nstranger@example.com\nother@example.com\n")
    assert run("import", "contacts", str(events.parent / "more.csv")).code == 0
    assert "2 engagements imported" in run("import", "events", str(rejects)).out


def test_create_missing_creates_them_with_the_default_status_and_runs_on_create_rules(
    run: Runner, events: Path
) -> None:
    (events.parent / "ws" / "rules" / "05-fresh.rules").write_text(
        'rule "New contacts are tagged"\n  on create\n  then add tag fresh\n'
    )
    result = run("import", "events", str(events), "--create-missing")
    assert result.code == 0, result.err
    assert "4 engagements imported" in result.out and "2 contacts created" in result.out
    found = emails(run)
    assert found["stranger@example.com"]["engagement_count"] == 1
    assert "fresh" in found["other@example.com"]["tags"]
    history = run("history", "other@example.com").out
    assert "started as NEUTRAL" in history  # the preset's default, before the engagement rules moved it
