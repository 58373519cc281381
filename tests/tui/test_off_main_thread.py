"""The UI thread never waits for the database: during a scripted session every statement (and every new
connection) runs in a worker thread, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from helpers import app_test, settle
from test_search_bar import type_query

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.row_pages import PAGE_SIZE


def record_threads(service: Service, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Hook the connection: each statement's cursor and each connect records (thread name, caller)."""
    seen: list[tuple[str, str]] = []
    db = service.db

    def recorded(method: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            where = (
                "" if threading.current_thread() is not threading.main_thread() else traceback.format_stack()
            )
            seen.append((threading.current_thread().name, "".join(where)))
            return method(*args, **kwargs)

        return run

    monkeypatch.setattr(db, "cursor", recorded(db.cursor))
    monkeypatch.setattr(db, "_connect", recorded(db._connect))
    return seen


def many_contacts(service: Service, n: int) -> None:
    from statustui.store.models import Contact

    rows = service.search("", 1)
    template = {"status": "NEW", "status_changed_at": rows[0].created_at, "created_at": rows[0].created_at}
    Contact.insert_many(
        [{**template, "name": f"Extra {i}", "email": f"x{i}@example.com"} for i in range(n)]
    ).execute()


@app_test
async def test_a_scripted_session_reads_the_database_only_in_workers(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_contacts(service, PAGE_SIZE * 5)  # several pages, so scrolling reads
    (service.workspace.rules_dir / "30-cool.rules").write_text(
        'rule "Hot leads cool off"\n  on schedule\n  when status = HOT\n  then set status WARM\n'
    )
    service.db.close()  # the app opens its own connections; the test's own is not the app's business
    app = StatusApp(service, poll_seconds=0.2)
    seen = record_threads(service, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("end")  # the last page, read backwards
        await settle(pilot)
        await pilot.press("pageup", "pageup", "pageup", "home", "pagedown")
        await settle(pilot)
        await pilot.press("enter")  # the detail: fields, timeline, the rules' explanation
        await settle(pilot)
        await pilot.press("escape")
        await type_query(pilot, "status in (HOT, WARM) and tagged ")  # completion offers tag names
        await pilot.press("v", "i", "p", "enter")
        await settle(pilot)
        await pilot.press("escape", "g")  # reports
        await settle(pilot)
        await pilot.press("escape", "r")  # the rules view and its dry run
        await settle(pilot)
        await pilot.press("escape", "s", "h", "o", "t", "enter")  # a status change, then its undo
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
    assert len(seen) > 20  # the hook saw the session's reads
    on_main = [stack for thread, stack in seen if stack]
    assert not on_main, f"{len(on_main)} statements on the UI thread; the first from:\n{on_main[0]}"
