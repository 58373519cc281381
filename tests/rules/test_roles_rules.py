"""With the grants of docs/deployment.md, a team member's role runs the rules: engagement rules on an import,
a schedule run (temporary tables, skips of person-set statuses) and explain, on PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from statustui.resources import preset_dir
from tests.reliability.harness import run_cli
from tests.reliability.test_roles import roles  # noqa: F401 - the fixture

COOL_ALL = 'rule "Hot cools"\n  on schedule\n  when status = HOT\n  then set status WARM, add tag cooled\n'


def test_a_member_runs_engagement_and_schedule_rules_and_explain(
    roles: tuple[Path, str, str],  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ws, member, _ = roles
    for f in preset_dir("leadklozer").glob("*.rules"):
        shutil.copy(f, ws / "rules" / f.name)
    (ws / "rules" / "30-cool.rules").write_text(COOL_ALL)
    (tmp_path / "events.jsonl").write_text(
        '{"email": "p0@example.com", "channel": "email", "kind": "reply", "at": "2026-11-01T09:30"}\n'
        '{"email": "p1@example.com", "channel": "email", "kind": "reply", "at": "2026-11-01T09:30"}\n'
    )
    for command in (
        ("set-status", "HOT", "--email", "p0@example.com"),
        ("import", "events", str(tmp_path / "events.jsonl")),
        ("set-status", "HOT", "--email", "p2@example.com"),
        ("rules", "run"),
    ):
        code, out, err = run_cli(ws, member, capsys, *command)
        assert code == 0, (command, out + err)
    code, out, err = run_cli(ws, member, capsys, "rules", "explain", "p0@example.com")
    out += err
    assert code == 0, out
    assert "kept HOT" in out and "First engagement makes a contact NEW" in out and "Hot cools" in out
    code, out, err = run_cli(ws, member, capsys, "search", "tagged cooled", "--format", "csv")
    out += err
    assert code == 0 and "p0@example.com" in out and "p2@example.com" in out
