"""`statustui score recompute`: every contact's Smart Score rebuilt in one set-based UPDATE.

score = sum of its engagements' points + its status's points + score_bonus (points added by rules).
The engagements' points come from `engagement_points_expr`, the SQL twin of the `engagement_points` that
ingestion adds one event at a time, so both give identical numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from peewee import fn

from statustui.config import WorkspaceConfig
from statustui.scoring.points import engagement_points_expr, score_date, set_score_date, status_points_expr
from statustui.store.db import with_retry
from statustui.store.models import Contact, Engagement

if TYPE_CHECKING:
    from statustui.services import Service


def _engaged_score(config: WorkspaceConfig, now: int) -> Any:
    """SQL: a contact's score rebuilt from its engagements, status and rule bonus (correlated on Contact.id)."""
    points = engagement_points_expr(
        config, score_date(now), Engagement.channel, Engagement.kind, Engagement.occurred_at
    )
    engaged = fn.COALESCE(Engagement.select(fn.SUM(points)).where(Engagement.contact == Contact.id), 0)
    return engaged + status_points_expr(config) + Contact.score_bonus


def recompute_scores(service: Service, *, rebase: bool = False) -> int:
    """Rebuild all scores (as of the stored score date, or of now with `rebase`); returns contacts updated."""

    def work() -> int:
        if rebase:
            set_score_date(service.now())
        return Contact.update(score=_engaged_score(service.config, service.now())).execute()

    return with_retry(service.db, work, "score recompute")


def recompute_contacts(config: WorkspaceConfig, ids: Sequence[int], now: int) -> None:
    """Score, engagement count and last engaged time of `ids` rebuilt from their engagements (after a merge
    moved engagements between contacts, or its undo moved them back); inside the caller's transaction."""
    mine = Engagement.contact == Contact.id
    Contact.update(
        score=_engaged_score(config, now),
        engagement_count=Engagement.select(fn.COUNT(Engagement.id)).where(mine),
        last_engaged_at=fn.COALESCE(Engagement.select(fn.MAX(Engagement.occurred_at)).where(mine), 0),
    ).where(Contact.id.in_(list(ids))).execute()
