"""Follow-up goals: a contact's own `follow_up` or its status's ("follow up every 7 days"), and the overdue
marker of one contact.

A contact is overdue when it has a goal (its own, else its status's) and its last engagement is older than
the goal; a contact never engaged (`last_engaged_at = 0`) is overdue as soon as it has a goal. Whole result sets use the
language's `overdue` (`Service.overdue_count`, searches); this is the same rule for a row already on screen.
"""

from __future__ import annotations

from statustui.config import WorkspaceConfig


def follow_up_goal(config: WorkspaceConfig, status: str, follow_up: int | None = None) -> int | None:
    """Seconds between engagements the contact should get: its own `follow_up`, else its status's goal."""
    if follow_up is not None:
        return follow_up
    s = config.status(status)
    return s.follow_up_seconds if s else None


def is_overdue(
    config: WorkspaceConfig, status: str, last_engaged_at: int, now: int, follow_up: int | None = None
) -> bool:
    goal = follow_up_goal(config, status, follow_up)
    return goal is not None and last_engaged_at < now - goal
