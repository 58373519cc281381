"""Rows not read yet draw as placeholders and fill in when their page arrives; a failed read says so in
its rows (not blank), and scrolling back reads it again."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from helpers import app_test, list_lines, settle, wait_until
from test_off_main_thread import many_contacts

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.row_pages import PAGE_SIZE


@app_test
async def test_a_jump_shows_placeholders_at_once_then_the_rows(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_contacts(service, PAGE_SIZE * 3)
    last = service.search("", service.contact_count())[-1]
    release = threading.Event()
    page_last = service.page_last

    def held(*args: Any) -> Any:
        release.wait(20)  # the database is slow today
        return page_last(*args)

    monkeypatch.setattr(service, "page_last", held)
    app = StatusApp(service)
    async with app.run_test(size=(120, 20)) as pilot:
        await wait_until(pilot, lambda: app.total is not None)
        await pilot.press("end")
        for _ in range(100):  # the worker is held: wait for the screen, not for the workers
            if any(line.strip() == "…" for line in list_lines(app)):
                break
            await pilot.pause(0.05)
        assert any(line.strip() == "…" for line in list_lines(app)), (
            app.contacts.cursor,
            app.contacts.scroll_offset,
        )
        assert app.contacts.cursor == app.total - 1  # the cursor is there already
        release.set()
        await settle(pilot)
        assert last.name in "\n".join(list_lines(app))
        assert not any(line.strip() == "…" for line in list_lines(app))


@app_test
async def test_a_failed_page_read_is_shown_in_its_rows_and_read_again_later(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_contacts(service, PAGE_SIZE * 3)
    last = service.search("", service.contact_count())[-1]
    page_last = service.page_last
    failing = [True]

    def flaky(*args: Any) -> Any:
        if failing[0]:
            raise ConnectionError("server closed the connection unexpectedly")
        return page_last(*args)

    monkeypatch.setattr(service, "page_last", flaky)
    app = StatusApp(service)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        shown = "\n".join(list_lines(app))
        assert "could not read these rows: server closed the connection unexpectedly" in shown
        failing[0] = False
        await pilot.press("home", "end")
        await settle(pilot)
        assert last.name in "\n".join(list_lines(app))
