"""Saved searches through the command line: save, list, run, delete; a search broken by a status rename is
reported with its name and error, never dropped."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from statustui.cli import main
from tests.cli_runner import Runner, make_runner
from tests.foundation.test_commands import CONTACTS


@pytest.fixture
def run(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Runner:
    assert main(["init", str(tmp_path / "ws"), "--preset", "leadklozer"]) == 0
    capsys.readouterr()
    runner = make_runner(capsys, tmp_path / "ws", db_url)
    (tmp_path / "people.csv").write_text(CONTACTS)
    assert runner("import", "contacts", str(tmp_path / "people.csv")).code == 0
    return runner


def test_save_list_run_delete(run: Runner, tmp_path: Path) -> None:
    saved = run(
        "searches", "save", "Warm ones", "status = warm", "--description", "call today", "--sort", "name desc"
    )
    assert (saved.code, saved.out.strip()) == (0, "saved search 'Warm ones'")
    data = tomllib.loads((tmp_path / "ws" / "searches.toml").read_text())
    assert data == {
        "search": [
            {"name": "Warm ones", "query": "status = warm", "description": "call today", "sort": "name desc"}
        ]
    }
    listed = run("searches", "list")
    assert listed.code == 0
    assert listed.out.strip() == "Warm ones: status = warm order by name desc  - call today"
    result = run("searches", "run", "warm ONES", "--count")
    assert (result.code, result.out.strip()) == (0, "1")
    assert "Cara Diaz" in run("searches", "run", "Warm ones").out
    assert run("searches", "save", "warm ones", "status = HOT").out.strip() == "replaced search 'warm ones'"
    deleted = run("searches", "delete", "WARM ONES")
    assert (deleted.code, deleted.out.strip()) == (0, "deleted search 'warm ones'")
    missing = run("searches", "run", "warm ones")
    assert missing.code == 1 and "no saved search 'warm ones'" in missing.err


def test_a_bad_query_is_not_saved(run: Runner, tmp_path: Path) -> None:
    result = run("searches", "save", "typo", "status = HTO")
    assert result.code == 2
    assert "did you mean HOT?" in result.err
    assert not (tmp_path / "ws" / "searches.toml").exists()


def test_a_rename_rewrites_saved_searches_and_a_stale_name_is_listed_with_its_error(
    run: Runner, tmp_path: Path
) -> None:
    assert run("searches", "save", "Warm ones", "status = WARM").code == 0
    assert run("searches", "save", "Everyone", "").code == 0
    assert run("status", "rename", "WARM", "Lukewarm").code == 0
    listed = run("searches", "list")
    assert listed.code == 0
    assert listed.out.splitlines()[0] == "Warm ones: status = Lukewarm"
    # A search written by hand afterwards with the old name is listed with its error and the new name.
    path = tmp_path / "ws" / "searches.toml"
    data = tomllib.loads(path.read_text())
    path.write_text(tomli_w.dumps({"search": [*data["search"], {"name": "Old", "query": "status = WARM"}]}))
    listed = run("searches", "list")
    assert listed.code == 1
    assert (
        "Old: status = WARM\n  BROKEN: 1:10: unknown status 'WARM' (it was renamed to 'Lukewarm') - did you mean Lukewarm?"
        in listed.out
    )
    assert "Everyone: " in listed.out


def test_a_saved_view_prints_its_own_columns(run: Runner, tmp_path: Path) -> None:
    saved = run(
        "searches",
        "save",
        "Buyers",
        "tagged buyer or status = warm",
        "--columns",
        "name, status, field.budget, tags",
        "--sort",
        "name",
    )
    assert saved.code == 0, saved.err
    data = tomllib.loads((tmp_path / "ws" / "searches.toml").read_text())
    assert data["search"][0]["columns"] == ["name", "status", "field.budget", "tags"]
    lines = run("searches", "run", "buyers").out.splitlines()
    assert lines[0].split() == ["NAME", "STATUS", "BUDGET", "TAGS"]
    assert lines[1].split() == ["Ann", "Lee", "HOT", "750000", "buyer,", "vip"]
    assert lines[2].split() == ["Cara", "Diaz", "WARM", "seller"]
    assert len(lines) == 3


def test_an_unknown_column_is_not_saved(run: Runner, tmp_path: Path) -> None:
    result = run("searches", "save", "Buyers", "tagged buyer", "--columns", "name,field.budgte")
    assert result.code == 2
    assert "unknown column 'field.budgte' - did you mean field.budget?" in result.err
    assert not (tmp_path / "ws" / "searches.toml").exists()
