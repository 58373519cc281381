"""`statustui report [--since]`, `statustui score recompute` and set-status refusing TOP, as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from statustui.services import Service
from tests.cli_runner import Runner, make_runner


@pytest.fixture
def run(
    service: Service,
    tmp_path: Path,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Runner:
    monkeypatch.setenv("COLUMNS", "80")
    service.close()
    return make_runner(capsys, tmp_path / "ws", db_url, now="2026-09-21T14:13:20Z")


def test_report_prints_every_chart_within_80_columns(run: Runner) -> None:
    result = run("report")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    for title in (
        "Contacts per status now",
        "Status changes per week",
        "Conversion funnel by status type",
        "Average time in each status",
        "Who made the changes",
    ):
        assert any(line.startswith(title) for line in lines)
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("  2026-08-31 ") and line.endswith(" 3") for line in lines)
    assert any(line.startswith("  reached won ") and line.endswith("1 (20%)") for line in lines)
    assert any(line.startswith("  Active Lead ") and line.endswith("10d 12h (2)") for line in lines)
    assert any(line.startswith("  rule 'won deal' ") and line.endswith(" 1") for line in lines)


def test_report_since_a_date_and_a_bad_date(run: Runner) -> None:
    result = run("report", "--since", "2026-09-14")
    assert result.code == 0, result.err
    assert "Status changes per week since 2026-09-14" in result.out
    assert "2026-08-31" not in result.out
    bad = run("report", "--since", "last tuesday")
    assert bad.code == 2
    assert "--since" in bad.err and "ISO 8601" in bad.err


def test_score_recompute_and_top_refused(run: Runner) -> None:
    result = run("score", "recompute")
    assert (result.code, result.out) == (0, "5 scores recomputed\n")
    refused = run("set-status", "TOP 10%", "--email", "a@x.io")
    assert refused.code == 1
    assert "computed from the Smart Score" in refused.err
