"""Events imported again, or in overlapping files, are added once: by their id when the file has one, else by
(contact, time, channel, kind, value, text); the rules fire once and the summary says what was already there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import Runner
from tests.import_export.conftest import every_table


def event(email: str, day: int, kind: str = "reply", **more: str) -> str:
    record = {"email": email, "channel": "email", "kind": kind, "at": f"2026-11-{day:02d}T09:00", **more}
    return json.dumps(record) + "\n"


@pytest.fixture
def people(run: Runner, tmp_path: Path) -> Runner:
    (tmp_path / "people.csv").write_text("email,name\nann@example.com,Ann\nbob@example.com,Bob\n")
    assert run("import", "contacts", str(tmp_path / "people.csv")).code == 0
    return run


def counts(run: Runner) -> dict[str, tuple[int, int, str]]:
    result = run("search", "", "--format", "json")
    return {r["email"]: (r["engagement_count"], r["score"], r["status"]) for r in json.loads(result.out)}


def test_the_same_file_twice_changes_nothing_the_second_time(
    people: Runner, tmp_path: Path, db_url: str
) -> None:
    file = tmp_path / "week.jsonl"
    file.write_text(event("ann@example.com", 2) + event("bob@example.com", 3) + event("bob@example.com", 4))
    first = people("import", "events", str(file))
    assert (
        first.code == 0 and "3 engagements imported" in first.out and "status changes by rules" in first.out
    )
    before = every_table(db_url)
    second = people("import", "events", str(file))
    assert second.code == 0, second.err
    assert "0 engagements imported, 3 already there (skipped)" in second.out
    assert "status changes" not in second.out  # no rule fired again
    assert every_table(db_url) == before


def test_an_overlapping_file_adds_only_the_new_rows(people: Runner, tmp_path: Path) -> None:
    (tmp_path / "w1.jsonl").write_text(event("ann@example.com", 1) + event("ann@example.com", 2))
    (tmp_path / "w2.jsonl").write_text(
        event("ann@example.com", 2)  # in both weeks' exports
        + event("ann@example.com", 2, text="a different reply at the same time")
        + event("ann@example.com", 3)
    )
    assert people("import", "events", str(tmp_path / "w1.jsonl")).code == 0
    once = counts(people)
    result = people("import", "events", str(tmp_path / "w2.jsonl"))
    assert "2 engagements imported, 1 already there" in result.out, result.out
    assert counts(people)["ann@example.com"][0] == once["ann@example.com"][0] + 2 == 4


def test_an_id_column_identifies_an_engagement(people: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        "id,email,kind,at,channel\n"
        "m-1,ann@example.com,reply,2026-11-01T09:00,email\n"
        "m-1,ann@example.com,reply,2026-11-01T09:00,email\n"  # listed twice in one file: one engagement
        "m-2,ann@example.com,reply,2026-11-01T09:00,email\n"  # same moment, another id: another engagement
    )
    result = people("import", "events", str(tmp_path / "a.csv"))
    assert "2 engagements imported, 1 already there" in result.out, result.err
    # The same ids again, with the time corrected at the source: still the same engagements.
    (tmp_path / "b.csv").write_text(
        "external_id,email,kind,at,channel\nm-1,ann@example.com,reply,2026-11-01T10:00,email\n"
        "m-3,bob@example.com,click,2026-11-02T10:00,email\n"
    )
    result = people("import", "events", str(tmp_path / "b.csv"))
    assert "1 engagements imported, 1 already there" in result.out, result.err
    assert counts(people)["ann@example.com"][0] == 2 and counts(people)["bob@example.com"][0] == 1
