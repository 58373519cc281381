"""The rules view: rules with file, trigger and dry-run count; errors re-read from disk; running schedule rules."""

from __future__ import annotations

import shutil

import pytest
from helpers import app_test, settle, shown, wait_until
from textual.widgets import DataTable

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.rules_screen import RulesScreen, editor_command

COOL_OFF = 'rule "Hot leads cool off"\n  on schedule\n  when status = HOT\n  then set status WARM\n'


def table_rows(app: StatusApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [
        [str(getattr(cell, "plain", cell)) for cell in table.get_row_at(i)] for i in range(table.row_count)
    ]


@app_test
async def test_rules_view_shows_dry_run_counts_and_runs_schedule_rules(service: Service) -> None:
    (service.workspace.rules_dir / "30-cool.rules").write_text(COOL_OFF)
    hot = service.status_counts()["HOT"]
    app = StatusApp(service)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RulesScreen)
        rows = {row[0]: row for row in table_rows(app)}
        assert rows["Hot leads cool off"][1:] == ["30-cool.rules", "on schedule", "0", str(hot)]
        assert rows["Archive unsubscribes"][2:] == ["on status change to ARCHIVE", "0", ""]  # acts on events
        await pilot.press("x", "y")
        await settle(pilot)
        assert service.status_counts()["HOT"] == 0
        rows = {row[0]: row for row in table_rows(app)}
        assert rows["Hot leads cool off"][3:] == [str(hot), "0"]  # changed in the last 30 days; none left
        await pilot.press("u")  # the undo reaches the rules view: the run's changes are gone again
        await wait_until(pilot, lambda: table_rows(app)[-1][3:] == ["0", str(hot)])
        assert {row[0]: row for row in table_rows(app)}["Hot leads cool off"][3:] == ["0", str(hot)]


@app_test
async def test_the_highlighted_rule_shows_its_whole_text(service: Service) -> None:
    (service.workspace.rules_dir / "30-cool.rules").write_text("# cooling\n\n" + COOL_OFF + "\n# the end\n")
    app = StatusApp(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert shown(app, "#rule-place") == "30-cool.rules:3"
        assert shown(app, "#rule-source") == COOL_OFF.rstrip()
        assert [row[1:] for row in table_rows(app)][-1] == ["0", str(service.status_counts()["HOT"])]


def test_e_uses_visual_then_editor_then_nano_if_present_else_vi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "code --wait")
    monkeypatch.setenv("EDITOR", "emacs")
    assert editor_command() == (["code", "--wait"], "code ($VISUAL)")
    monkeypatch.setenv("VISUAL", "")
    assert editor_command() == (["emacs"], "emacs ($EDITOR)")
    monkeypatch.delenv("EDITOR")
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/nano" if name == "nano" else None)
    assert editor_command() == (["nano"], "nano ($VISUAL and $EDITOR are not set)")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert editor_command()[0] == ["vi"]


@app_test
async def test_a_broken_rule_file_shows_its_error_at_once_with_file_line_and_caret(service: Service) -> None:
    app = StatusApp(service, poll_seconds=0.1)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        (service.workspace.rules_dir / "40-bad.rules").write_text(
            'rule "Broken"\n  on schedule\n  when status = HTO\n  then set status WARM\n'
        )
        await wait_until(pilot, lambda: "40-bad.rules" in shown(app, "#rules-errors"))
        errors = shown(app, "#rules-errors")
        assert "40-bad.rules:3:" in errors and "HTO" in errors and "^" in errors
        assert "stopped" in shown(app, "#rules-summary")
        await pilot.press("escape")
        assert "automatic rules are stopped" in shown(app, "#rules-warning")


@app_test
async def test_leaving_the_rules_view_during_its_dry_run_is_harmless(service: Service) -> None:
    (service.workspace.rules_dir / "30-cool.rules").write_text(COOL_OFF)
    app = StatusApp(service)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r", "escape")
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, RulesScreen)
