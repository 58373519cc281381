"""`statustui score recompute`: every contact's Smart Score rebuilt in one set-based UPDATE.

score = sum of its engagements' points + its status's points + score_bonus (points added by rules).
The engagements' points come from `engagement_points_expr`, the SQL twin of the `engagement_points` that
ingestion adds one event at a time, so both give identical numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import fn

from statustui.scoring.points import engagement_points_expr, score_date, set_score_date, status_points_expr
from statustui.store.db import with_retry
from statustui.store.models import Contact, Engagement

if TYPE_CHECKING:
    from statustui.services import Service


def recompute_scores(service: Service, *, rebase: bool = False) -> int:
    """Rebuild all scores (as of the stored score date, or of now with `rebase`); returns contacts updated."""
    config = service.config

    def work() -> int:
        if rebase:
            set_score_date(service.now())
        as_of = score_date(service.now())
        points = engagement_points_expr(
            config, as_of, Engagement.channel, Engagement.kind, Engagement.occurred_at
        )
        engaged = fn.COALESCE(Engagement.select(fn.SUM(points)).where(Engagement.contact == Contact.id), 0)
        return Contact.update(score=engaged + status_points_expr(config) + Contact.score_bonus).execute()

    return with_retry(service.db, work, "score recompute")
