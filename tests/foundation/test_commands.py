"""The foundation's commands end to end, on SQLite and PostgreSQL: init, import, search, set-status, history,
export, undo, status editing; and bad input changes nothing."""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path

import pytest

from statustui.cli import main
from statustui.cli.main import USER_ERRORS
from tests.cli_runner import Runner, make_runner

CONTACTS = """name,email,phone,company,source,status,created_at,tags,budget
Ann Lee,ann@example.com,+1 555 0100,Globex,zillow,HOT,2026-01-05,vip;buyer,750000
Bob Smith,BOB@example.com,,,website,,2026-03-01T10:00,,
Cara Diaz,cara@example.com,,Initech,referral,WARM,2026-06-10,seller,
"""


@pytest.fixture
def run(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Runner:
    assert main(["init", str(tmp_path / "ws"), "--preset", "leadklozer"]) == 0
    capsys.readouterr()
    return make_runner(capsys, tmp_path / "ws", db_url)


@pytest.fixture
def people(run: Runner, tmp_path: Path) -> Runner:
    (tmp_path / "people.csv").write_text(CONTACTS)
    result = run("import", "contacts", str(tmp_path / "people.csv"))
    assert result.code == 0, result.err
    assert "3 contacts created" in result.out
    return run


def search_json(run: Runner, query: str = "") -> list[dict]:
    result = run("search", query, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.mark.parametrize("preset", ["leadklozer", "salesmanago", "conversica", "kvcore", "benchmarkone"])
def test_init_creates_a_workspace_for_each_preset(
    tmp_path: Path, preset: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / preset), "--preset", preset]) == 0
    assert (tmp_path / preset / "statustui.toml").is_file()
    assert (tmp_path / preset / "rules").is_dir()
    assert main(["-w", str(tmp_path / preset), "status", "list"]) == 0
    assert "default" in capsys.readouterr().out
    assert main(["init", str(tmp_path / preset)]) == 2  # never overwrites a workspace
    assert "already holds a workspace" in capsys.readouterr().err


def test_a_missing_workspace_says_how_to_create_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-w", str(tmp_path / "nowhere"), "search", "x"]) == 2
    err = capsys.readouterr().err
    assert "statustui init" in err and "Traceback" not in err


def test_import_creates_contacts_with_tags_fields_and_history(people: Runner) -> None:
    rows = {r["email"]: r for r in search_json(people)}
    assert set(rows) == {"ann@example.com", "bob@example.com", "cara@example.com"}
    ann = rows["ann@example.com"]
    assert ann["status"] == "HOT" and ann["tags"] == ["buyer", "vip"] and ann["company"] == "Globex"
    assert ann["created_at"].startswith("2026-01-05")
    assert rows["bob@example.com"]["status"] == "NEUTRAL"  # the preset's default
    for key in (
        "id",
        "name",
        "email",
        "phone",
        "company",
        "source",
        "status",
        "score",
        "tags",
        "created_at",
        "last_engaged_at",
        "unsubscribed",
    ):
        assert key in ann
    history = people("history", "ann@example.com")
    assert "started as HOT" in history.out and "by import" in history.out
    assert "by default" in people("history", "bob@example.com").out


def test_reimport_updates_by_email_and_records_the_status_change(people: Runner, tmp_path: Path) -> None:
    (tmp_path / "update.csv").write_text(
        "email,company,status\nann@example.com,Hooli,COLD\nbob@example.com,,\n"
    )
    result = people("import", "contacts", str(tmp_path / "update.csv"))
    assert "0 contacts created, 1 updated, 1 unchanged" in result.out
    rows = {r["email"]: r for r in search_json(people)}
    assert rows["ann@example.com"]["company"] == "Hooli" and rows["ann@example.com"]["status"] == "COLD"
    assert rows["ann@example.com"]["phone"] == "+1 555 0100"  # an empty cell keeps what was there
    assert "HOT -> COLD" in people("history", "ann@example.com").out


