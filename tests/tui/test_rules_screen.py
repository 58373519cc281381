"""The rules view: rules with file, trigger and dry-run count; errors re-read from disk; running schedule rules."""

from __future__ import annotations

from helpers import app_test, settle, shown, wait_until
from textual.widgets import DataTable

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.rules_screen import RulesScreen

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
        assert rows["Hot leads cool off"][1:] == ["30-cool.rules", "on schedule", str(hot)]
        assert rows["Archive unsubscribes"][2] == "on status change to ARCHIVE"
        await pilot.press("x", "y")
        await settle(pilot)
        assert service.status_counts()["HOT"] == 0
        rows = {row[0]: row for row in table_rows(app)}
        assert rows["Hot leads cool off"][3] == "0"


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
