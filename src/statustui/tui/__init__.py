"""The Textual app. `run_app(service)` is the one entry the command line calls (lazily: only it imports Textual)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from statustui.services import Service


# The app's SQLite page cache (KiB per connection): small, so the app's memory stays flat from 10k to 1M
# contacts; pages come from the OS file cache anyway.
APP_CACHE_KIB = 16_000


def run_app(service: Service) -> None:
    from statustui.tui.app import run_app as run

    run(service)
