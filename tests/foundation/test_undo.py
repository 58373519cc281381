"""Undo is exact (issue 18): every command that changes data is a batch, even when it changes no status;
`undo` reverts the caller's last batch and only it: statuses, created and deleted contacts, fields, tags,
unsubscribes, rule points and added engagements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from statustui.changes import journal, open_batch
from statustui.cli import main
from statustui.services import Service
from statustui.store.db import with_retry
from statustui.store.models import Contact
from tests.cli_runner import Runner, make_runner


@pytest.fixture
def run(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Runner:
    assert main(["init", str(tmp_path / "ws")]) == 0
    capsys.readouterr()
    runner = make_runner(capsys, tmp_path / "ws", db_url)

    def contacts() -> dict[str, dict]:
        """What `search --format json` shows, plus each contact's custom fields and engagement count."""
        result = runner("search", "", "--format", "json")
        assert result.code == 0, result.err
        found = {r["email"]: r for r in json.loads(result.out)}
        service = Service.open(tmp_path / "ws", db_url)
        try:
            for r in found.values():
                count = Contact.select(Contact.engagement_count).where(Contact.id == r["id"]).scalar()
                r.update(fields=service.custom_fields(r["id"]), engagements=count)
        finally:
            service.close()
        return found

    runner.contacts = contacts  # type: ignore[attr-defined]
    return runner


def contacts(run: Runner) -> dict[str, dict]:
    return run.contacts()  # type: ignore[attr-defined]


def csv_file(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text)
    return str(tmp_path / name)


def test_undo_of_an_import_of_only_new_contacts_removes_them_and_nothing_else(
    run: Runner, tmp_path: Path
) -> None:
    a = csv_file(tmp_path, "a.csv", "email,status\na@example.com,COLD\nb@example.com,COLD\n")
    n = csv_file(tmp_path, "n.csv", "email,name\nc@example.com,Cara\n")
    assert run("import", "contacts", a).code == 0
    assert run("set-status", "HOT", "--query", "status = COLD").code == 0
    assert run("import", "contacts", n).code == 0

    undo = run("undo")
    assert undo.code == 0, undo.err
    assert "import contacts n.csv" in undo.out and "1 created contact removed" in undo.out
    assert {e: c["status"] for e, c in contacts(run).items()} == {
        "a@example.com": "HOT",
        "b@example.com": "HOT",
    }

    assert "set status HOT: 2 contacts restored" in run("undo").out
    assert {c["status"] for c in contacts(run).values()} == {"COLD"}
    assert "2 created contacts removed" in run("undo").out
    assert contacts(run) == {}
    nothing = run("undo")
    assert nothing.code == 1 and "nothing to undo" in nothing.err


