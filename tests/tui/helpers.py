"""Reading what the app shows, as a person would see it."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled

from statustui.tui.app import StatusApp
from statustui.tui.contact_list import ContactList


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their results reach the screen."""
    for _ in range(2):
        await pilot.pause()
        await workers_done(pilot)
    await pilot.pause()


async def workers_done(pilot: Pilot) -> None:
    """Wait for the running workers; one superseded meanwhile (a newer search, poll) is no failure."""
    with suppress(WorkerCancelled):
        await pilot.app.workers.wait_for_complete()


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


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Let the app work until `condition` holds (a loaded machine may need a while); the test asserts after."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition() and loop.time() < deadline:
        await pilot.pause(0.05)
        await workers_done(pilot)