def test_unknown_status_names_its_rows_and_imports_nothing(people: Runner, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text(
        "email,status\nnew1@example.com,HOT\nnew2@example.com,HTO\n"
        "ann@example.com,COLD\nnew3@example.com,HTO\n"
    )
    result = people("import", "contacts", str(tmp_path / "bad.csv"))
    assert result.code == 1
    assert "'HTO': 2 rows (3, 5) - did you mean HOT?" in result.err
    assert "--status-map 'HTO=HOT'" in result.err
    assert "nothing was imported" in result.err
    rows = {r["email"]: r for r in search_json(people)}
    assert len(rows) == 3 and rows["ann@example.com"]["status"] == "HOT"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("email,name\nx@example.com,A\nx@example.com,B\n", "rows 2, 3, column email"),
        ("name,phone\nA,1\n", "no email column"),
        ("email,created_at\ny@example.com,yesterday-ish\n", "row 2, column created_at"),
        ("email,email\ny@example.com,z@example.com\n", "repeats column 1"),
        ("email,name\nnot-an-email,A\n", "row 2, column email"),
        ("", "empty"),
    ],
)
def test_bad_csv_gets_a_clear_message_and_imports_nothing(
    people: Runner, tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "bad.csv").write_text(content)
    result = people("import", "contacts", str(tmp_path / "bad.csv"))
    assert result.code == 1 and message in result.err, result.err
    assert len(search_json(people)) == 3


def test_byte_order_mark_and_a_wrong_declared_encoding(people: Runner, tmp_path: Path) -> None:
    (tmp_path / "bom.csv").write_bytes("\ufeffemail,name\nbom@example.com,Zoë\n".encode())
    assert people("import", "contacts", str(tmp_path / "bom.csv")).code == 0
    (tmp_path / "latin.csv").write_bytes("email,name\nl@example.com,Zo\x81\n".encode("latin-1"))
    result = people("import", "contacts", str(tmp_path / "latin.csv"), "--encoding", "windows-1252")
    assert result.code == 1 and "row 2, column name" in result.err and "--encoding" in result.err
    emails = {r["email"] for r in search_json(people)}
    assert "bom@example.com" in emails and "l@example.com" not in emails


def test_events_import_updates_last_engaged_and_score(people: Runner, tmp_path: Path) -> None:
    (tmp_path / "events.jsonl").write_text(
        '{"email": "bob@example.com", "channel": "facebook", "kind": "comment", "at": "2026-11-18T09:00"}\n'
        '{"email": "BOB@example.com", "channel": "email", "kind": "reply", "at": "2026-11-19T09:00", "text": "hi"}\n'
        '{"email": "cara@example.com", "kind": "stage", "value": "free_trial", "at": "2026-11-01"}\n'
    )
    result = people("import", "events", str(tmp_path / "events.jsonl"))
    assert result.code == 0, result.err
    rows = {r["email"]: r for r in search_json(people)}
    assert rows["bob@example.com"]["last_engaged_at"].startswith("2026-11-19T09:00")
    assert rows["bob@example.com"]["score"] > 0
    assert rows["ann@example.com"]["last_engaged_at"] is None


def test_bad_events_name_the_line_and_import_nothing(people: Runner, tmp_path: Path) -> None:
    (tmp_path / "events.jsonl").write_text(
        '{"email": "bob@example.com", "channel": "facebook", "kind": "comment", "at": "2026-11-18T09:00"}\n'
        '{"email": "bob@example.com", "channel": "facebok", "kind": "comment", "at": "2026-11-18T09:00"}\n'
        '{"email": "nobody@example.com", "kind": "reply", "at": "2026-11-18"}\n'
        '{"email": "bob@example.com", "kind": "reply", "at": "soon"}\n'
        "not json\n"
    )
    result = people("import", "events", str(tmp_path / "events.jsonl"))
    assert result.code == 1
    for expected in (
        "line 2, field channel",
        "did you mean facebook",
        "line 4, field at",
        "line 5",
        "line 3, field email",
    ):
        assert expected in result.err, result.err
    assert all(r["last_engaged_at"] is None for r in search_json(people))


def test_set_status_history_and_undo(people: Runner) -> None:
    result = people("set-status", "warm", "--email", "ann@example.com", "bob@example.com")
    assert result.code == 0 and "2 contacts now WARM" in result.out
    statuses = {r["email"]: r["status"] for r in search_json(people)}
    assert statuses == {"ann@example.com": "WARM", "bob@example.com": "WARM", "cara@example.com": "WARM"}
    history = people("history", "ann@example.com").out
    assert "HOT -> WARM" in history and "by you" in history and "(set by a person)" in history
    assert people("undo").code == 0
    statuses = {r["email"]: r["status"] for r in search_json(people)}
    assert statuses == {"ann@example.com": "HOT", "bob@example.com": "NEUTRAL", "cara@example.com": "WARM"}
    history = people("history", "ann@example.com").out  # undo appends, never deletes
    assert "HOT -> WARM" in history and "WARM -> HOT" in history


