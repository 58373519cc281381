"""Bad input: every broken CSV or JSONL file gets a message naming the row (line) and column, and nothing
at all is imported (a digest of every table is unchanged), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from statustui.cli import main
from tests.reliability.harness import NOW, close_bound_database, digest, make_workspace

GOOD_ROWS = 4000  # enough that the bad row is read thousands of rows (several read buffers) in


def _csv(bad_row: str, header: str = "email,name,status,created_at") -> bytes:
    rows = [f"p{i}@example.com,Person {i},HOT,2026-01-05" for i in range(GOOD_ROWS)]
    return (
        (header + "\n" + "\n".join(rows) + "\n").encode() + bad_row.encode("utf-8", "surrogateescape") + b"\n"
    )


LAST_ROW = f"row {GOOD_ROWS + 2}"
CSV_CASES = {
    "wrong encoding": (  # UTF-8 (Zoë in row 2) broken late; a file of only single high bytes is Windows-1252
        _csv("late@example.com,Zo\udceb,HOT,2026-01-05").replace(b"Person 0,", "Zoë,".encode()),
        f"{LAST_ROW}, column name: not UTF-8",
    ),
    "byte-order mark and a bad date": (
        b"\xef\xbb\xbf" + _csv("late@example.com,Ann,HOT,2026-02-30"),
        f"{LAST_ROW}, column created_at",
    ),
    "missing header": (
        b"ann@example.com,Ann\nbob@example.com,Bob\n",
        "row 1: the header has no email column",
    ),
    "duplicate column": (
        _csv("", header="email,name,status,name"),
        "row 1: column 4 ('name') repeats column 2",
    ),
    "malformed date": (_csv("late@example.com,Ann,HOT,yesterday"), f"{LAST_ROW}, column created_at"),
    "unknown status": (_csv("late@example.com,Ann,HOTT,2026-01-05"), f"{LAST_ROW}, column status"),
    "repeated email": (_csv("P7@Example.com,Again,HOT,2026-01-05"), f"rows 9, {GOOD_ROWS + 2}, column email"),
    "too many cells": (_csv("late@example.com,Ann,HOT,2026-01-05,extra"), f"{LAST_ROW}: has 5 cells"),
    "unclosed quote": (_csv('late@example.com,"Ann,HOT,2026-01-05'), "unexpected end of data"),
    "custom fields that collide": (
        _csv("", header="email,name,status,created_at,a b,a-b,A_B"),
        "columns 'a b' and 'a-b' both fill field.a_b",
    ),
    "a 20-digit score bonus": (
        _csv(
            "late@example.com,Ann,HOT,2026-01-05,99999999999999999999",
            header="email,name,status,created_at,score_bonus",
        ),
        f"{LAST_ROW}, column score_bonus: '99999999999999999999' is not a whole number from",
    ),
    "NUL in a cell": (
        _csv("late@example.com,An\x00n,HOT,2026-01-05"),
        f"{LAST_ROW}, column name: holds a NUL",
    ),
}

EVENT = {"email": "p1@example.com", "channel": "email", "kind": "reply", "at": "2026-11-01T09:30"}
GOOD_LINES = [json.dumps(EVENT) for _ in range(3000)]
JSONL_CASES = {
    "wrong encoding": (
        [*GOOD_LINES, '{"email": "p1@example.com", "text": "Zo\udceb"}'],
        "line 3001: not UTF-8",
    ),
    "byte-order mark and bad JSON": (
        ["\ufeff" + GOOD_LINES[0], *GOOD_LINES, '{"email": '],
        "line 3002, column 1: not valid JSON",
    ),
    "not an object": ([*GOOD_LINES, "[1, 2]"], "line 3001: must be a JSON object"),
    "unknown field": (
        [*GOOD_LINES, json.dumps({**EVENT, "colour": "red"})],
        "line 3001: unknown field 'colour'",
    ),
    "malformed date": ([*GOOD_LINES, json.dumps({**EVENT, "at": "2026-13-01"})], "line 3001, field at"),
    "unknown contact": (
        [*GOOD_LINES, json.dumps({**EVENT, "email": "nobody@example.com"})],
        "line 3001, field email: no contact",
    ),
    "unknown channel": ([*GOOD_LINES, json.dumps({**EVENT, "channel": "fax"})], "line 3001, field channel"),
    "NUL in a text": (
        [*GOOD_LINES, json.dumps({**EVENT, "text": "a\x00b"})],
        "line 3001: a text holds a NUL",
    ),
    "lone surrogate": (
        [*GOOD_LINES, json.dumps({**EVENT, "text": "\ud800"})],
        "line 3001: a text holds '\\ud800'",
    ),
    "nested 100,000 deep": (
        [*GOOD_LINES, '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"],
        "line 3001: nested too deeply",
    ),
    "repeated key": (
        [*GOOD_LINES, json.dumps(EVENT)[:-1] + ', "email": "p2@example.com"}'],
        "line 3001: the key 'email' appears twice",
    ),
}


@pytest.fixture
def workspace(tmp_path: Path, db_url: str) -> Path:
    ws = make_workspace(tmp_path / "ws", db_url, 20)
    close_bound_database()
    return ws


def _import(ws: Path, url: str, kind: str, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(["-w", str(ws), "--database", url, "--now", NOW, "import", kind, str(path)])
    finally:
        close_bound_database()
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", list(CSV_CASES))
def test_a_bad_csv_names_row_and_column_and_imports_nothing(
    case: str, workspace: Path, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, where = CSV_CASES[case]
    (tmp_path / "bad.csv").write_bytes(content)
    before = digest(db_url)
    code, err = _import(workspace, db_url, "contacts", tmp_path / "bad.csv", capsys)
    assert code == 1 and where in err, err
    assert "Traceback" not in err
    assert digest(db_url) == before


@pytest.mark.parametrize("case", list(JSONL_CASES))
def test_a_bad_jsonl_names_the_line_and_imports_nothing(
    case: str, workspace: Path, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines, where = JSONL_CASES[case]
    (tmp_path / "bad.jsonl").write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n")
    before = digest(db_url)
    code, err = _import(workspace, db_url, "events", tmp_path / "bad.jsonl", capsys)
    assert code == 1 and where in err, err
    assert digest(db_url) == before


def test_an_events_csv_row_with_more_cells_than_columns_is_refused_as_in_contacts(
    workspace: Path, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.csv").write_text(
        "email,kind,at\np1@example.com,reply,2026-11-01\np1@example.com,reply,2026-11-02,extra\n",
        encoding="utf-8",
    )
    before = digest(db_url)
    code, err = _import(workspace, db_url, "events", tmp_path / "bad.csv", capsys)
    assert code == 1 and "row 3: has 4 cells but the header names 3 columns" in err, err
    assert digest(db_url) == before


def test_a_very_large_file_with_one_bad_row_at_the_end_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """25 MB generated on the fly (bench/big_import.py measures 1 GB): the last row is checked before
    anything is written, and memory does not grow with the file."""
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    ws = make_workspace(tmp_path / "ws", url, 0)
    big = tmp_path / "big.csv"
    rows = 0
    pad = "x" * 180
    with big.open("w", encoding="utf-8") as f:
        f.write("email,name,notes\n")
        while f.tell() < 25 * 1024 * 1024:
            f.writelines(f"p{rows + i}@example.com,Person {rows + i},{pad}\n" for i in range(10_000))
            rows += 10_000
        f.write("broken-email,Last,\n")
    try:
        start = time.monotonic()
        code, err = _import(ws, url, "contacts", big, capsys)
        print(
            f"{big.stat().st_size / 1e6:.0f} MB, {rows:,} rows rejected in {time.monotonic() - start:.1f} s"
        )
    finally:
        big.unlink()
    assert code == 1 and f"row {rows + 2}, column email" in err, err
    assert digest(url)["contact"].startswith("0 rows")