def test_undo_takes_the_callers_last_batch_only(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSTUI_USER", "ann")
    assert (
        run("import", "contacts", csv_file(tmp_path, "a.csv", "email,status\na@example.com,COLD\n")).code == 0
    )
    assert run("set-status", "WARM", "--email", "a@example.com").code == 0
    monkeypatch.setenv("STATUSTUI_USER", "bob")
    assert run("import", "contacts", csv_file(tmp_path, "b.csv", "email\nb@example.com\n")).code == 0

    monkeypatch.setenv("STATUSTUI_USER", "ann")
    assert "set status WARM" in run("undo").out  # not bob's newer import
    assert set(contacts(run)) == {"a@example.com", "b@example.com"}
    assert contacts(run)["a@example.com"]["status"] == "COLD"
    monkeypatch.setenv("STATUSTUI_USER", "carl")
    assert "nothing to undo" in run("undo").err


def test_undo_of_an_import_restores_columns_fields_and_tags_of_existing_contacts(
    run: Runner, tmp_path: Path
) -> None:
    first = "email,status,company,tags,budget,city\na@example.com,WARM,Globex,vip,100,Oslo\nb@example.com,WARM,,,,\n"
    update = "email,name,company,tags,budget,region\na@example.com,Ann,Initech,buyer,200,North\nb@example.com,,,vip,,\n"
    assert run("import", "contacts", csv_file(tmp_path, "first.csv", first)).code == 0
    before = contacts(run)
    assert run("import", "contacts", csv_file(tmp_path, "update.csv", update)).code == 0
    after = contacts(run)
    assert after["a@example.com"]["tags"] == ["buyer", "vip"] and after["b@example.com"]["tags"] == ["vip"]
    assert (after["a@example.com"]["name"], after["a@example.com"]["company"]) == ("Ann", "Initech")
    assert after["a@example.com"]["fields"] == {"budget": "200", "city": "Oslo", "region": "North"}

    assert run("undo").code == 0
    assert contacts(run) == before


def test_undo_of_an_events_import_removes_its_engagements(run: Runner, tmp_path: Path) -> None:
    assert run("import", "contacts", csv_file(tmp_path, "a.csv", "email\na@example.com\n")).code == 0
    old = {"email": "a@example.com", "channel": "email", "kind": "reply", "at": "2026-11-01T09:00"}
    (tmp_path / "old.jsonl").write_text(json.dumps(old) + "\n")
    assert run("import", "events", str(tmp_path / "old.jsonl")).code == 0
    before = contacts(run)["a@example.com"]
    new = [dict(old, at="2026-11-10T09:00"), dict(old, kind="click", at="2026-11-12T09:00")]
    (tmp_path / "new.jsonl").write_text("".join(json.dumps(e) + "\n" for e in new))
    assert run("import", "events", str(tmp_path / "new.jsonl")).code == 0
    after = contacts(run)["a@example.com"]
    assert after["last_engaged_at"] != before["last_engaged_at"] and after["engagements"] == 3

    assert run("undo").code == 0
    assert contacts(run)["a@example.com"] == before


def test_undo_of_a_rules_run_reverts_tags_unsubscribes_and_points(run: Runner, tmp_path: Path) -> None:
    rules = tmp_path / "ws" / "rules" / "90-test.rules"
    rules.write_text(
        'rule "cool"\n  on schedule\n  when status = WARM\n'
        "  then set status COLD, add tag cooled, remove tag vip, add score -5, unsubscribe\n"
    )
    people = "email,status,tags\na@example.com,WARM,vip\nb@example.com,HOT,vip\n"
    assert run("import", "contacts", csv_file(tmp_path, "a.csv", people)).code == 0
    before = contacts(run)
    assert run("rules", "run").code == 0
    a = contacts(run)["a@example.com"]
    assert (a["status"], a["tags"], a["unsubscribed"]) == ("COLD", ["cooled"], True)

    assert run("undo").code == 0
    assert contacts(run) == before


def test_deleted_contacts_come_back_whole(db_url: str, tmp_path: Path, run: Runner) -> None:
    people = "email,status,tags,budget\na@example.com,WARM,vip,100\nb@example.com,HOT,,\n"
    assert run("import", "contacts", csv_file(tmp_path, "a.csv", people)).code == 0
    event = {"email": "a@example.com", "channel": "email", "kind": "reply", "at": "2026-11-01T09:00"}
    (tmp_path / "e.jsonl").write_text(json.dumps(event) + "\n")
    assert run("import", "events", str(tmp_path / "e.jsonl")).code == 0
    assert run("set-status", "COLD", "--email", "a@example.com").code == 0
    before = contacts(run)
    history = run("history", "a@example.com").out

    service = Service.open(tmp_path / "ws", db_url)
    try:

        def delete() -> int:
            batch_id = open_batch(service.db, "delete", "delete a", service.now())
            ids = "SELECT id FROM \"contact\" WHERE email = 'a@example.com'"
            return journal.delete_contacts(service.db, batch_id, ids)

        assert with_retry(service.db, delete) == 1
        assert service.count("") == 1
        assert "1 deleted contact back" in service.undo().summary()
    finally:
        service.close()
    assert contacts(run) == before
    assert run("history", "a@example.com").out == history


def test_a_command_that_changes_no_status_still_is_the_one_undone(run: Runner, tmp_path: Path) -> None:
    assert (
        run("import", "contacts", csv_file(tmp_path, "a.csv", "email,status\na@example.com,COLD\n")).code == 0
    )
    assert run("set-status", "HOT", "--email", "a@example.com").code == 0
    # Only a custom field changes: no status, still a batch of its own.
    assert run("import", "contacts", csv_file(tmp_path, "f.csv", "email,budget\na@example.com,5\n")).code == 0
    assert contacts(run)["a@example.com"]["fields"] == {"budget": "5"}
    assert run("undo").code == 0
    a = contacts(run)["a@example.com"]
    assert a["status"] == "HOT" and a["fields"] == {}
