"""Shared by the scoring tests: the fixed clock and the incremental ingest path."""

from __future__ import annotations

from statustui.services import Service
from statustui.store.db import with_retry

NOW = 1_790_000_000  # 2026-09-21 14:13:20 UTC
DAY = 86400


def ingest(service: Service, rows: list[tuple]) -> None:
    """Engagements (contact_id, channel, kind, at) through the service's incremental path."""
    with_retry(service.db, lambda: service.add_engagements([(*r, None, None) for r in rows]))
