"""The Smart Search bar: results and count as you type, errors with the last results kept, completion."""

from __future__ import annotations

import pytest
from helpers import app_test, list_lines, settle, shown
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.contact_list import ContactList

KEY_NAMES = {
    " ": "space",
    "(": "left_parenthesis",
    ")": "right_parenthesis",
    "=": "equals_sign",
    ",": "comma",
}


async def type_query(pilot: Pilot, text: str) -> None:
    """Focus the bar (`/`) if needed, put in all but the last character at once, and type that one: each keystroke
    is a search and a completion, so typing every character would only make the test slow."""
    bar = pilot.app.query_one("#query", Input)
    if not bar.has_focus:
        await pilot.press("slash")
    bar.value = bar.value + text[:-1]
    bar.cursor_position = len(bar.value)
    await pilot.press(KEY_NAMES.get(text[-1], text[-1]))


@app_test
async def test_typing_a_query_filters_the_list_and_shows_the_count(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "status = hot")
        await settle(pilot)
        expected = service.count("status = HOT")
        assert 0 < expected < 60
        assert shown(app, "#count").startswith(f"{expected} contacts")
        rows = [line for line in list_lines(app) if line.strip()]
        assert len(rows) == expected and all(" HOT " in line for line in rows)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, ContactList)


@app_test
async def test_a_bad_query_shows_the_error_with_caret_and_keeps_the_last_results(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "status = hot")
        await settle(pilot)
        before = [line for line in list_lines(app) if line.strip()]
        await type_query(pilot, " and status = hto")
        await settle(pilot)
        error = shown(app, "#query-error")
        assert "unknown status 'hto'" in error.lower() and "did you mean HOT" in error
        assert "^" in error
        assert [line for line in list_lines(app) if line.strip()] == before
        await pilot.press("escape")
        assert isinstance(app.focused, ContactList)


@app_test
async def test_completion_offers_status_names_after_status_in_and_tab_accepts(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "status in (")
        await pilot.pause()
        options = app.query_one("#completions")
        offered = [options.get_option_at_index(i).id for i in range(options.option_count)]  # type: ignore[attr-defined]
        assert offered == service.config.status_names
        await pilot.press("down", "down", "tab")
        assert app.query_one("#query").value == "status in (WARM"  # type: ignore[attr-defined]


@app_test
async def test_a_saved_search_appears_in_the_sidebar_and_runs(service: Service) -> None:
    pytest.importorskip("statustui.searches")
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "status = warm")
        await pilot.press("ctrl+s", *"Warm ones", "enter")
        await settle(pilot)
        assert 'name = "Warm ones"' in service.workspace.searches_path.read_text()
        await type_query(pilot, " or tagged vip")
        await settle(pilot)
        await pilot.press("escape")
        saved = app.query_one("#saved-options", OptionList)
        assert saved.get_option_at_index(0).id == "Warm ones"
        await pilot.click("#saved-options")
        await settle(pilot)
        assert app.query_one("#query", Input).value == "status = warm"
        expected = service.count("status = WARM")
        assert shown(app, "#count").startswith(f"{expected} contacts")


@app_test
async def test_a_status_number_key_filters_to_that_status_and_q_quits(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")  # the sidebar's fourth status: HOT
        await settle(pilot)
        assert app.query_one("#query", Input).value == 'status = "HOT"'
        hot = service.status_counts()["HOT"]
        assert shown(app, "#count").startswith(f"{hot} contacts")
        assert all(" HOT " in line for line in list_lines(app) if line.strip())
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@app_test
async def test_a_search_matching_nobody_says_so(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "status = ARCHIVE")
        await settle(pilot)
        assert shown(app, "#count").startswith("0 contacts")
        assert "no contact matches this search" in list_lines(app)[0]
