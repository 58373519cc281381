"""Follow-up goals: a status's `follow_up` ("follow up every 7 days") and the contacts that are overdue.

A contact is overdue when its status has a goal and its last engagement is older than the goal; a contact
never engaged (`last_engaged_at = 0`) is overdue as soon as its status has a goal.
"""

from __future__ import annotations

from peewee import Expression, fn

from statustui.config import WorkspaceConfig
from statustui.store.models import Contact


def overdue_where(config: WorkspaceConfig, now: int) -> Expression | None:
    """SQL selecting the overdue contacts (None when no status has a goal)."""
    condition: Expression | None = None
    for s in config.statuses:
        goal = s.follow_up_seconds
        if goal is None:
            continue
        part = (Contact.status == s.name) & (Contact.last_engaged_at < now - goal)
        condition = part if condition is None else condition | part
    return condition


def overdue_count(config: WorkspaceConfig, now: int) -> int:
    where = overdue_where(config, now)
    return 0 if where is None else Contact.select(fn.COUNT(Contact.id)).where(where).scalar() or 0


def is_overdue(config: WorkspaceConfig, status: str, last_engaged_at: int, now: int) -> bool:
    """The row marker: the same rule as `overdue_where`, for one contact already on screen."""
    s = config.status(status)
    goal = s.follow_up_seconds if s else None
    return goal is not None and last_engaged_at < now - goal
