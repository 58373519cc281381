"""Shared by the scoring tests: the fixed clock and the incremental ingest path."""

from __future__ import annotations

from statustui.services import Service
from statustui.store.db import with_retry
from statustui.store.models import Contact

NOW = 1_790_000_000  # 2026-09-21 14:13:20 UTC
DAY = 86400


def ingest(service: Service, rows: list[tuple]) -> None:
    """Engagements (contact_id, channel, kind, at) through the service's incremental path."""
    with_retry(service.db, lambda: service.add_engagements([(*r, None, None) for r in rows]))


def add_contact(
    service: Service, email: str, status: str = "NEUTRAL", last_engaged_at: int = 0, score: int | None = None
) -> int:
    """A contact in `status` whose score is its status's points, as the importer makes it."""
    points = service.config.score.status_points.get(service.config.status(status).key, 0)
    return Contact.insert(
        email=email,
        name=email.split("@")[0],
        status=status,
        status_changed_at=NOW,
        created_at=NOW - 100 * DAY,
        score=points if score is None else score,
        last_engaged_at=last_engaged_at,
    ).execute()
