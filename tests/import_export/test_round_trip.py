"""Export -> import into a fresh workspace -> export gives the same files: every column, tags, custom fields,
the formula guard reversed exactly, and the engagements with their counts, scores and last_engaged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli_runner import Runner, make_runner
from tests.import_export.conftest import workspace

# Shaped like a CRM's export, with every kind of cell a spreadsheet or a CSV writer gets wrong.
HOSTILE = (
    "First Name,Last Name,E-mail,Phone Number,Company Name,Lead Source,Lead Status,Labels,Date Added,"
    "Budget,Notes\n"
    'Ann,Lee,ann@example.com,+1 512 555 0123,"=HYPERLINK(""http://x"")",zillow,HOT,"buyer, first-time; vip",'
    '2026-01-05,"1,250","line one\nline two, with ""quotes"" and ; semicolons"\n'
    "Zoë,Ørsted,ZOE@example.com,-5,@corp,web,WARM,seller,2026-02-01T10:00,,'=already guarded\n"
    "Bob,,bob@example.com,,,,,,2026-03-01,,\n"
    "Dee,Diaz,dee@example.com,,Initech,referral,COLD,,2026-04-01,,日本語のメモ\n"
)
EVENTS = (
    '{"email": "ann@example.com", "channel": "facebook", "kind": "comment", "at": "2026-11-10T09:00"}\n'
    '{"email": "ann@example.com", "channel": "email", "kind": "reply", "at": "2026-11-12T09:00", '
    '"text": "yes, =1+1; \\"sure\\"\\nthanks", "id": "crm-77"}\n'
    '{"email": "bob@example.com", "channel": "email", "kind": "open", "at": "2026-11-11T08:00"}\n'
    '{"email": "bob@example.com", "channel": "email", "kind": "open", "at": "2026-11-11T08:00"}\n'
    '{"email": "dee@example.com", "kind": "stage", "value": "free_trial", "at": "2026-11-01"}\n'
)


def build_original(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "crm.csv").write_text(HOSTILE, encoding="utf-8")
    assert run("import", "contacts", str(tmp_path / "crm.csv")).code == 0
    (tmp_path / "events.jsonl").write_text(EVENTS, encoding="utf-8")
    assert run("import", "events", str(tmp_path / "events.jsonl")).code == 0
    assert run("set-status", "HOT", "--email", "zoe@example.com").code == 0  # set by a person
    assert run("set-status", "ARCHIVE", "--email", "dee@example.com").code == 0  # unsubscribes


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl"])
def test_export_import_export_gives_the_same_files(
    tmp_path: Path, db_url: str, twin_url: str, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    original = make_runner(capsys, workspace(tmp_path, "a", capsys), db_url)
    build_original(original, tmp_path)
    first, first_events = tmp_path / f"first{suffix}", tmp_path / "first-events.jsonl"
    assert original("export", "", "-o", str(first)).code == 0
    assert original("export", "events", "", "-o", str(first_events)).code == 0

    fresh = make_runner(capsys, workspace(tmp_path, "b", capsys), twin_url)
    result = fresh("import", "contacts", str(first))
    assert result.code == 0 and "4 contacts created" in result.out, result.err
    # The system's own columns are recognised, not turned into custom fields.
    assert re.search(r"\n  score +-> not imported", result.out) and "field.score" not in result.out
    result = fresh("import", "events", str(first_events))
    assert result.code == 0 and "5 engagements imported" in result.out, result.err
    second, second_events = tmp_path / f"second{suffix}", tmp_path / "second-events.jsonl"
    assert fresh("export", "", "-o", str(second)).code == 0
    assert fresh("export", "events", "", "-o", str(second_events)).code == 0

    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    assert second_events.read_text(encoding="utf-8") == first_events.read_text(encoding="utf-8")
    # The restored ids leave room for the next contact.
    (tmp_path / "new.csv").write_text("email\nnew@example.com\n")
    assert fresh("import", "contacts", str(tmp_path / "new.csv")).code == 0


def test_the_csv_export_guards_formulas_and_the_import_reverses_exactly_that(
    run: Runner, tmp_path: Path
) -> None:
    build_original(run, tmp_path)
    assert run("export", "", "-o", str(tmp_path / "out.csv")).code == 0
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert "'+1 512 555 0123" in text and "'=HYPERLINK" in text and "'@corp" in text
    assert ",'=already guarded\n" in text  # the file's guard was removed on import, and is added again
    found = {r["email"]: r for r in _json(run)}
    assert found["ann@example.com"]["phone"] == "+1 512 555 0123"
    assert found["zoe@example.com"]["phone"] == "-5"
    assert found["ann@example.com"]["tags"] == ["buyer", "first_time", "vip"]
    assert found["ann@example.com"]["name"] == "Ann Lee"
    assert found["ann@example.com"]["field.first_name"] == "Ann"
    assert found["ann@example.com"]["field.notes"].startswith('line one\nline two, with "quotes"')
    assert found["zoe@example.com"]["field.notes"] == "=already guarded"
    assert found["dee@example.com"]["unsubscribed"] is True


def _json(run: Runner) -> list[dict]:
    result = run("search", "", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)
