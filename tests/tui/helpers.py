"""Reading what the app shows, as a person would see it."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from statustui.tui.app import StatusApp
from statustui.tui.contact_list import ContactList


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their results reach the screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def list_lines(app: StatusApp) -> list[str]:
    contacts = app.query_one(ContactList)
    return [contacts.render_line(y).text for y in range(contacts.size.height)]


def shown(app: StatusApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).visual)


def app_test(fn: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async pilot test in its own event loop (no async plugin needed); fixtures pass through."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run
