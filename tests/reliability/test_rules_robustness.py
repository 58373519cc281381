"""Rule files that are wrong, unreadable or cyclic: every mistake is listed, manual work goes on, and a cycle
is one line however many contacts it stopped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.harness import NOW, close_bound_database, make_workspace, run_cli

CYCLE = (
    'rule "cool" on status change to HOT then set status COLD override manual\n'
    'rule "heat" on status change to COLD then set status HOT override manual\n'
)


def test_a_cycle_among_the_rules_is_one_summary_line(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    ws = make_workspace(tmp_path / "ws", db_url, 40, CYCLE)
    close_bound_database()
    code, out, err = run_cli(ws, db_url, capsys, "set-status", "HOT", "--query", "status != HOT")
    assert code == 0, err
    lines = [r.getMessage() for r in caplog.records if "deeper than" in r.getMessage()]  # stderr, in a shell
    assert len(lines) == 1 and "for 30 contacts" in lines[0] and "cycle" in lines[0], lines
    assert "HOT -> COLD -> HOT" in lines[0]


def test_rules_check_lists_every_mistake_of_a_rule(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = make_workspace(
        tmp_path / "ws",
        db_url,
        0,
        'rule "many" on engagement fax when status = HTO and tagged x and name > 2\n'
        "  then set status WARMM, add tag y\n"
        'rule "fine" on schedule when score > 1 then add tag z\n',
    )
    close_bound_database()
    code, _, err = run_cli(ws, db_url, capsys, "rules", "check")
    assert code == 1
    first = (ws / "rules" / "10-test.rules").read_text(encoding="utf-8").splitlines()[0]
    for where, says in [
        (f"1:{first.index('fax') + 1}:", "unknown channel or kind 'fax'"),
        (f"1:{first.index('HTO') + 1}:", "unknown status 'HTO'"),
        (f"1:{first.index('2') + 1}:", "name compares with"),
        ("2:19:", "unknown status 'WARMM'"),
    ]:
        assert f"10-test.rules:{where} {says}" in err, (where, err)
    assert "4 errors" in err


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder anyone may enter (root reads every folder: the command runs as `nobody` then)."""
    path = Path(tempfile.mkdtemp(prefix="statustui-rules-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_an_unreadable_rules_folder_stops_only_the_automatic_rules(open_folder: Path) -> None:
    ws = open_folder / "ws"
    url = f"sqlite:///{ws / 'statustui.db'}"
    make_workspace(ws, url, 3, CYCLE)
    close_bound_database()
    for path in [ws, *ws.iterdir()]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    (ws / "rules").chmod(0o000)
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "statustui", "-w", str(ws), "--database", url, "--now", NOW, *args]
        return subprocess.run([*as_nobody, *command], capture_output=True, text=True, timeout=120)

    done = cli("set-status", "COLD", "--email", "p1@example.com")
    assert done.returncode == 0 and "1 contact now COLD" in done.stdout, done.stderr
    assert "automatic rules are stopped" in done.stderr, done.stderr
    done = cli("rules", "check")
    assert done.returncode == 1 and "cannot read the rules folder" in done.stderr, done.stderr
    (ws / "rules").chmod(0o777)
