"""Cheap size estimates that let the query compiler choose a SQL form (docs/performance.md, "SQL form by
selectivity": no form wins everywhere)."""

from __future__ import annotations

from collections.abc import Collection

from statustui.store.models import Contact, database

RARE_SHARE = 0.05  # under 5% of contacts counts as few
MIN_ROWS = 1000


def few_with_status(statuses: Collection[str], share: float = RARE_SHARE) -> bool:
    """Whether fewer than `share` of all contacts hold one of `statuses`.

    Bounded, so it costs a few milliseconds at a million contacts: MAX(id) stands in for the contact count,
    and the status index is read only up to the limit.
    """
    if not statuses:
        return False
    highest = database.execute_sql('SELECT MAX(id) FROM "contact"').fetchone()[0] or 0
    limit = max(MIN_ROWS, int(highest * share))
    held = Contact.select(Contact.id).where(Contact.status.in_(list(statuses))).limit(limit)
    return held.count() < limit
