"""Follow-up goals: a status's `follow_up` ("follow up every 7 days") and the overdue marker of one contact.

A contact is overdue when its status has a goal and its last engagement is older than the goal; a contact
never engaged (`last_engaged_at = 0`) is overdue as soon as its status has a goal. Whole result sets use the
language's `overdue` (`Service.overdue_count`, searches); this is the same rule for a row already on screen.
"""

from __future__ import annotations

from statustui.config import WorkspaceConfig


def is_overdue(config: WorkspaceConfig, status: str, last_engaged_at: int, now: int) -> bool:
    s = config.status(status)
    goal = s.follow_up_seconds if s else None
    return goal is not None and last_engaged_at < now - goal
