"""`undo` after an import reverts it whole: the contacts it created go, the fields, tags, columns and statuses
it changed come back; after an events import, its engagements go with what they caused (counts, scores,
last_engaged, the status changes its rules made). Every table is as before, but the history of changes
itself (batches, status history, journal), which only grows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_runner import Runner
from tests.import_export.conftest import every_table

HISTORY = ("batch", "status_history", "journal")


@pytest.fixture
def people(run: Runner, tmp_path: Path) -> Runner:
    (tmp_path / "people.csv").write_text(
        "email,name,company,status,tags,budget\n"
        "ann@example.com,Ann,Globex,HOT,vip,100\n"
        "bob@example.com,Bob,,WARM,,\n"
        "cara@example.com,Cara,Initech,NEUTRAL,seller,\n"
    )
    assert run("import", "contacts", str(tmp_path / "people.csv")).code == 0
    (tmp_path / "first.jsonl").write_text(
        '{"email": "cara@example.com", "channel": "email", "kind": "open", "at": "2026-11-01T09:00"}\n'
    )
    assert run("import", "events", str(tmp_path / "first.jsonl")).code == 0
    return run


def test_undo_of_a_contacts_import_restores_every_table(people: Runner, tmp_path: Path, db_url: str) -> None:
    (tmp_path / "update.csv").write_text(
        "email,name,company,status,tags,budget,city\n"
        "ann@example.com,Ann Lee,Hooli,COLD,buyer,250,Austin\n"  # every kind of change to an existing contact
        "bob@example.com,,,ARCHIVE,,,\n"  # a status that unsubscribes
        "dan@example.com,Dan,Acme,HOT,new,5,Paris\n"  # created
        "eve@example.com,Eve,,,,,\n"
    )
    before = every_table(db_url, leave_out=HISTORY)
    result = people("import", "contacts", str(tmp_path / "update.csv"))
    assert result.code == 0 and "2 contacts created, 2 updated" in result.out, result.err
    assert every_table(db_url, leave_out=HISTORY) != before
    result = people("undo")
    assert result.code == 0, result.err
    assert every_table(db_url, leave_out=HISTORY) == before
    assert "nothing" not in people("history", "ann@example.com").out


def test_undo_of_an_events_import_restores_every_table(people: Runner, tmp_path: Path, db_url: str) -> None:
    (tmp_path / "week.jsonl").write_text(
        '{"email": "bob@example.com", "channel": "email", "kind": "reply", "at": "2026-11-10T09:00"}\n'
        '{"email": "bob@example.com", "channel": "sms", "kind": "reply", "at": "2026-11-11T09:00", "id": "x1"}\n'
        '{"email": "cara@example.com", "channel": "facebook", "kind": "comment", "at": "2026-11-12T09:00"}\n'
        '{"email": "new@example.com", "channel": "email", "kind": "open", "at": "2026-11-13T09:00"}\n'
    )
    before = every_table(db_url, leave_out=HISTORY)
    result = people("import", "events", str(tmp_path / "week.jsonl"), "--create-missing")
    assert result.code == 0 and "4 engagements imported" in result.out, result.err
    result = people("undo")
    assert result.code == 0, result.err
    assert every_table(db_url, leave_out=HISTORY) == before
    # Undone, the same file imports again as new.
    assert (
        "4 engagements imported"
        in people("import", "events", str(tmp_path / "week.jsonl"), "--create-missing").out
    )
