"""Broken or outdated workspace files: a `statustui.toml` that is malformed or empty stops every command with
an error naming the file (and changes nothing); `searches.toml` and rule files that are malformed, empty or
name a status that no longer exists are reported by name and line, and the app still opens."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from statustui.services import Service
from tests.reliability.harness import close_bound_database, digest, make_workspace, run_cli


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[[statuses]\nname = ", "statustui.toml"),
        ("", "statustui.toml"),
        ("[workspace]\npreset = 'leadklozer'\n[[statuses]]\nname = 'A'\ncolour = 'red'\n", "colour"),
        ("[[statuses]]\nname = 'A'\ndefault = true\n[[statuses]]\nname = 'a'\n", "statuses"),
    ],
    ids=["malformed", "empty", "unknown key", "duplicate status"],
)
def test_a_broken_statustui_toml_is_a_named_error_and_changes_nothing(
    content: str, says: str, tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = make_workspace(tmp_path / "ws", db_url, 8)
    close_bound_database()
    before = digest(db_url)
    (ws / "statustui.toml").write_text(content, encoding="utf-8")
    for command in (("search", ""), ("set-status", "HOT", "--query", "status = COLD"), ("rules", "run")):
        code, _, err = run_cli(ws, db_url, capsys, *command)
        assert code in (1, 2) and says in err, err
        assert "Traceback" not in err and "internal error" not in err
    assert digest(db_url) == before


def _drop_status(ws: Path, name: str) -> None:
    """Remove a status from statustui.toml by hand, as a person editing the file would."""
    text = (ws / "statustui.toml").read_text(encoding="utf-8")
    text = re.sub(rf'\[\[statuses\]\]\nname = "{name}"\n(?:[a-z_]+ = .*\n)*', "", text)
    text = re.sub(rf'^"{name}" = .*\n', "", text, flags=re.M)  # its score points
    (ws / "statustui.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def outdated(tmp_path: Path, db_url: str) -> Path:
    """Contacts still in WARM after WARM was deleted from statustui.toml by hand; a malformed rule file, an
    empty one and one naming WARM; a searches.toml naming WARM."""
    ws = make_workspace(
        tmp_path / "ws", db_url, 8, 'rule "cool down" on schedule when status = WARM then set status COLD\n'
    )
    close_bound_database()
    _drop_status(ws, "WARM")
    (ws / "rules" / "20-broken.rules").write_text('rule "half" on engagement when\n', encoding="utf-8")
    (ws / "rules" / "30-empty.rules").write_text("", encoding="utf-8")
    (ws / "searches.toml").write_text(
        '[[search]]\nname = "warm ones"\nquery = "status = WARM"\n', encoding="utf-8"
    )
    return ws


def test_outdated_rules_and_searches_are_named_and_commands_still_work(
    outdated: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(outdated, db_url, capsys, "rules", "check")
    assert code == 1
    assert "10-test.rules:1" in err and "WARM" in err
    assert "20-broken.rules:2" in err and "ends too early" in err
    code, out, err = run_cli(outdated, db_url, capsys, "searches", "list")
    assert code == 1 and "warm ones" in out and "BROKEN" in out and "WARM" in out
    code, out, err = run_cli(outdated, db_url, capsys, "search", "", "--count")
    assert code == 0 and out.strip() == "8"  # contacts still in WARM are listed, not lost
    code, out, err = run_cli(outdated, db_url, capsys, "set-status", "HOT", "--email", "p0@example.com")
    assert code == 0, err  # manual work goes on while the rules are stopped


@pytest.mark.parametrize(
    "searches",
    ['[[search]]\nname = "warm ones"\nquery = "status = WARM"\n', "[[search]\nname = ", ""],
    ids=["outdated", "malformed", "empty"],
)
def test_the_app_still_opens_with_broken_rules_and_searches(
    outdated: Path, db_url: str, searches: str
) -> None:
    from statustui.tui.app import StatusApp

    (outdated / "searches.toml").write_text(searches, encoding="utf-8")
    service = Service.open(outdated, db_url, now=1_795_176_000)

    async def open_app() -> None:
        app = StatusApp(service)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running
            assert not app._exception  # noqa: SLF001 - a crash inside the app

    try:
        asyncio.run(open_app())
    finally:
        service.close()
