"""Schedule turns from the command line: `rules run --schedule` runs a turn once however often (and by how
many processes) it is started; on PostgreSQL a process that finds another running says so and waits; a run
that would pass rules.max_changes stops before writing unless --yes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from statustui.store.db import open_database
from tests.cli_runner import Result, make_runner
from tests.reliability.harness import digest, make_workspace

COOL = 'rule "Hot cools"\n  on schedule\n  when status = HOT\n  then set status WARM, add score 5\n'
BONUS = 'rule "Bonus"\n  on schedule\n  then add score 5\n'


def cli(ws: Path, url: str, capsys: pytest.CaptureFixture[str], now: str, *args: str) -> Result:
    return make_runner(capsys, ws, url, now)(*args)


def scores(url: str) -> list[int]:
    db = open_database(url)
    try:
        return [s for (s,) in db.execute_sql('SELECT score_bonus FROM "contact" ORDER BY id')]
    finally:
        db.close()


def test_a_schedule_turn_runs_once_and_the_next_turn_runs_again(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = make_workspace(tmp_path / "ws", db_url, contacts=4, rules=BONUS)
    first = cli(ws, db_url, capsys, "2026-11-20T12:01Z", "rules", "run", "--schedule")
    assert first.code == 0 and "ran the schedule rules" in first.out
    again = cli(ws, db_url, capsys, "2026-11-20T12:14Z", "rules", "run", "--schedule")
    assert again.code == 0
    assert "this turn's schedule rules already ran at 2026-11-20 12:01" in again.out
    assert "next turn at 2026-11-20 12:15" in again.out
    assert scores(db_url) == [5] * 4
    assert cli(ws, db_url, capsys, "2026-11-20T12:15Z", "rules", "run", "--schedule").code == 0
    assert scores(db_url) == [10] * 4
    # A plain `rules run` is a person's: it always runs.
    assert cli(ws, db_url, capsys, "2026-11-20T12:16Z", "rules", "run").code == 0
    assert scores(db_url) == [15] * 4


def test_a_run_over_max_changes_stops_before_writing_unless_yes(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = make_workspace(tmp_path / "ws", db_url, contacts=10, rules=COOL)
    with (ws / "statustui.toml").open("a") as f:
        f.write("\n[rules]\nmax_changes = 1\n")
    before = digest(db_url)
    for args in (("rules", "run"), ("rules", "run", "--schedule")):
        result = cli(ws, db_url, capsys, "2026-11-20T12:01Z", *args)
        assert result.code == 1
        assert "stopped before writing: this run would make 2 status changes ('Hot cools' 2)" in result.err
        assert "rules.max_changes (1)" in result.err and "--yes" in result.err
    assert digest(db_url) == before
    result = cli(ws, db_url, capsys, "2026-11-20T12:02Z", "rules", "run", "--schedule", "--yes")
    assert result.code == 0 and "2 changed from HOT to WARM" in result.out


def test_two_concurrent_watchers_run_a_turn_once(tmp_path: Path, db_url: str) -> None:
    ws = make_workspace(tmp_path / "ws", db_url, contacts=50, rules=BONUS)
    command = [sys.executable, "-m", "statustui", "-w", str(ws), "--database", db_url, "--now"]
    children = [
        subprocess.Popen(
            [*command, "2026-11-20T12:01Z", "rules", "run", "--schedule"], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=120)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0]
    assert scores(db_url) == [5] * 50
    assert sum("ran the schedule rules" in out for out in outputs) == 1, outputs
    assert sum(("already ran" in out) or ("another statustui is running" in out) for out in outputs) == 1


def test_on_postgresql_a_turn_finding_another_running_says_so_and_waits(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the advisory lock is PostgreSQL's; SQLite's write lock orders turns")
    ws = make_workspace(tmp_path / "ws", db_url, contacts=3, rules=BONUS)
    other = open_database(db_url)  # another watcher in the middle of its turn
    try:
        other.execute_sql("SELECT pg_advisory_lock(hashtext(current_schema() || ':schedule'))")
        result = cli(ws, db_url, capsys, "2026-11-20T12:01Z", "rules", "run", "--schedule")
        assert result.code == 0
        assert "another statustui is running the schedule rules right now; waiting for the next turn" in (
            result.out
        )
        assert scores(db_url) == [0] * 3
    finally:
        other.close()
    assert cli(ws, db_url, capsys, "2026-11-20T12:02Z", "rules", "run", "--schedule").code == 0
    assert scores(db_url) == [5] * 3
