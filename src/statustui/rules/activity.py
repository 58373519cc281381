"""What the rules have done lately, from the status history: for the rules view's "last 30 days" column."""

from __future__ import annotations

from peewee import JOIN, fn

from statustui.store.models import Batch, StatusChange
from statustui.store.rows import tuples

RECENT_DAYS = 30


def contacts_changed_by_rule(since: int) -> dict[str, int]:
    """Rule name -> how many contacts it changed the status of at or after `since` (epoch seconds); changes
    undone since are not counted."""
    query = (
        StatusChange.select(StatusChange.actor_name, fn.COUNT(StatusChange.contact.distinct()))
        .join(Batch, JOIN.LEFT_OUTER, on=StatusChange.batch == Batch.id)
        .where((StatusChange.actor == "rule") & (StatusChange.at >= since) & Batch.undone_by.is_null())
        .group_by(StatusChange.actor_name)
    )
    return {name: count for name, count in tuples(query) if name}
