"""Nothing injected: hostile text stays data on both databases (SQL), in exported files (spreadsheet
formulas) and on the terminal (escape sequences); rule files and TOML are never evaluated."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from statustui.import_export.export import safe_cell
from tests.reliability.harness import close_bound_database, make_workspace, run_cli

HOSTILE = [
    "'; DROP TABLE contact; --",
    'Robert"); DELETE FROM status_history; --',
    "100% _real_ \\ back\\slash",
    'O\'Brien "the" %_%',
    "Zoë 東京 🙂 \u202eevil",
]
ESCAPES = "\x1b[2J\x1b]0;owned\x07\x1b[31mRed\x9b1m\r\x08"
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]


def _quoted(text: str) -> str:
    """`text` as a string literal of the query language."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def hostile(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Path:
    """A workspace whose contacts carry hostile names, companies, tags, custom fields and escape sequences."""
    ws = make_workspace(tmp_path / "ws", db_url, 3)
    close_bound_database()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["email", "name", "company", "tags", "notes"])
    for i, text in enumerate([*HOSTILE, ESCAPES, *FORMULAS]):
        writer.writerow([f"h{i}@example.com", text, text, text.replace(";", ","), text])
    (tmp_path / "hostile.csv").write_text(buf.getvalue(), encoding="utf-8")
    code, _, err = run_cli(ws, db_url, capsys, "import", "contacts", str(tmp_path / "hostile.csv"))
    assert code == 0, err
    return ws


def _json(ws: Path, url: str, capsys: pytest.CaptureFixture[str], query: str) -> list[dict]:
    code, out, err = run_cli(ws, url, capsys, "search", query, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_hostile_text_is_stored_and_found_as_plain_data(
    hostile: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    everyone = _json(hostile, db_url, capsys, "")
    assert len(everyone) == 3 + len(HOSTILE) + 1 + len(FORMULAS)  # no table dropped, no row deleted
    stored = {r["email"]: r for r in everyone}
    for i, text in enumerate(HOSTILE):
        assert stored[f"h{i}@example.com"]["name"] == text
        assert stored[f"h{i}@example.com"]["company"] == text
        found = _json(hostile, db_url, capsys, f"name = {_quoted(text)}")
        assert [r["email"] for r in found] == [f"h{i}@example.com"], text
        assert len(_json(hostile, db_url, capsys, f"field.notes = {_quoted(text)}")) == 1
    # LIKE wildcards are plain characters in `~` (contains).
    assert {r["email"] for r in _json(hostile, db_url, capsys, 'name ~ "%"')} == {
        "h2@example.com",
        "h3@example.com",
    }
    assert {r["email"] for r in _json(hostile, db_url, capsys, 'name ~ "_real_"')} == {"h2@example.com"}
    assert {r["email"] for r in _json(hostile, db_url, capsys, 'company ~ "\\\\ back"')} == {"h2@example.com"}
    code, out, _ = run_cli(hostile, db_url, capsys, "search", "", "--count")
    assert out.strip() == str(len(everyone))


def test_a_hostile_saved_search_is_saved_and_run_as_data(
    hostile: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    query = f"name = {_quoted(HOSTILE[0])} or name ~ {_quoted(HOSTILE[3])}"
    code, _, err = run_cli(hostile, db_url, capsys, "searches", "save", HOSTILE[1], query)
    assert code == 0, err
    code, out, err = run_cli(hostile, db_url, capsys, "searches", "run", HOSTILE[1], "--format", "json")
    assert code == 0, err
    assert {r["email"] for r in json.loads(out)} == {"h0@example.com", "h3@example.com"}
    assert len(_json(hostile, db_url, capsys, "")) == 3 + len(HOSTILE) + 1 + len(FORMULAS)


def test_export_neutralises_every_formula_start(
    hostile: Path, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(hostile, db_url, capsys, "export", "", "-o", str(tmp_path / "out.csv"))
    assert code == 0, err
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8", newline="")))
    cells = [row[c] for row in rows for c in ("name", "company", "tags")]
    assert cells and all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    names = {row["email"]: row["name"] for row in rows}
    for i, formula in enumerate(FORMULAS, start=len(HOSTILE) + 1):
        assert names[f"h{i}@example.com"] == "'" + formula  # the text itself is kept
    # Import strips cells; text from elsewhere (the app, a rule) may still start with a tab or a return.
    assert [safe_cell(t) for t in ("\tcmd", "\rcmd", "a=b")] == ["'\tcmd", "'\rcmd", "a=b"]


@pytest.mark.parametrize(
    "command",
    [
        ("search", ""),
        ("search", "name ~ Red"),
        ("history", "h5@example.com"),
        ("searches", "list"),
    ],
)
def test_escape_sequences_never_reach_the_terminal(
    hostile: Path, db_url: str, command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(hostile, db_url, capsys, "searches", "save", "evil" + ESCAPES, f"name = {_quoted(ESCAPES)}")
    code, out, err = run_cli(hostile, db_url, capsys, *command)
    assert code == 0, err
    for control in ("\x1b", "\x07", "\x9b", "\r", "\x08"):
        assert control not in out + err, (command, out)


def test_rule_files_and_toml_are_data_never_python(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "PWNED"
    payload = f"__import__('os').system('touch {marker}')"
    ws = make_workspace(tmp_path / "ws", db_url, 3, rules=f'rule "x" on schedule when {payload} then stop\n')
    close_bound_database()
    with (ws / "statustui.toml").open("a", encoding="utf-8") as f:
        f.write(f'\n[score.kind_points]\n"{payload}" = 1\n')
    (ws / "searches.toml").write_text(
        f'[[search]]\nname = "{payload}"\nquery = "{payload}"\n', encoding="utf-8"
    )
    for command in (
        ("rules", "check"),
        ("rules", "run"),
        ("searches", "list"),
        ("search", payload),
        ("status", "list"),
    ):
        run_cli(ws, db_url, capsys, *command)
    assert not marker.exists()
