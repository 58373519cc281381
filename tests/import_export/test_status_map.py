"""Another system's status values: `--status-map 'VALUE=STATUS, ...'`; an unmapped unknown value is one
grouped problem naming each value, its row count, a did-you-mean and the flag."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import Runner

FILE = (
    "email,lead status\n"
    "a@example.com,Active Lead\nb@example.com,Active Lead\nc@example.com,Closed\n"
    "d@example.com,hott\ne@example.com,WARM\n"
)


def statuses(run: Runner) -> dict[str, str]:
    return {r["email"]: r["status"] for r in json.loads(run("search", "", "--format", "json").out)}


def test_unknown_values_are_one_grouped_problem_with_the_flag(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "kv.csv").write_text(FILE)
    result = run("import", "contacts", str(tmp_path / "kv.csv"))
    assert result.code == 1
    assert "rows 2, 3, 4, 5, column status: 3 values are not statuses here:" in result.err
    assert "'Active Lead': 2 rows (2, 3)" in result.err
    assert "'hott': 1 row (5) - did you mean HOT?" in result.err
    assert "--status-map 'Active Lead=STATUS, Closed=" in result.err and "hott=HOT'" in result.err
    assert statuses(run) == {}


def test_status_map_reads_them_as_statuses(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "kv.csv").write_text(FILE)
    result = run(
        "import",
        "contacts",
        str(tmp_path / "kv.csv"),
        "--status-map",
        "active lead=HOT, Closed=COLD,hott=HOT",
    )
    assert result.code == 0, result.err
    assert statuses(run) == {
        "a@example.com": "HOT",
        "b@example.com": "HOT",
        "c@example.com": "COLD",
        "d@example.com": "HOT",
        "e@example.com": "WARM",
    }


def test_a_bad_status_map_is_named(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "kv.csv").write_text(FILE)
    result = run("import", "contacts", str(tmp_path / "kv.csv"), "--status-map", "Closed=COLDD")
    assert (
        result.code == 1
        and "--status-map: Closed = COLDD: unknown status 'COLDD' - did you mean COLD?" in result.err
    )
    result = run("import", "contacts", str(tmp_path / "kv.csv"), "--status-map", "Closed")
    assert result.code == 1 and "is not VALUE=STATUS" in result.err


def test_the_config_table_maps_them_for_every_import_and_the_flag_wins(run: Runner, tmp_path: Path) -> None:
    config = tmp_path / "ws" / "statustui.toml"
    config.write_text(
        config.read_text() + '\n[import.status_map]\n"Active Lead" = "WARM"\nClosed = "COLD"\nhott = "HOT"\n'
    )
    (tmp_path / "kv.csv").write_text(FILE)
    result = run("import", "contacts", str(tmp_path / "kv.csv"), "--status-map", "Closed=ARCHIVE")
    assert result.code == 0, result.err
    found = statuses(run)
    assert (
        found["a@example.com"] == "WARM"
        and found["c@example.com"] == "ARCHIVE"
        and found["d@example.com"] == "HOT"
    )
