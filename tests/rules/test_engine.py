"""The engine's semantics through the command line, on SQLite and PostgreSQL: a broken rule file stops
automatic rules but not manual work; a cascade loop is cut, undone for that contact and reported; schedule
rules run set-based with a dry run and undo; `stop`, order and `override manual`."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.rules.helpers import Workspace, make_workspace


@pytest.fixture
def ws(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Workspace:
    """A leadklozer workspace with its own rule files replaced by the test's."""
    workspace = make_workspace(tmp_path, db_url, capsys, "leadklozer")
    for f in (workspace.path / "rules").glob("*.rules"):
        f.unlink()
    return workspace


def rules(ws: Workspace, name: str, text: str) -> None:
    (ws.path / "rules" / name).write_text(text)


def test_a_broken_rule_file_is_reported_and_stops_automatic_rules_only(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = make_workspace(tmp_path, db_url, capsys, "leadklozer")  # with the preset's engagement rules
    rules(
        ws,
        "30-broken.rules",
        'rule "Typo"\n  on engagement\n  when status = HTO\n  then set status HOT\n\n'
        'rule "Another"\n  on schedule\n  then set status WRAM\n',
    )
    check = ws.run("rules", "check")
    assert check.code == 1
    lines = check.err.splitlines()
    assert (
        lines[0].startswith("30-broken.rules:3:17: unknown status 'HTO'") and "did you mean HOT" in lines[0]
    )
    assert lines[1].strip() == "when status = HTO"
    assert lines[2].index("^") == lines[1].index("HTO")
    assert "30-broken.rules:8:19: unknown status 'WRAM' - did you mean WARM?" in check.err  # every error
    assert "automatic rules are stopped: 2 errors" in check.err

    ws.contacts("email,created_at\nann@example.com,2026-01-05\nbob@example.com,2026-01-05\n")
    ws.ok("set-status", "WARM", "--email", "bob@example.com")  # manual work goes on
    assert ws.status("bob@example.com") == "WARM"
    stopped = ws.run("rules", "run")
    assert stopped.code == 1 and "automatic rules are stopped" in stopped.err
    # No event left behind: an events import refuses rather than store events its rules never see.
    (ws.path / "ev.jsonl").write_text(
        '{"email": "ann@example.com", "channel": "facebook", "kind": "like", "at": "2026-02-01T10:00"}\n'
    )
    refused = ws.run("import", "events", str(ws.path / "ev.jsonl"))
    assert refused.code == 2
    assert "30-broken.rules:3:17: unknown status 'HTO'" in refused.err and "--without-rules" in refused.err
    assert ws.contact("ann@example.com")["last_engaged_at"] is None
    pending = ws.ok("import", "events", str(ws.path / "ev.jsonl"), "--without-rules")
    assert "1 marked pending" in pending.out
    assert ws.status("ann@example.com") == "NEUTRAL"  # the first-engagement rule did not run
    assert ws.contact("ann@example.com")["last_engaged_at"] is not None  # the engagement itself was recorded

    (ws.path / "rules" / "30-broken.rules").unlink()
    assert ws.run("rules", "check").code == 0
    applied = ws.ok("rules", "run", "--pending")
    assert "1 pending engagements: 1 status changes" in applied.out
    assert (
        "2026-02-01 10:00" in ws.history("ann@example.com")[-1]
        and "NEUTRAL -> NEW" in ws.history("ann@example.com")[-1]
    )
    assert "no pending engagements" in ws.ok("rules", "run", "--pending").out


def test_a_cascade_loop_is_cut_undone_for_that_contact_and_reported(
    ws: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    rules(
        ws,
        "10-loop.rules",
        """
rule "Warm heats up"
  on status change to WARM
  then set status HOT, add tag looped
  override manual

rule "Hot cools down"
  on status change to HOT
  then set status WARM
  override manual
""",
    )
    ws.contacts("email,created_at\nann@example.com,2026-01-05\nbob@example.com,2026-01-05\n")
    with caplog.at_level(logging.ERROR, logger="statustui.rules"):
        ws.ok("set-status", "WARM", "--email", "ann@example.com")
    assert "deeper than 10" in caplog.text and f"#{ws.contact('ann@example.com')['id']}" in caplog.text
    ann = ws.contact("ann@example.com")
    assert ann["status"] == "WARM" and ann["tags"] == []  # as the person left it
    assert [line.split(" by ")[-1] for line in ws.history("ann@example.com")] == ["default", "you"]
    ws.ok("set-status", "COLD", "--email", "bob@example.com")  # no loop from COLD: nothing cut
    assert ws.status("bob@example.com") == "COLD"


def test_order_stop_noop_and_override_manual(ws: Workspace) -> None:
    rules(
        ws,
        "10-first.rules",
        """
rule "Calls make HOT"
  on engagement phone call
  then set status HOT, add tag caller

rule "VIPs stop here"
  on engagement phone
  when tagged vip
  then stop

rule "Hot callers get points"
  on engagement phone
  when status = HOT and tagged caller
  then add score 7
""",
    )
    rules(
        ws,
        "20-second.rules",
        """
rule "Entering HOT is noted"
  on status change to HOT
  then add tag heated

rule "Purchases always make WARM"
  on engagement purchase
  then set status WARM
  override manual
""",
    )
    ws.contacts(
        "email,created_at,tags\nann@example.com,2026-01-05,\nvip@example.com,2026-01-05,vip\n"
        "pat@example.com,2026-01-05,\n"
    )
    ws.ok("set-status", "COLD", "--email", "pat@example.com", now="2026-01-06T09:00Z")
    ws.events(
        {"email": "ann@example.com", "channel": "phone", "kind": "call", "at": "2026-02-01T10:00"},
        {"email": "ann@example.com", "channel": "phone", "kind": "call", "at": "2026-02-02T10:00"},
        {"email": "vip@example.com", "channel": "phone", "kind": "call", "at": "2026-02-01T10:00"},
        {"email": "pat@example.com", "channel": "phone", "kind": "call", "at": "2026-02-01T10:00"},
    )
    ann = ws.contact("ann@example.com")
    assert ann["status"] == "HOT" and sorted(ann["tags"]) == ["caller", "heated"]
    # HOT only once in the history: the second call's `set status HOT` changed nothing and triggered nothing.
    assert sum("-> HOT" in line for line in ws.history("ann@example.com")) == 1
    vip = ws.contact("vip@example.com")
    assert vip["status"] == "HOT" and sorted(vip["tags"]) == ["caller", "heated", "vip"]
    assert vip["score"] < ann["score"]  # `stop` kept "Hot callers get points" from running for the VIP
    assert ws.status("pat@example.com") == "COLD"  # set by a person: kept
    assert "caller" in ws.contact("pat@example.com")["tags"]  # other actions still apply
    ws.events(
        {"email": "pat@example.com", "channel": "website", "kind": "purchase", "at": "2026-02-03T10:00"}
    )
    assert ws.status("pat@example.com") == "WARM"  # `override manual`


COOL_OFF = """
rule "Hot leads cool off"
  on schedule
  when status = HOT and not engaged within 30d
  then set status WARM, add tag cooled
"""


def test_schedule_rules_dry_run_run_and_undo(ws: Workspace) -> None:
    rules(ws, "10-schedule.rules", COOL_OFF)
    ws.contacts(
        "email,status,created_at\nann@example.com,HOT,2026-01-05\nbob@example.com,HOT,2026-01-05\n"
        "cara@example.com,,2026-01-05\nnew@example.com,NEW,2026-01-05\n"
    )
    ws.ok("set-status", "HOT", "--email", "cara@example.com", now="2026-01-06T09:00Z")
    ws.events({"email": "bob@example.com", "channel": "email", "kind": "reply", "at": "2026-11-15T10:00"})
    dry = ws.ok("rules", "run", "--dry-run")
    assert "Hot leads cool off: 2 contacts match" in dry.out
    assert "1 would change from HOT to WARM, e.g. ann@example.com" in dry.out
    assert "1 kept their status: set by a person" in dry.out
    assert "nothing was changed" in dry.out
    assert ws.status("ann@example.com") == "HOT" and ws.contact("ann@example.com")["tags"] == []

    run = ws.ok("rules", "run")
    assert "1 changed from HOT to WARM" in run.out
    ann = ws.contact("ann@example.com")
    assert ann["status"] == "WARM" and ann["tags"] == ["cooled"]
    assert "by rule 'Hot leads cool off'" in ws.history("ann@example.com")[-1]
    assert ws.status("bob@example.com") == "HOT"  # engaged 5 days ago
    assert ws.status("cara@example.com") == "HOT"  # set by a person
    explained = ws.ok("rules", "explain", "cara@example.com").out
    assert "Hot leads cool off" in explained and "would have set WARM" in explained
    assert "yes  status = HOT" in explained

    ws.ok("undo")
    assert ws.status("ann@example.com") == "HOT"
    again = ws.ok("rules", "run")
    assert "1 changed from HOT to WARM" in again.out


def test_rules_list_and_explain(ws: Workspace) -> None:
    rules(ws, "10-schedule.rules", COOL_OFF)
    rules(ws, "05-first.rules", "rule first\n  on create\n  then add tag fresh\n")
    listed = ws.ok("rules", "list").out.splitlines()
    assert listed[0].startswith("05-first.rules:1  first  [on create]")
    assert listed[1].startswith("10-schedule.rules:2  Hot leads cool off  [on schedule]")
    ws.contacts("email,status,created_at\nann@example.com,HOT,2026-01-05\n")
    assert ws.contact("ann@example.com")["tags"] == ["fresh"]  # `on create` ran on import
    out = ws.ok("rules", "explain", "ann@example.com").out
    assert "Hot leads cool off  [on schedule]: matches now" in out
    assert "yes  not engaged within 30d" in out
    assert "started as HOT" in out and "by import" in out


SCENARIO = """
description = "HOT without engagement for 30 days cools off; undo brings it back"
start = "2026-03-02T09:00"

[[contacts]]
email = "ann@example.com"
status = "HOT"

[[timeline]]
at = "2026-04-15T09:00"
run_rules = true

[[expect]]
email = "ann@example.com"
status = "WARM"
tags = ["cooled"]
history = ["import", "rule:Hot leads cool off"]
"""


def test_rules_test_replays_scenarios_and_reports_failures(ws: Workspace) -> None:
    for f in (ws.path / "rules").glob("*.scenario.toml"):
        f.unlink()
    rules(ws, "10-schedule.rules", COOL_OFF)
    rules(ws, "cool.scenario.toml", SCENARIO)
    # Undo reverts the run exactly (the status, and the tag the rule added) and is itself in the history.
    undone = (
        SCENARIO.replace(
            "run_rules = true", 'run_rules = true\n\n[[timeline]]\nat = "2026-04-15T10:00"\nundo = true'
        )
        .replace('status = "WARM"', 'status = "HOT"')
        .replace('tags = ["cooled"]', "tags = []")
        .replace('"rule:Hot leads cool off"]', '"rule:Hot leads cool off", "person"]')
    )
    rules(ws, "undo.scenario.toml", undone)
    passed = ws.ok("rules", "test")
    assert "ok    cool.scenario.toml" in passed.out and "2 passed, 0 failed" in passed.out

    rules(ws, "wrong.scenario.toml", SCENARIO.replace('status = "WARM"', 'status = "COLD"'))
    failed = ws.run("rules", "test")
    assert failed.code == 1
    assert "FAIL  wrong.scenario.toml" in failed.out
    assert "ann@example.com: status is WARM, expected COLD" in failed.out
