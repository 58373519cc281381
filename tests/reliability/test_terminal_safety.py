"""Nothing escapes: contact data, rule files, saved searches and file headers holding ESC, C0 and C1 control
characters or bidi overrides (U+202E) reach no terminal raw, through any command; JSON escapes them; CSV is
exact to a pipe and safe on a terminal; an email with a control character is refused."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from statustui.text_safety import escape_json, printable
from tests.reliability.harness import close_bound_database, make_workspace, run_cli

EVIL = "Ev\x1b]0;owned\x07il\x1b[2J\x9b31m\u202eFLIPPED\u2066\r\x08"
UNSAFE = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\r", "\x08")


def _clean(text: str) -> bool:
    return not any(c in text for c in UNSAFE)


@pytest.fixture
def evil(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Path:
    """A contact whose name, company, tags and custom field hold every kind of unsafe character, with a
    status history, a rule that would change it (with its name as an example) and a broken saved search."""
    ws = make_workspace(
        tmp_path / "ws",
        db_url,
        3,
        f'rule "warm up {EVIL[:9]}" on schedule when name ~ "Ev" then set status WARM override manual\n',
    )
    close_bound_database()
    buf = io.StringIO()
    csv.writer(buf).writerow(["email", "name", "company", "tags", "notes", "status"])
    csv.writer(buf).writerow(["evil@example.com", EVIL, EVIL, EVIL, EVIL, "HOT"])
    (tmp_path / "evil.csv").write_text(buf.getvalue(), encoding="utf-8")
    code, _, err = run_cli(ws, db_url, capsys, "import", "contacts", str(tmp_path / "evil.csv"))
    assert code == 0, err
    code, _, err = run_cli(ws, db_url, capsys, "set-status", "COLD", "--email", "evil@example.com")
    assert code == 0, err
    (ws / "searches.toml").write_text(
        f'[[search]]\nname = "broken"\nquery = "status = {json.dumps(EVIL)[1:-1]}"\n', encoding="utf-8"
    )
    return ws


@pytest.mark.parametrize(
    "command",
    [
        ("search", ""),
        ("search", 'name ~ "Ev"', "--limit", "5"),
        ("history", "evil@example.com"),
        ("rules", "explain", "evil@example.com"),
        ("rules", "run", "--dry-run"),
        ("rules", "list"),
        ("searches", "run", "broken"),
        ("searches", "list"),
        ("search", f'status = "{EVIL[:12]}"'),
    ],
)
def test_no_command_prints_an_unsafe_character(
    command: tuple[str, ...], evil: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(evil, db_url, capsys, *command)
    assert "internal error" not in err
    if command[0] != "searches":  # each of these shows the contact's name, the rule's, or the query
        assert "Ev?]0;own" in out + err, (command, out + err)
    assert _clean(out + err), (command, out + err)


def test_rules_check_echoes_a_broken_line_safely(
    evil: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (evil / "rules" / "20-broken.rules").write_text(
        f'rule "x" on schedule when status = "{EVIL[:12]}" then set status HOT\n', encoding="utf-8"
    )
    code, out, err = run_cli(evil, db_url, capsys, "rules", "check")
    assert code == 1 and "20-broken.rules:1:" in err, err
    assert _clean(out + err), err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (f"email,name\nevil@example.com,A\nEvil@Example.com,{EVIL}\n", "rows 2, 3, column email"),
        (f'email,name,"{EVIL}","{EVIL}"\na@example.com,A,x,y\n', "row 1: column 4"),
        ("email,name\nev\x1b[2Jil@example.com,A\n", "not an email address"),
        ("email,name\nev\u202eil@example.com,A\n", "not an email address"),
        ("email,name\nev\x9bil@example.com,A\n", "not an email address"),
    ],
    ids=["repeated email", "bad header", "ESC in an email", "bidi in an email", "C1 in an email"],
)
def test_import_errors_are_safe_and_emails_with_control_characters_refused(
    content: str, says: str, evil: Path, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.csv").write_text(content, encoding="utf-8")
    code, out, err = run_cli(evil, db_url, capsys, "import", "contacts", str(tmp_path / "bad.csv"))
    assert code == 1 and says in err, err
    assert _clean(out + err), err


def test_json_escapes_and_csv_is_exact_to_a_pipe_and_safe_on_a_terminal(
    evil: Path,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = run_cli(evil, db_url, capsys, "search", 'name ~ "Ev"', "--format", "json")
    assert code == 0, err
    assert _clean(out) and json.loads(out)[0]["name"] == EVIL
    code, _, err = run_cli(evil, db_url, capsys, "export", "", "-o", str(tmp_path / "out.json"))
    text = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert _clean(text) and "\\u202e" in text
    event = {
        "email": "evil@example.com",
        "channel": "email",
        "kind": "reply",
        "at": "2026-11-01",
        "text": EVIL,
    }
    (tmp_path / "e.jsonl").write_text(json.dumps(event) + "\n", encoding="utf-8")
    code, _, err = run_cli(evil, db_url, capsys, "import", "events", str(tmp_path / "e.jsonl"))
    code, _, err = run_cli(evil, db_url, capsys, "export", "events", "", "-o", str(tmp_path / "ev.jsonl"))
    text = (tmp_path / "ev.jsonl").read_text(encoding="utf-8")
    assert code == 0 and _clean(text) and json.loads(text)["text"] == EVIL, err
    code, out, err = run_cli(evil, db_url, capsys, "search", 'name ~ "Ev"', "--format", "csv")
    assert "\x1b" in out  # a pipe gets the data as stored
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run_cli(evil, db_url, capsys, "search", 'name ~ "Ev"', "--format", "csv")
    assert code == 0 and "Ev" in out and _clean(out), out


def test_printable_and_escape_json() -> None:
    assert printable("a\x1bb\x9bc\u202ed\u2069e\tf\ng") == "a?b?c?d?e f g"
    assert printable("a\r\nb\rc", lines=True) == "a\nb?c"
    assert json.loads(escape_json(json.dumps(EVIL, ensure_ascii=False))) == EVIL
