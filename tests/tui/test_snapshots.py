"""Snapshots of the main screen, the palette, the detail and the rules view (fixed data and `now`).

Update after an intended change of the look: `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from helpers import settle
from textual.pilot import Pilot

from statustui.services import Service
from statustui.tui.app import StatusApp

SIZE = (120, 36)


def keys(*pressed: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*pressed)
        await settle(pilot)

    return run_before


def test_main_screen(service: Service, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(StatusApp(service), terminal_size=SIZE, run_before=keys("down", "space", "down"))


def test_status_palette(service: Service, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(StatusApp(service), terminal_size=SIZE, run_before=keys("s", "w"))


def test_contact_detail(service: Service, snap_compare) -> None:  # type: ignore[no-untyped-def]
    first = service.search("", 1)[0]
    service.set_status("HOT", [first.id])
    assert snap_compare(StatusApp(service), terminal_size=SIZE, run_before=keys("enter"))


def test_rules_view(service: Service, snap_compare) -> None:  # type: ignore[no-untyped-def]
    (service.workspace.rules_dir / "30-cool.rules").write_text(
        'rule "Hot leads cool off"\n  on schedule\n  when status = HOT\n  then set status WARM\n'
    )
    assert snap_compare(StatusApp(service), terminal_size=SIZE, run_before=keys("r"))
