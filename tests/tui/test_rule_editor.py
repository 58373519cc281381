"""The rule editor inside the app: the caret error as you type, a live dry-run count, atomic saving."""

from __future__ import annotations

from helpers import app_test, settle, shown, wait_until
from test_rules_screen import COOL_OFF

from statustui.services import Service
from statustui.store.models import Contact
from statustui.tui.app import StatusApp
from statustui.tui.prompts import Confirm
from statustui.tui.rule_editor import RuleEditor
from statustui.tui.rules_screen import RulesScreen


async def open_editor(pilot, app: StatusApp) -> RuleEditor:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    await pilot.press("down", "down", "down", "enter")  # the fourth rule: "Hot leads cool off"
    await settle(pilot)
    assert isinstance(app.screen, RuleEditor)
    return app.screen


@app_test
async def test_a_typo_shows_the_caret_error_a_fix_the_live_count_and_saving_changes_file_and_view(
    service: Service,
) -> None:
    path = service.workspace.rules_dir / "30-cool.rules"
    path.write_text(COOL_OFF)
    hot = service.status_counts()["HOT"]
    hot_50 = Contact.select().where((Contact.status == "HOT") & (Contact.score >= 50)).count()
    assert 0 < hot_50 < hot
    app = StatusApp(service)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        await wait_until(pilot, lambda: "would change" in shown(app, "#editor-count"))
        assert shown(app, "#editor-count") == f"Hot leads cool off: would change {hot} contacts now"
        editor.area.cursor_location = (2, len("  when status = HOT"))
        await pilot.press("x")  # HOTx: no such status
        await pilot.pause()
        error = shown(app, "#editor-error").splitlines()
        assert error[0].startswith("30-cool.rules:3:") and "HOTx" in error[0]
        assert error[2].index("^") == error[1].index("HOTx")  # the caret under the mistake
        await pilot.press("backspace", *" and score >= 50")
        await wait_until(pilot, lambda: f"would change {hot_50} contacts" in shown(app, "#editor-count"))
        assert not app.screen.query_one("#editor-error").display
        assert shown(app, "#editor-count") == f"Hot leads cool off: would change {hot_50} contacts now"
        assert path.read_text() == COOL_OFF  # nothing written before ctrl+s
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "when status = HOT and score >= 50\n" in path.read_text()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RulesScreen)
        assert "score >= 50" in shown(app, "#rule-source")
        await wait_until(pilot, lambda: app.screen.now_counts is not None)
        assert app.screen.now_counts == {"Hot leads cool off": hot_50}


@app_test
async def test_saving_a_file_with_an_error_asks_first_and_says_rules_stop(service: Service) -> None:
    path = service.workspace.rules_dir / "30-cool.rules"
    path.write_text(COOL_OFF)
    app = StatusApp(service)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        editor.area.cursor_location = (2, len("  when status = HOT"))
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "stops automatic rules" in str(app.screen.query_one(".dialog-question").visual)
        await pilot.press("n")
        await pilot.pause()
        assert path.read_text() == COOL_OFF
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert "status = HOTx" in path.read_text()
        assert not list(path.parent.glob("*.tmp"))  # the temporary file was renamed over the old one
        await pilot.press("escape")
        await settle(pilot)
        assert "automatic rules are stopped" in shown(app, "#rules-summary")
