"""`status rename|merge|delete` carry through to the rule files, scenarios and saved searches naming the
status: rewritten token by token (comments and layout kept), the diff printed, `--dry-run` writing nothing,
a file that does not parse refusing the change."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from statustui.config import load_config
from tests.rules.helpers import Workspace, make_workspace

PRESETS = ["leadklozer", "kvcore", "salesmanago", "conversica", "benchmarkone"]

HAND_WRITTEN = """\
# my rules: comments, odd spacing and the key form stay as written
rule "Warm up"   # after the name
  on status change from   WARM to hot
  when status in (WARM,COLD) and status was in ( NEW , HOT ) within 7d
  then set status "HOT", add tag warmed

rule Cool
  on schedule
  when status = hot and not status changed to HOT by person within 3d
  then set status WARM
"""

SEARCHES = """\
# saved by hand
[[search]]
name = "hot"
query = 'status in (HOT, WARM) order by score desc'  # the one I use

[[search]]
name = "plain"
query = "status = \\"COLD\\""
"""


@pytest.fixture
def ws(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Workspace:
    ws = make_workspace(tmp_path, db_url, capsys, "leadklozer")
    (ws.path / "rules" / "50-mine.rules").write_text(HAND_WRITTEN)
    (ws.path / "searches.toml").write_text(SEARCHES)
    ws.contacts("email,status\nann@example.com,HOT\nbob@example.com,WARM\n")
    return ws


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith((".db", ".db-wal", ".db-shm"))
    }


def test_rename_rewrites_only_the_name_tokens(ws: Workspace) -> None:
    result = ws.ok("status", "rename", "HOT", "Very Hot")
    assert '-  then set status "HOT", add tag warmed\n' in result.out
    assert '+  then set status "Very Hot", add tag warmed\n' in result.out
    assert "renamed HOT to Very Hot (1 contacts)" in result.out
    assert (ws.path / "rules" / "50-mine.rules").read_text() == HAND_WRITTEN.replace(
        "from   WARM to hot", "from   WARM to very_hot"
    ).replace("( NEW , HOT )", '( NEW , "Very Hot" )').replace('"HOT", add', '"Very Hot", add').replace(
        "status = hot and", "status = very_hot and"
    ).replace("changed to HOT by", 'changed to "Very Hot" by')
    assert (ws.path / "searches.toml").read_text() == SEARCHES.replace("(HOT, WARM)", '("Very Hot", WARM)')
    assert ws.ok("rules", "check").out.startswith("5 rules in 3 files: all valid")
    assert ws.status("ann@example.com") == "Very Hot"
    assert "ann@example.com" in ws.ok("searches", "run", "hot").out


def test_dry_run_prints_the_diff_and_changes_nothing(ws: Workspace) -> None:
    before = digest(ws.path)
    result = ws.ok("status", "rename", "WARM", "Lukewarm", "--dry-run")
    assert "+  on status change from   Lukewarm to hot" in result.out
    assert "would rewrite the files naming it: 50-mine.rules, searches.toml" in result.out
    assert "nothing was changed" in result.out
    merged = ws.ok("status", "merge", "WARM", "HOT", "--dry-run")
    assert "would move 1 contacts from WARM to HOT" in merged.out
    assert digest(ws.path) == before
    assert ws.status("bob@example.com") == "WARM"
    assert [s.name for s in load_config(ws.path / "statustui.toml").statuses][2] == "WARM"


def test_a_rule_file_that_does_not_parse_refuses_the_rename(ws: Workspace) -> None:
    (ws.path / "rules" / "60-broken.rules").write_text('rule "Half"\n  on engagement\n  then set\n')
    before = digest(ws.path)
    result = ws.run("status", "rename", "HOT", "Blazing")
    assert result.code == 2
    assert "60-broken.rules does not parse" in result.err and "nothing was changed" in result.err
    assert digest(ws.path) == before
    assert ws.status("ann@example.com") == "HOT"


def test_merge_names_the_target_and_drops_a_duplicate_from_lists(ws: Workspace) -> None:
    result = ws.ok("status", "merge", "WARM", "HOT")
    assert "merged WARM into HOT: 1 contacts moved" in result.out
    text = (ws.path / "rules" / "50-mine.rules").read_text()
    assert "on status change from   HOT to hot" in text
    assert "when status in (HOT,COLD) and status was in ( NEW , HOT ) within 7d" in text
    assert "  then set status HOT\n" in text
    assert (ws.path / "searches.toml").read_text() == SEARCHES.replace("(HOT, WARM)", "(HOT)")
    assert ws.ok("rules", "check").out.startswith("5 rules in 3 files")
    # ARCHIVE's rule and the preset's other rules were not touched.
    assert (ws.path / "rules" / "20-archive.rules").read_bytes() == (
        Path(__file__).parents[2] / "rules" / "leadklozer" / "20-archive.rules"
    ).read_bytes()


def test_delete_drops_an_unused_status_from_lists_and_refuses_a_rule_that_sets_it(ws: Workspace) -> None:
    ws.ok("status", "add", "Lost")
    (ws.path / "rules" / "70-lost.rules").write_text(
        "rule Gone\n  on schedule\n  when status in (COLD, Lost)  # either\n  then add tag gone\n"
    )
    ws.ok("status", "delete", "Lost")
    assert (ws.path / "rules" / "70-lost.rules").read_text() == (
        "rule Gone\n  on schedule\n  when status in (COLD)  # either\n  then add tag gone\n"
    )
    ws.ok("status", "add", "Lost")
    (ws.path / "rules" / "70-lost.rules").write_text("rule Gone\n  on schedule\n  then set status Lost\n")
    result = ws.run("status", "delete", "Lost")
    assert result.code == 2 and "70-lost.rules:3:19: names status 'Lost'" in result.err
    assert ws.ok("status", "list").out.count("Lost") == 1


def test_rules_check_suggests_a_renamed_status_by_its_new_name(ws: Workspace) -> None:
    ws.ok("status", "rename", "HOT", "Blazing")
    (ws.path / "rules" / "80-late.rules").write_text(
        "rule Late\n  on schedule\n  when status = HOT\n  then stop\n"
    )
    result = ws.run("rules", "check")
    assert result.code == 1
    assert (
        "80-late.rules:3:17: unknown status 'HOT' (it was renamed to 'Blazing') - did you mean Blazing?"
        in (result.err)
    )


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_scenario_passes_after_renaming_each_status(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str], preset: str
) -> None:
    ws = make_workspace(tmp_path, db_url, capsys, preset)
    before = digest(ws.path / "rules")
    names = [s.name for s in load_config(ws.path / "statustui.toml").statuses]
    for i, name in enumerate(names):
        ws.ok("status", "rename", name, f"Renamed{i}")
    result = ws.ok("rules", "test")
    assert "0 failed" in result.out and "FAIL" not in result.out
    assert ws.ok("rules", "check").out.endswith("all valid\n")
    # Renaming back gives every file byte for byte.
    for i, name in enumerate(names):
        ws.ok("status", "rename", f"Renamed{i}", name)
    assert digest(ws.path / "rules") == before
