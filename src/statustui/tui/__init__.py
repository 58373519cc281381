"""The Textual app. `run_app(service)` is the one entry the command line calls (lazily: only it imports Textual)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from statustui.services import Service


def run_app(service: Service) -> None:
    from statustui.tui.app import run_app as run

    run(service)
