"""Accepted means usable: a time is checked against the documented range (years 1900-2200, in any time zone)
where it enters, so every later command works with it. Before, an event at `9999-12-31T23:59:59-01:00`
imported and then broke every export, history and `search --format json` ("year 10000 is out of range")."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.reliability.harness import close_bound_database, make_workspace, run_cli

_serial = itertools.count()


@pytest.fixture
def workspace(tmp_path: Path, db_url: str) -> Path:
    ws = make_workspace(tmp_path / "ws", db_url, 2)
    close_bound_database()
    return ws


def _later_commands(tmp: Path, email: str) -> list[tuple[str, ...]]:
    return [
        ("search", "", "--format", "json"),
        ("search", "", "--format", "csv"),
        ("search", "created within 300y or last_engaged within 300y"),
        ("history", email),
        ("export", "", "-o", str(tmp / "out.json")),
        ("export", "", "-o", str(tmp / "out.csv")),
        ("report",),
        ("report", "--since", "1900-01-01"),
        ("rules", "explain", email),
    ]


local_times = st.builds(
    lambda d, minutes: datetime(
        d.year, d.month, d.day, d.hour, d.minute, tzinfo=timezone(timedelta(minutes=minutes))
    ),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(-(24 * 60 - 1), 24 * 60 - 1),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=local_times)
@example(at=datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-1))))
@example(at=datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=1))))
@example(at=datetime(1900, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=14))))
@example(at=datetime(2200, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12))))
@example(at=datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC))
def test_a_time_is_refused_where_it_enters_or_works_everywhere_after(
    at: datetime, workspace: Path, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """import contacts (created_at) and events (at) -> search, export, history, report, explain."""
    email = f"t{next(_serial)}@example.com"
    stamp = at.isoformat()
    (tmp_path / "c.csv").write_text(f"email,name,created_at\n{email},T,{stamp}\n", encoding="utf-8")
    event = {"email": email, "channel": "email", "kind": "reply", "at": stamp}
    (tmp_path / "e.jsonl").write_text(json.dumps(event) + "\n", encoding="utf-8")
    in_range = 1900 <= at.year <= 2200
    code, _, err = run_cli(workspace, db_url, capsys, "import", "contacts", str(tmp_path / "c.csv"))
    assert (code == 0) == in_range, err
    if not in_range:
        assert "row 2, column created_at" in err and "1900-2200" in err, err
        return
    code, _, err = run_cli(workspace, db_url, capsys, "import", "events", str(tmp_path / "e.jsonl"))
    assert (code == 0) == (at.timestamp() > 0), err
    if code:
        assert "line 1, field at" in err and "1970" in err, err
    for command in _later_commands(tmp_path, email):
        code, _, err = run_cli(workspace, db_url, capsys, *command)
        assert code == 0, (command, err)
    assert not (tmp_path / "out.json.part").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--now", "9999-12-31T23:59-01:00", "search", ""), "--now"),
        (("--now", "1899-12-31", "search", ""), "--now"),
        (("report", "--since", "0001-01-01T00:00+01:00"), "--since"),
        (("search", "created between 9999-12-31 and 9999-12-31"), "1:17"),
        (("status", "add", "Slow", "--follow-up", "99999999999999999999999d"), "--follow-up"),
        (("status", "add", "Slow", "--follow-up", "301y"), "--follow-up"),
    ],
)
def test_out_of_range_times_and_durations_are_refused_at_the_option(
    args: tuple[str, ...], says: str, workspace: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code, _, err = run_cli(workspace, db_url, capsys, *args)
    except SystemExit as e:  # argparse refuses a bad --now itself
        code, err = e.code, capsys.readouterr().err
    assert code == 2 and says in err, err
    assert "internal error" not in err
    code, _, err = run_cli(workspace, db_url, capsys, "search", "overdue")
    assert code == 0, err
