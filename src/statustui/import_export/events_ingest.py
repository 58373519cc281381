"""The staged engagements (`stage_event`) into the workspace, in SQL: unknown contacts found (or created),
engagements the workspace already has dropped, the rest ingested (through the rules when any listen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import SQL, Database

from statustui.changes import write_first_statuses
from statustui.rules.pending import last_engagement_id, mark_pending
from statustui.rules.runtime import engine_for
from statustui.scoring.points import engagement_points_expr, score_date
from statustui.store.bulk import apply_engagement_stats, create_temp_table
from statustui.store.db import is_postgres

if TYPE_CHECKING:
    from statustui.services import Service

LISTED = 20
_UNKNOWN = 'FROM "stage_event" s WHERE s.contact_id IS NULL'


def resolve_contacts(db: Database) -> None:
    """Each line's contact id (NULL: no contact has its email), one indexed lookup per line."""
    db.execute_sql(
        'UPDATE "stage_event" SET contact_id = (SELECT c.id FROM "contact" c WHERE c.email = "stage_event".email) '
        "WHERE contact_id IS NULL"
    )


def unknown_contacts(db: Database) -> list[tuple[int, str]]:
    """The first (line, email) pairs whose email no contact has (after `resolve_contacts`)."""
    return [
        (n, e)
        for n, e in db.execute_sql(f"SELECT s.line_no, s.email {_UNKNOWN} ORDER BY s.seq LIMIT {LISTED}")
    ]


def count_unknown(db: Database) -> int:
    return int(db.execute_sql(f"SELECT COUNT(*) {_UNKNOWN}").fetchone()[0])


def unknown_lines(db: Database) -> set[int]:
    return {n for (n,) in db.execute_sql(f"SELECT s.line_no {_UNKNOWN}")}


def drop_unknown(db: Database) -> int:
    """Leave out the lines of unknown contacts (`--skip-unknown`): how many."""
    return int(db.execute_sql('DELETE FROM "stage_event" WHERE contact_id IS NULL').rowcount)


def create_missing_contacts(service: Service, batch_id: int) -> int:
    """A contact (email only, the default status, created now) for every unknown email, in the import's
    batch; `on create` rules run for them as for any new contact."""
    db = service.db
    p = db.param
    default = service.config.default_status
    points = service.config.score.status_points.get(default.key, 0)
    now = service.now()
    max_id = db.execute_sql('SELECT COALESCE(MAX(id), 0) FROM "contact"').fetchone()[0]
    n = db.execute_sql(
        'INSERT INTO "contact" (name, email, status, status_manual, status_changed_at, created_at, score, '
        "score_bonus, unsubscribed, last_engaged_at, engagement_count, created_batch_id) "
        f"SELECT {p}, e.email, {p}, {p}, {p}, {p}, {p}, 0, {p}, 0, 0, {p} "
        f"FROM (SELECT s.email, MIN(s.seq) AS first {_UNKNOWN} GROUP BY s.email) e ORDER BY e.first",
        ("", default.name, False, now, now, points, default.unsubscribes, batch_id),
    ).rowcount
    write_first_statuses(db, db.param, f'FROM "contact" c WHERE c.id > {p}', ("default", max_id))
    ids = [i for (i,) in db.execute_sql(f'SELECT id FROM "contact" WHERE id > {p} ORDER BY id', (max_id,))]
    resolve_contacts(db)
    service._after_create(ids, batch_id)
    return int(n)


def drop_known(db: Database) -> int:
    """Drop the lines the workspace already has (set-based anti-joins); how many.

    With an id: the same id (a repeat inside the file keeps its first line). Without: an engagement of the
    same contact at the same time with the same channel, kind, value and text.
    """
    same = "IS NOT DISTINCT FROM" if is_postgres(db) else "IS"  # equal, NULL included
    db.execute_sql('CREATE INDEX IF NOT EXISTS "stage_event_external" ON "stage_event" (external_id)')
    n = db.execute_sql(
        'DELETE FROM "stage_event" WHERE external_id IS NOT NULL AND (EXISTS (SELECT 1 FROM "engagement" e '
        'WHERE e.external_id = "stage_event".external_id) OR seq > (SELECT MIN(s.seq) FROM "stage_event" s '
        'WHERE s.external_id = "stage_event".external_id))'
    ).rowcount
    n += db.execute_sql(
        'DELETE FROM "stage_event" WHERE external_id IS NULL AND EXISTS (SELECT 1 FROM "engagement" e '
        'WHERE e.contact_id = "stage_event".contact_id AND e.occurred_at = "stage_event".at '
        f'AND e.kind = "stage_event".kind AND e.channel {same} "stage_event".channel '
        f'AND e.value {same} "stage_event".value AND e.text {same} "stage_event".text)'
    ).rowcount
    return int(n)


def ingest(service: Service, batch_id: int) -> tuple[int, int]:
    """(engagements ingested, status changes by rules), in time order, in the import's batch."""
    engine = engine_for(service)
    if engine is None or not engine.engagement_rules:
        return _ingest_set_based(service, batch_id), 0
    rows = service.db.execute_sql(
        'SELECT contact_id, channel, kind, at, value, text, external_id FROM "stage_event" ORDER BY at, seq'
    )
    result = service.add_engagements(rows, batch_id)
    return result.ingested, result.status_changes


def ingest_pending(service: Service, batch_id: int) -> tuple[int, int]:
    """(engagements ingested, marked pending): stored without their rules (`--without-rules`)."""
    after = last_engagement_id(service.db)
    n = _ingest_set_based(service, batch_id)
    return n, mark_pending(service.db, after)


def _ingest_set_based(service: Service, batch_id: int) -> int:
    """Without engagement rules no event needs the one before it: the staged rows go in, and each contact's last
    time, count and points are added, in SQL (2.5x faster than reading the rows back into Python)."""
    db = service.db
    points = engagement_points_expr(
        service.config, score_date(service.now()), SQL("s.channel"), SQL("s.kind"), SQL("s.at")
    )
    points_sql, points_args = db.get_sql_context().sql(points).query()
    n = db.execute_sql(
        'INSERT INTO "engagement" (contact_id, channel, kind, occurred_at, value, text, external_id, batch_id) '
        f"SELECT s.contact_id, s.channel, s.kind, s.at, s.value, s.text, s.external_id, {db.param} "
        'FROM "stage_event" s ORDER BY s.at, s.seq',
        (batch_id,),
    ).rowcount
    create_temp_table(
        db, "stage_stats", "contact_id BIGINT PRIMARY KEY, last_at BIGINT, n INTEGER, points INTEGER"
    )
    db.execute_sql(
        'INSERT INTO "stage_stats" (contact_id, last_at, n, points) '
        f'SELECT s.contact_id, MAX(s.at), COUNT(*), SUM({points_sql}) FROM "stage_event" s GROUP BY s.contact_id',
        points_args,
    )
    apply_engagement_stats(db, "stage_stats")
    db.execute_sql('DROP TABLE "stage_stats"')
    return int(n)
