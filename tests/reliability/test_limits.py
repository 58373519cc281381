"""Documented limits (docs/reliability.md): a query or rule at each limit runs on both databases; one step
beyond is a named error with a caret (exit 2), never an overflow, a database error or a RecursionError."""

from __future__ import annotations

from pathlib import Path

import pytest

from statustui.language.limits import MAX_CONDITIONS, MAX_LIST_VALUES, MAX_NESTING, MAX_NUMBER, MAX_TEXT
from tests.reliability.harness import close_bound_database, make_workspace, run_cli

# Every kind of condition, the ones that compile to sub-queries and nested SQL included.
KINDS = [
    "score > {i}",
    "tagged t{i}",
    "field.budget between {i} and 100",
    "engaged email reply within {i}d at least 2 times",
    "status was HOT within {i}d",
    "not (status was WARM within {i}d)",
    "status not in (WARM)",
    "status changed from HOT to COLD by rule between 2026-01-01 and 2026-02-0{j}",  # a named rule must exist
    "created between 1900-01-01 and 2200-12-31",
    'name ~ "{i}"',
]


def _conditions(n: int, glue: str) -> str:
    return glue.join(KINDS[i % len(KINDS)].format(i=i + 1, j=i % 9 + 1) for i in range(n))


def _nested(levels: int) -> str:
    """`levels` levels of and/or (alternating: the parser merges `(a and b) and c` into one level)."""
    expr = "status was HOT within 3d"
    for k in range(levels):
        expr = f"({expr} {'and' if k % 2 else 'or'} tagged t{k})"
    return expr


AT_LIMIT = {
    "conditions and": _conditions(MAX_CONDITIONS, " and "),
    "conditions or": _conditions(MAX_CONDITIONS, " or "),
    "nesting": _nested(MAX_NESTING),
    "not": "not " * MAX_NESTING + "tagged x",
    "list values": "status in (" + ", ".join(["HOT", "COLD"] * (MAX_LIST_VALUES // 2)) + ")",
    "long text": 'name ~ "' + "x" * MAX_TEXT + '"',
    "big number": f"score > {MAX_NUMBER - 1} or field.budget < -{MAX_NUMBER - 1}",
    "big count": f"engaged at least {MAX_NUMBER - 1} times",
    "long duration": "created within 300y or last_engaged before 300 years",
    "earliest and latest dates": "created between 1900-01-01 and 2200-12-31",
    "big limit": f"score > 0 limit {MAX_NUMBER - 1}",
}

BEYOND = {
    "conditions and": (_conditions(MAX_CONDITIONS + 1, " and "), f"at most {MAX_CONDITIONS} conditions"),
    "conditions or": (_conditions(MAX_CONDITIONS * 12, " or "), f"at most {MAX_CONDITIONS} conditions"),
    "nesting": (_nested(MAX_NESTING + 1), "nest at most"),
    "not": ("not " * (MAX_NESTING + 1) + "tagged x", "nest at most"),
    "list values": (
        "tag in (" + ", ".join(f"t{i}" for i in range(MAX_LIST_VALUES + 1)) + ")",
        "values in all",
    ),
    "~ pattern of 60,000 characters": ('name ~ "' + "x" * 60_000 + '"', "at most 2,000 characters"),
    "20-digit score": ("score > 99999999999999999999", "must lie between"),
    "400-digit whole number": ("score > 1" + "0" * 400, "must lie between"),
    "5,000-digit whole number": ("field.budget = 1" + "0" * 5000, "must lie between"),
    "400-digit decimal": ("score < -1" + "0" * 400 + ".5", "must lie between"),
    "20-digit count": ("engaged at least 99999999999999999999 times", "must lie between"),
    "15-digit count": (f"engaged exactly {MAX_NUMBER} times", "a count must lie between"),
    "20-digit duration": ("created within 99999999999999999999d", "at most 300 years"),
    "duration over 300 years": ("last_engaged before 301y", "at most 300 years"),
    "year 9999": ("created between 9999-12-31 and 9999-12-31", "years statustui handles (1900-2200)"),
    "year 1": ("status changed after 0001-01-01", "years statustui handles"),
    "20-digit limit": ("limit 99999999999999999999", "must lie between"),
    "16-digit limit": (f"score > 0 limit {MAX_NUMBER}", "limit takes at most"),
    "NUL in a text": ('name = "a\x00b"', "may not hold a NUL"),
    "bytes that are not UTF-8 (an argument's lone surrogate)": ('company ~ "\udcff"', "not UTF-8"),
}


@pytest.fixture
def workspace(tmp_path: Path, db_url: str) -> Path:
    ws = make_workspace(tmp_path / "ws", db_url, 12)
    close_bound_database()
    return ws


def test_queries_at_every_limit_run_on_both_databases(
    workspace: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, query in AT_LIMIT.items():
        for command in (("search", query, "--format", "json"), ("search", query, "--count")):
            code, _, err = run_cli(workspace, db_url, capsys, *command)
            assert code == 0, (name, err[:300])


def test_queries_beyond_a_limit_are_a_named_error_at_the_spot(
    workspace: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, (query, says) in BEYOND.items():
        code, out, err = run_cli(workspace, db_url, capsys, "search", query, "--count")
        assert code == 2 and says in err, (name, err[:300])
        assert "internal error" not in err and "^" in err, name
        assert out == ""


def test_rule_files_are_held_to_the_same_limits(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`rules check` refuses what `rules run` could not run; a rule at the limit runs."""
    at_limit = _conditions(MAX_CONDITIONS, " and ")
    beyond = " or ".join(["score > 1"] * 120)
    ws = make_workspace(
        tmp_path / "ws",
        db_url,
        12,
        f'rule "long" on schedule when {at_limit} then set status HOT\n'
        'rule "points" on schedule when score > 0 then add score 1000000\n',
    )
    close_bound_database()
    code, out, err = run_cli(ws, db_url, capsys, "rules", "check")
    assert code == 0, err
    code, out, err = run_cli(ws, db_url, capsys, "rules", "run")
    assert code == 0, err
    (ws / "rules" / "20-over.rules").write_text(
        f'rule "too long" on schedule when {beyond} then set status HOT\n'
        'rule "too many points" on create then add score 1000001\n',
        encoding="utf-8",
    )
    code, out, err = run_cli(ws, db_url, capsys, "rules", "check")
    assert code == 1, err
    assert "20-over.rules:1:" in err and f"at most {MAX_CONDITIONS} conditions" in err, err
    assert "20-over.rules:2:" in err and "add score takes" in err, err
    code, out, err = run_cli(ws, db_url, capsys, "rules", "run")
    assert "internal error" not in err


def test_a_saved_search_holding_a_nul_is_a_named_error(
    workspace: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "searches.toml").write_text(
        '[[search]]\nname = "nul"\nquery = "name = \\"a\\u0000b\\""\n', encoding="utf-8"
    )
    code, out, err = run_cli(workspace, db_url, capsys, "searches", "run", "nul")
    assert code == 2 and "may not hold a NUL" in err, err
    code, out, err = run_cli(workspace, db_url, capsys, "searches", "list")
    assert code == 1 and "BROKEN" in out and "may not hold a NUL" in out, out + err
