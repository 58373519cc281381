"""Keys never act by accident: a wrong query keeps the keyboard, a screen that is opening takes the keys
typed meanwhile, a search the database refuses leaves no stale rows to act on."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from helpers import app_test, list_lines, settle, shown, wait_until
from peewee import OperationalError
from test_search_bar import type_query
from textual.widgets import Input

from statustui.services import Search, Service
from statustui.tui import reports_screen
from statustui.tui.app import StatusApp
from statustui.tui.app_log import log_path
from statustui.tui.contact_list import ContactList
from statustui.tui.reports_screen import ReportsScreen
from statustui.tui.search_bar import QueryInput


def statuses(service: Service) -> dict[int, str]:
    return {r.id: r.status for r in service.search("", 1000)}


@app_test
async def test_enter_on_a_wrong_query_keeps_the_keyboard_at_the_error_and_letters_edit_it(
    service: Service,
) -> None:
    before = statuses(service)
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "status = HTO")
        await pilot.press("enter")
        await settle(pilot)
        bar = app.query_one("#query", Input)
        assert isinstance(app.focused, QueryInput)
        assert bar.cursor_position == len("status = ")  # the caret's place: at HTO
        assert "did you mean HOT" in shown(app, "#query-error")
        await pilot.press("delete", "delete", "delete", "h", "o", "t", "s", "u", "a", "q")
        await settle(pilot)
        assert app.is_running and app.screen is app.screen_stack[0]
        assert bar.value == "status = hotsuaq"
        assert statuses(service) == before


@app_test
async def test_enter_on_a_good_query_moves_to_the_list_once_it_ran(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "status = HOT")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, ContactList)
        assert all(" HOT " in line for line in list_lines(app) if line.strip())


@app_test
async def test_reports_open_at_once_and_escape_returns_while_they_compute(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = service.search("", 1)[0]
    service.set_status("HOT", [first.id])  # something `u` would undo if it reached the list
    before = statuses(service)

    def slow(*args: Any) -> Any:
        time.sleep(1.5)  # a report over a large workspace
        return build(*args)

    build = reports_screen.build_report
    monkeypatch.setattr(reports_screen, "build_report", slow)
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        assert isinstance(app.screen, ReportsScreen)
        await pilot.press("u", "s", "a", "escape")
        await pilot.pause(0.1)
        assert app.screen is app.screen_stack[0] and len(app.screen_stack) == 1
        await settle(pilot)
        assert len(app.screen_stack) == 1  # no palette or question from the letters
        assert statuses(service) == before


@app_test
async def test_a_search_the_database_refuses_shows_its_error_and_select_all_waits(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = "status = HOT and score > 1"
    search = service.search

    def refusing(query: str | Search, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query, Search) and query.text == refused:
            raise OperationalError("parser stack overflow")
        return search(query, *args, **kwargs)

    monkeypatch.setattr(service, "search", refusing)
    before = statuses(service)
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "status = HOT")
        await settle(pilot)
        hot_rows = [line for line in list_lines(app) if line.strip()]
        await type_query(pilot, refused.removeprefix("status = HOT"))
        await pilot.press("enter")
        await settle(pilot)
        assert "parser stack overflow" in shown(app, "#query-error")
        assert "the last good search: status = HOT" in shown(app, "#count")
        assert [line for line in list_lines(app) if line.strip()] == hot_rows
        assert isinstance(app.focused, QueryInput)
        await pilot.press("escape", "a")
        await settle(pilot)
        assert len(app.screen_stack) == 1  # no "select all" question for a search that did not run
        assert any("fix it first" in n.message for n in app._notifications)
        assert statuses(service) == before


@app_test
async def test_a_failing_poll_is_written_to_the_log(
    service: Service, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def unreachable() -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(service, "change_marker", unreachable)
    app = StatusApp(service, poll_seconds=0.05)
    expected = "checking for changes by other processes: server closed the connection unexpectedly"

    def logged() -> str:
        return log_path().read_text() if log_path().is_file() else ""

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: expected in logged())
    assert expected in logged()
