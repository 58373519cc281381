"""`status changed by rule "NAME"` names a rule that the rule files have or the history records; any other
name is an error with a did-you-mean, never a silently empty result."""

from __future__ import annotations

from pathlib import Path

from statustui.store.db import open_database
from statustui.store.models import StatusChange
from tests.cli_runner import Runner
from tests.language.test_searches import run  # noqa: F401 - the fixture: a leadklozer workspace with contacts


def test_an_unknown_rule_name_is_an_error_with_a_suggestion(run: Runner) -> None:  # noqa: F811
    result = run("search", 'status changed by rule "Archive unsubscribe"', "--count")
    assert result.code == 2
    assert "unknown rule 'Archive unsubscribe' - did you mean Archive unsubscribes?" in result.err
    assert run("search", 'status changed by rule "archive UNSUBSCRIBES"', "--count").out.strip() == "0"


def test_a_deleted_rule_the_history_records_is_known(run: Runner, tmp_path: Path, db_url: str) -> None:  # noqa: F811
    (tmp_path / "ws" / "rules" / "20-archive.rules").unlink()
    assert run("search", 'status changed by rule "Archive unsubscribes"', "--count").code == 2
    db = open_database(db_url, base_dir=tmp_path / "ws")
    StatusChange.create(
        contact=1,
        at=0,
        old_status="HOT",
        new_status="ARCHIVE",
        actor="rule",
        actor_name="Archive unsubscribes",
    )
    db.close()
    result = run("search", 'status changed by rule "Archive unsubscribes"', "--count")
    assert (result.code, result.out.strip()) == (0, "1")


def test_a_rule_condition_may_name_a_rule_of_another_file(run: Runner, tmp_path: Path) -> None:  # noqa: F811
    rules = tmp_path / "ws" / "rules"
    (rules / "30-follow.rules").write_text(
        'rule "Flag archived by rule"\n  on status change to ARCHIVE\n'
        '  when status changed by rule "Archive unsubscribes" within 1d\n  then add tag auto_archived\n'
    )
    assert run("rules", "check").code == 0
    (rules / "30-follow.rules").write_text(
        'rule "Flag archived by rule"\n  on status change to ARCHIVE\n'
        '  when status changed by rule "Archive unsubscribe" within 1d\n  then add tag auto_archived\n'
    )
    result = run("rules", "check")
    assert result.code != 0
    assert "did you mean Archive unsubscribes?" in result.out + result.err
