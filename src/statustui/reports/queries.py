"""The reports' numbers, each one grouped in SQL from `status_history` and `contact` (no Python loop over rows).

A *change* is a history row with an old status: a contact's first status (import, default) is not a change.
Weeks start on Monday 00:00 UTC; with `since`, changes and stays count when they happened (ended) since then,
and the funnel follows the contacts created since then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from statustui.config import STATUS_TYPES

if TYPE_CHECKING:
    from statustui.services import Service

WEEK = 7 * 86400
MONDAY = 4 * 86400  # the epoch began on a Thursday; 1970-01-05 was the first Monday


@dataclass(frozen=True)
class Stay:
    """Completed stays in one status: how many, and their total length in seconds."""

    stays: int
    total_seconds: int

    @property
    def average_seconds(self) -> float:
        return self.total_seconds / self.stays if self.stays else 0.0


@dataclass
class Report:
    now: int
    since: int | None
    counts: dict[str, int]  # contacts per status now, in the configured order
    weekly: list[tuple[int, dict[str, int]]]  # (week start, changes into each status), every week in range
    funnel: dict[str, int]  # "contacts" and each status type -> contacts that ever held a status of that type
    stays: dict[str, Stay]  # status -> completed stays
    actors: list[tuple[str, str | None, int]]  # (actor, actor_name, changes), most first


def build_report(service: Service, since: int | None = None) -> Report:
    return Report(
        now=service.now(),
        since=since,
        counts=service.status_counts(),
        weekly=weekly_changes(service, since),
        funnel=funnel(service, since),
        stays=time_in_status(service, since),
        actors=changes_by_actor(service, since),
    )


def week_start(at: int) -> int:
    return (at - MONDAY) // WEEK * WEEK + MONDAY


def weekly_changes(service: Service, since: int | None) -> list[tuple[int, dict[str, int]]]:
    p = service.db.param
    rows = service.db.execute_sql(
        f'SELECT (at - {p}) / {p} AS week, new_status, COUNT(*) FROM "status_history" '
        f"WHERE old_status IS NOT NULL AND at >= {p} GROUP BY week, new_status",
        (MONDAY, WEEK, max(since or 0, MONDAY)),
    ).fetchall()
    by_week: dict[int, dict[str, int]] = {}
    for week, status, n in rows:
        by_week.setdefault(int(week), {})[status] = int(n)
    if not by_week:
        return []
    first, last = min(by_week), max(max(by_week), (week_start(service.now()) - MONDAY) // WEEK)
    if since is not None:
        first = min(first, (week_start(since) - MONDAY) // WEEK)
    return [(w * WEEK + MONDAY, by_week.get(w, {})) for w in range(first, last + 1)]


def funnel(service: Service, since: int | None) -> dict[str, int]:
    """Of the contacts (created since `since`), how many ever held an open, a won and a lost status."""
    p = service.db.param
    names = {t: [s.name for s in service.config.statuses if s.type == t] for t in STATUS_TYPES}
    parts: list[str] = []
    params: list[object] = []
    for t in STATUS_TYPES:
        if not names[t]:
            parts.append("0")
            continue
        marks = ", ".join([p] * len(names[t]))
        parts.append(
            f'SUM(CASE WHEN c.status IN ({marks}) OR EXISTS (SELECT 1 FROM "status_history" h '
            f"WHERE h.contact_id = c.id AND (h.new_status IN ({marks}) OR h.old_status IN ({marks}))) "
            f"THEN 1 ELSE 0 END)"
        )
        params.extend(names[t] * 3)
    row = service.db.execute_sql(
        f'SELECT COUNT(*), {", ".join(parts)} FROM "contact" c WHERE c.created_at >= {p}',
        (*params, since or 0),
    ).fetchone()
    return {"contacts": int(row[0]), **{t: int(n or 0) for t, n in zip(STATUS_TYPES, row[1:], strict=True)}}


def time_in_status(service: Service, since: int | None) -> dict[str, Stay]:
    """Completed stays per status: from entering it (or the contact's creation) to the next change."""
    p = service.db.param
    rows = service.db.execute_sql(
        "SELECT status, COUNT(*), SUM(ended - started) FROM ("
        "  SELECT new_status AS status, at AS started,"
        "         LEAD(at) OVER (PARTITION BY contact_id ORDER BY at, id) AS ended"
        '  FROM "status_history"'
        "  UNION ALL"
        # the status a contact had before its first recorded change, since its creation
        '  SELECT h.old_status, c.created_at, h.at FROM "status_history" h JOIN "contact" c ON c.id = h.contact_id'
        '  WHERE h.old_status IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "status_history" e'
        "    WHERE e.contact_id = h.contact_id AND (e.at < h.at OR (e.at = h.at AND e.id < h.id)))"
        f") stays WHERE ended IS NOT NULL AND ended >= {p} GROUP BY status",
        (since or 0,),
    ).fetchall()
    found = {status: Stay(int(n), int(total)) for status, n, total in rows}
    return {s.name: found[s.name] for s in service.config.statuses if s.name in found}


def changes_by_actor(service: Service, since: int | None) -> list[tuple[str, str | None, int]]:
    p = service.db.param
    rows = service.db.execute_sql(
        f'SELECT actor, actor_name, COUNT(*) AS n FROM "status_history" '
        f"WHERE old_status IS NOT NULL AND at >= {p} GROUP BY actor, actor_name",
        (since or 0,),
    ).fetchall()
    return sorted(((a, name, int(n)) for a, name, n in rows), key=lambda r: (-r[2], r[0], r[1] or ""))
