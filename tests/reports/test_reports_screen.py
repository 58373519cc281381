"""The reports view: `g` opens it from the main screen; snapshots at 80x24 and at a full-screen size."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.reports_screen import ReportsScreen
from tests.reports.known_history import build


class ReportsApp(App[None]):
    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service

    def on_mount(self) -> None:
        self.push_screen(ReportsScreen(self.service))


async def _computed(pilot: Pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def sqlite_service(tmp_path: Path) -> Iterator[Service]:
    """Snapshots need one picture: the same history on SQLite only (the numbers are tested on both)."""
    svc = build(tmp_path, f"sqlite:///{tmp_path / 'reports.db'}")
    yield svc
    svc.close()


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_reports_view_snapshot(sqlite_service: Service, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ReportsApp(sqlite_service), terminal_size=size, run_before=_computed)


def test_g_opens_the_reports_and_a_period_key_recomputes_them(service: Service) -> None:
    async def scenario() -> None:
        app = StatusApp(service)
        async with app.run_test(size=(100, 40)) as pilot:
            await _computed(pilot)
            await pilot.press("g")
            await _computed(pilot)
            assert isinstance(app.screen, ReportsScreen)
            assert "Reports: all time" in str(app.screen.query_one("#reports-title", Static).visual)
            weekly = str(app.screen.query_one("#report-chart-1", Static).visual)
            assert weekly.split()[0] == "2026-08-31"  # the first week with a change
            await pilot.press("m")
            await _computed(pilot)
            assert "Reports: last 4 weeks" in str(app.screen.query_one("#reports-title", Static).visual)
            weekly = str(app.screen.query_one("#report-chart-1", Static).visual)
            assert weekly.split()[0] == "2026-08-24"  # four weeks back from Monday 2026-09-21
            await pilot.press("escape")
            assert not isinstance(app.screen, ReportsScreen)

    asyncio.run(scenario())
