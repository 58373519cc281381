"""Fuzz: hostile queries, CSV cells and headers, JSONL values, `statustui.toml` values, database URLs and
option values through the command line, in-process, on SQLite and PostgreSQL: each works or is a named
error, never an internal error. Bounded here; `python bench/fuzz_cli.py N` runs N inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.fuzz_inputs import Runner, entry_points
from tests.reliability.harness import close_bound_database, make_workspace

ENTRY_POINTS = ["query", "csv", "jsonl events", "jsonl contacts", "config", "url", "option"]


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_no_input_is_an_internal_error(
    entry: str, tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = make_workspace(tmp_path / "ws", db_url, 5)
    close_bound_database()
    runner = Runner(ws, db_url, capsys)
    strategy, feed = entry_points(runner)[entry]
    examples = 20 if db_url.startswith("sqlite") else 6

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        feed(data.draw(strategy))

    fuzz()
    assert runner.runs >= examples


# What the fuzz found, kept: each was an internal error.
FOUND = [
    ("option", (("search", "", "--limit"), "99999999999999999999")),
    ("url", "postgresql:/:\x00@127.0.0.1/x"),  # no "://": a file name holding NUL (Path.resolve raised)
    ("url", "sqlite:///\ud800"),  # an argument's bytes that are not UTF-8 (SQLite could not encode the path)
    ("csv", (["email", "score_bonus"], [["a@b.co", "99999999999999999999"]])),
]


def test_what_the_fuzz_found_stays_fixed(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = make_workspace(tmp_path / "ws", db_url, 5)
    close_bound_database()
    runner = Runner(ws, db_url, capsys)
    points = entry_points(runner)
    for entry, value in FOUND:
        points[entry][1](value)
