"""Snapshots of the main screen, help, the palette, the detail and the rules view at 80x24 and 160x50
(fixed data and `now`). Update after an intended change of the look:
`pytest tests/tui/test_snapshots.py --snapshot-update`, then read the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from helpers import settle
from textual.pilot import Pilot

from statustui.services import Service
from statustui.tui.app import StatusApp

SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])


def keys(*pressed: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*pressed)
        await settle(pilot)

    return run_before


@SIZES
def test_main_screen(service: Service, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(StatusApp(service), terminal_size=size, run_before=keys("down", "space", "down"))


@SIZES
def test_help(service: Service, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(StatusApp(service), terminal_size=size, run_before=keys("question_mark"))


def test_status_palette(service: Service, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(StatusApp(service), terminal_size=(80, 24), run_before=keys("s", "w"))


@SIZES
def test_contact_detail(service: Service, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    first = service.search("", 1)[0]
    service.set_status("HOT", [first.id])
    assert snap_compare(StatusApp(service), terminal_size=size, run_before=keys("enter"))


@SIZES
def test_rules_view(service: Service, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    (service.workspace.rules_dir / "30-cool.rules").write_text(
        'rule "Hot leads cool off"\n  on schedule\n  when status = HOT\n  then set status WARM\n'
    )
    assert snap_compare(StatusApp(service), terminal_size=size, run_before=keys("r"))
