"""Nothing lost: a real `python -m statustui` child is SIGKILLed in the middle of an import, a bulk status
change and a rules run, on SQLite and PostgreSQL. The database is then exactly as before or exactly as after
(a digest of every table), and the same command still runs to completion afterwards.

Two kill moments: while the child holds the write lock (the transaction is half done), and the moment the
child lets the lock go while still running (a change committed in more than one transaction would be half
done there).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.harness import (
    KillMoment,
    WriteLockProbe,
    between_writes,
    cli_command,
    close_bound_database,
    contacts_csv,
    digest,
    events_jsonl,
    kill_at,
    make_workspace,
    start_cli,
    while_writing,
)

CONTACTS = 2000


@dataclass(frozen=True)
class Operation:
    rules: str
    args: Callable[[Path], list[str]]


OPERATIONS = {
    # 2,000 contacts updated (new status: history rows) and 4,000 created, tags and fields merged, and an
    # `on create` rule for the new ones.
    "import contacts": Operation(
        'rule "new contacts are tagged" on create then add tag fresh\n',
        lambda tmp: [
            "import",
            "contacts",
            str(contacts_csv(tmp / "more.csv", 6_000, ("HOT", "COLD", "WARM"))),
        ],
    ),
    # 6,000 engagements through engagement rules (first reply: NEW, second: NEUTRAL).
    "import events": Operation(
        'rule "first" on engagement when engaged exactly 1 times then set status NEW, add tag engaged\n'
        'rule "second" on engagement when status = NEW and engaged at least 2 times then set status NEUTRAL\n',
        lambda tmp: ["import", "events", str(events_jsonl(tmp / "events.jsonl", CONTACTS, 3))],
    ),
    # A bulk status change whose `on status change` rule tags every contact it moved.
    "bulk set-status": Operation(
        'rule "cold leads are tagged" on status change to COLD then add tag went_cold\n',
        lambda tmp: ["set-status", "COLD", "--query", "status in (NEUTRAL, WARM, HOT)"],
    ),
    # A schedule run: two rules, status changes with history, tags and score bonus.
    "rules run": Operation(
        'rule "warm go cold" on schedule when status = WARM then set status COLD, add tag cooled\n'
        'rule "hot get points" on schedule when status = HOT then add score 5, add tag hot_bonus\n',
        lambda tmp: ["rules", "run"],
    ),
}


def _complete(tmp: Path, url: str, op: Operation) -> dict[str, str]:
    """What the operation gives when nobody kills it: the same setup on an independent database."""
    ws = make_workspace(tmp / "twin-ws", url, CONTACTS, op.rules)
    close_bound_database()
    child = start_cli(ws, url, *op.args(tmp))
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    return digest(url)


@pytest.mark.parametrize("moment", [while_writing, between_writes], ids=["while-writing", "between-writes"])
@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_killed_command_leaves_all_or_nothing(
    name: str, moment: KillMoment, db_url: str, twin_url: str, tmp_path: Path
) -> None:
    op = OPERATIONS[name]
    ws = make_workspace(tmp_path / "ws", db_url, CONTACTS, op.rules)
    close_bound_database()
    before = digest(db_url)
    args = op.args(tmp_path)
    probe = WriteLockProbe(db_url)
    try:
        child = start_cli(ws, db_url, *args, name=probe.child_name)
        killed = kill_at(child, probe, moment)
    finally:
        probe.close()
    if moment is while_writing:
        assert killed, "the child finished before it could be killed mid-write; give it more work"
    crashed = digest(db_url)
    if crashed != before:
        assert crashed == _complete(tmp_path, twin_url, op), f"{name} killed {moment.__name__}: half done"
        return
    # Nothing was left behind (a lock, a staging table) that stops the same command now.
    rerun = subprocess.run(cli_command(ws, db_url, *args), capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