def test_set_status_refuses_unknown_status_and_unknown_email(people: Runner) -> None:
    result = people("set-status", "HTO", "--email", "ann@example.com")
    assert result.code == 1 and "did you mean HOT" in result.err
    result = people("set-status", "HOT", "--email", "nobody@example.com")
    assert result.code == 1 and "nobody@example.com" in result.err
    assert people("set-status", "HOT").code == 2
    assert people("set-status", "HOT", "--email", "ann@example.com", "--query", "").code == 2


def test_set_status_by_query_and_the_empty_query_means_everyone(people: Runner) -> None:
    result = people("set-status", "COLD", "--query", "tagged seller")
    assert result.code == 0 and "1 contact now COLD" in result.out
    assert people("set-status", "WARM", "--query", "").code == 0
    assert {r["status"] for r in search_json(people)} == {"WARM"}


def test_export_neutralises_spreadsheet_formulas(people: Runner, tmp_path: Path) -> None:
    (tmp_path / "evil.csv").write_text('email,name,company\nevil@example.com,"=HYPERLINK(""x"")",+cmd\n')
    assert people("import", "contacts", str(tmp_path / "evil.csv")).code == 0
    assert people("export", "", "-o", str(tmp_path / "out.csv")).code == 0
    with (tmp_path / "out.csv").open() as f:
        rows = {r["email"]: r for r in csv.DictReader(f)}
    assert rows["evil@example.com"]["name"] == '\'=HYPERLINK("x")'
    assert rows["evil@example.com"]["company"] == "'+cmd"
    assert people("set-status", "COLD", "--email", "evil@example.com").code == 0
    assert people("export", "", "-o", str(tmp_path / "cold.csv")).code == 0
    with (tmp_path / "cold.csv").open() as f:  # a negative score stays a number
        assert {r["email"]: r["score"] for r in csv.DictReader(f)}["evil@example.com"] == "-20"
    assert people("export", "", "-o", str(tmp_path / "out.json")).code == 0
    data = json.loads((tmp_path / "out.json").read_text())
    assert {r["email"] for r in data} == set(rows)
    assert people("export", "", "-o", str(tmp_path / "out.xlsx")).code == 2


def test_status_editing(people: Runner) -> None:
    assert people("status", "add", "Nurture", "--color", "teal", "--follow-up", "10d").code == 0
    assert "Nurture" in people("status", "list").out
    assert people("status", "delete", "Nurture").code == 0  # never held: may go
    result = people("status", "delete", "WARM")
    assert result.code == 2 and "merge" in result.err  # held by Cara: only a merge
    result = people("status", "merge", "WARM", "HOT")
    assert result.code == 0 and "1 contacts moved" in result.out
    listing = people("status", "list").out
    assert "WARM" not in listing
    assert {r["email"]: r["status"] for r in search_json(people)}["cara@example.com"] == "HOT"
    history = people("history", "cara@example.com").out
    assert "WARM -> HOT" in history and "started as WARM" in history  # past history stays readable
    assert people("status", "rename", "HOT", "Burning").code == 0
    assert {r["status"] for r in search_json(people)} == {"Burning", "NEUTRAL"}
    assert "started as Burning" in people("history", "ann@example.com").out
    assert people("status", "reorder", "COLD", "1").code == 0
    assert people("status", "list").out.splitlines()[0].split()[1] == "COLD"
    assert people("status", "add", "Bad", "--color", "rainbow").code == 2
    assert people("status", "reorder", "COLD", "99").code == 2


def test_an_import_that_changes_statuses_runs_status_change_rules(people: Runner, tmp_path: Path) -> None:
    rules = tmp_path / "ws" / "rules" / "90-cooling.rules"
    rules.write_text('rule "Cold contacts get a tag"\n  on status change to COLD\n  then add tag cooled\n')
    (tmp_path / "update.csv").write_text("email,status\nann@example.com,COLD\nbob@example.com,NEUTRAL\n")
    assert people("import", "contacts", str(tmp_path / "update.csv")).code == 0
    tags = {r["email"]: r["tags"] for r in search_json(people)}
    assert "cooled" in tags["ann@example.com"] and "cooled" not in tags["bob@example.com"]
    assert people("undo").code == 0  # the import's change and the rule's are one batch
    assert {r["email"]: r["status"] for r in search_json(people)}["ann@example.com"] == "HOT"


def test_every_user_error_the_command_line_maps_exists() -> None:
    """The exit-status table names classes by module and name: each must exist, or its errors would read as bugs."""
    for module, name, code in USER_ERRORS:
        error = getattr(importlib.import_module(module), name)
        assert issubclass(error, Exception) and code in (1, 2)
