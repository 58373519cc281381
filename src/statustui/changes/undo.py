"""Undo: revert one batch exactly, as a new batch (history is append-only: undo adds rows, never edits).

What the batch did is reverted where it still stands: a contact whose status (or field, tag, flag) changed
again since keeps its newer value and counts as kept. Contacts the batch created are deleted with what they
have; contacts it deleted come back from the trash; engagements it added go, and their contacts' counts,
last-engaged times and scores follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import SQL, Database

from statustui.changes import journal
from statustui.changes.batches import open_batch
from statustui.changes.status import new_stage, stage_select, write_status_changes
from statustui.config import WorkspaceConfig
from statustui.errors import ServiceError
from statustui.scoring.points import engagement_points_expr, score_date
from statustui.scoring.recompute import recompute_contacts
from statustui.store.bulk import create_temp_table
from statustui.store.db import is_postgres
from statustui.store.models import TRASH, Batch, Contact


@dataclass
class UndoResult:
    batch_id: int  # the undo's own batch
    undone: Batch
    changed: int = 0  # contacts given back their status
    skipped: int = 0  # contacts whose status changed again since: kept
    removed: int = 0  # contacts the batch created, deleted
    restored: int = 0  # contacts the batch deleted, back

    @property
    def message(self) -> str:
        return f"undid #{self.undone.id}: {self.undone.description}"

    def summary(self) -> str:
        parts = [f"{self.changed} contacts restored"]
        if self.skipped:
            parts[0] += f", {self.skipped} kept (changed since)"
        if self.removed:
            parts.append(f"{self.removed} created contact{'s' * (self.removed != 1)} removed")
        if self.restored:
            parts.append(f"{self.restored} deleted contact{'s' * (self.restored != 1)} back")
        return f"{self.message}: {'; '.join(parts)}"


def revert(db: Database, config: WorkspaceConfig, batch: Batch, at: int) -> UndoResult:
    """Undo `batch` (call inside a write transaction)."""
    p = db.param
    _refuse_gone_statuses(db, config, batch)
    result = UndoResult(open_batch(db, "undo", f"undo of #{batch.id} ({batch.description})", at), batch)
    created = f'SELECT id FROM "contact" WHERE created_batch_id = {p}'

    # Statuses: each contact back to the old values of its first change in the batch, if it still has the
    # status of its last one. Contacts the batch created go anyway.
    changes = (
        f'SELECT contact_id, MIN(id) AS first, MAX(id) AS last FROM "status_history" WHERE batch_id = {p} '
        f"AND contact_id NOT IN ({created}) GROUP BY contact_id"
    )
    new_stage(db)
    stage_select(
        db,
        (
            "contact_id",
            "at",
            "new_status",
            "manual",
            "actor",
            "actor_name",
            "expect_status",
            "restore_unsubscribed",
            "restore_changed_at",
        ),
        f"SELECT f.contact_id, {p}, f.old_status, COALESCE(f.old_manual, FALSE), {p}, {p}, l.new_status, "
        "f.old_unsubscribed, f.old_changed_at "
        f'FROM ({changes}) g JOIN "status_history" f ON f.id = g.first JOIN "status_history" l ON l.id = g.last '
        "WHERE f.old_status IS NOT NULL",
        (at, "person", "undo", batch.id, batch.id),
    )
    staged = db.execute_sql('SELECT COUNT(*) FROM "status_stage"').fetchone()[0]
    _revert_journal(db, batch.id)
    result.changed = write_status_changes(db, config, result.batch_id)
    result.skipped = staged - result.changed
    _remove_engagements(db, config, batch.id, at)
    result.removed = journal.delete_contact_rows(db, f"IN ({created})", (batch.id,))
    result.restored = _restore_deleted(db, batch.id)
    _move_back(db, config, batch.id, at)
    Batch.update(undone_by=result.batch_id).where(Batch.id == batch.id).execute(db)
    return result


def _refuse_gone_statuses(db: Database, config: WorkspaceConfig, batch: Batch) -> None:
    olds = db.execute_sql(
        f'SELECT DISTINCT old_status FROM "status_history" WHERE batch_id = {db.param} AND old_status IS NOT NULL',
        (batch.id,),
    ).fetchall()
    gone = sorted(old for (old,) in olds if not config.status(old))
    if gone:
        raise ServiceError(
            f"cannot undo #{batch.id} ({batch.description}): status {', '.join(gone)} no longer "
            f"exists; add it back first (statustui status add {gone[0]!r})"
        )


def _revert_journal(db: Database, batch_id: int) -> None:
    """Each (contact, kind, name) back to the old value of its first entry, where the value is still the
    new value of its last entry; rule bonus points subtracted."""
    p = db.param
    create_temp_table(
        db,
        "undo_journal",
        "contact_id BIGINT, kind TEXT, name TEXT, old_value TEXT, old_number DOUBLE PRECISION",
    )
    field = 'FROM "contact_field" cf WHERE cf.contact_id = f.contact_id AND cf.name = f.name'
    tag = 'SELECT 1 FROM "contact_tag" t WHERE t.contact_id = f.contact_id AND t.tag = f.name'
    same = "IS NOT DISTINCT FROM" if is_postgres(db) else "IS"  # equal, NULL included
    db.execute_sql(
        'INSERT INTO "undo_journal" SELECT f.contact_id, f.kind, f.name, f.old_value, f.old_number FROM '
        '(SELECT contact_id, kind, name, MIN(id) AS first, MAX(id) AS last FROM "journal" '
        f"WHERE batch_id = {p} AND kind NOT IN ({p}, {p}) GROUP BY contact_id, kind, name) g "
        'JOIN "journal" f ON f.id = g.first JOIN "journal" l ON l.id = g.last '
        'JOIN "contact" c ON c.id = f.contact_id WHERE '
        # still as the batch left it:
        f"(f.kind = {p} AND ((l.new_value IS NULL AND NOT EXISTS (SELECT 1 {field})) "
        f"  OR EXISTS (SELECT 1 {field} AND cf.value = l.new_value))) "
        f"OR (f.kind = {p} AND (l.new_value IS NULL) = (NOT EXISTS ({tag}))) "
        f"OR (f.kind = {p} AND c.unsubscribed = (l.new_value = {p})) "
        f"OR (f.kind = {p} AND {_COLUMN_NOW} {same} l.new_value)",
        (
            batch_id,
            journal.SCORE_BONUS,
            journal.MOVED,
            journal.FIELD,
            journal.TAG,
            journal.UNSUBSCRIBED,
            journal.PRESENT,
            journal.COLUMN,
        ),
    )
    for column, sql_type in journal.CONTACT_COLUMNS.items():
        db.execute_sql(
            f'UPDATE "contact" SET "{column}" = CAST(u.old_value AS {sql_type}) FROM "undo_journal" u '
            f"WHERE u.kind = {p} AND u.name = {p} AND u.contact_id = contact.id",
            (journal.COLUMN, column),
        )
    mine = 'SELECT 1 FROM "undo_journal" u WHERE u.kind = {p} AND u.contact_id = {t}.contact_id AND u.name = {t}.{c}'
    db.execute_sql(
        f'DELETE FROM "contact_field" WHERE EXISTS ({mine.format(p=p, t="contact_field", c="name")})',
        (journal.FIELD,),
    )
    db.execute_sql(
        'INSERT INTO "contact_field" (contact_id, name, value, number) SELECT contact_id, name, old_value, '
        f'old_number FROM "undo_journal" WHERE kind = {p} AND old_value IS NOT NULL',
        (journal.FIELD,),
    )
    db.execute_sql(
        f'DELETE FROM "contact_tag" WHERE EXISTS ({mine.format(p=p, t="contact_tag", c="tag")})',
        (journal.TAG,),
    )
    db.execute_sql(
        'INSERT INTO "contact_tag" (contact_id, tag) SELECT contact_id, name FROM "undo_journal" '
        f"WHERE kind = {p} AND old_value IS NOT NULL",
        (journal.TAG,),
    )
    db.execute_sql(
        f'UPDATE "contact" SET unsubscribed = (u.old_value = {p}) FROM "undo_journal" u '
        f"WHERE u.kind = {p} AND u.contact_id = contact.id",
        (journal.PRESENT, journal.UNSUBSCRIBED),
    )
    db.execute_sql(
        'UPDATE "contact" SET score_bonus = contact.score_bonus - b.points, score = contact.score - b.points '
        'FROM (SELECT contact_id, SUM(CAST(new_value AS INTEGER)) AS points FROM "journal" '
        f"WHERE batch_id = {p} AND kind = {p} GROUP BY contact_id) b WHERE b.contact_id = contact.id",
        (batch_id, journal.SCORE_BONUS),
    )
    db.execute_sql('DROP TABLE "undo_journal"')


# A contact column's current value as text, for a COLUMN entry `f` of contact `c`.
_COLUMN_NOW = (
    "CASE f.name "
    + " ".join(f"WHEN '{c}' THEN CAST(c.{c} AS TEXT)" for c in journal.CONTACT_COLUMNS)
    + " END"
)


def _remove_engagements(db: Database, config: WorkspaceConfig, batch_id: int, at: int) -> None:
    """The batch's engagements go; their contacts' score loses their points, count and last time follow."""
    p = db.param
    points = engagement_points_expr(
        config, score_date(at), SQL("e.channel"), SQL("e.kind"), SQL("e.occurred_at")
    )
    points_sql, points_args = db.get_sql_context().sql(points).query()
    create_temp_table(db, "undo_engaged", "contact_id BIGINT PRIMARY KEY, points BIGINT")
    n = db.execute_sql(
        f'INSERT INTO "undo_engaged" SELECT e.contact_id, SUM({points_sql}) FROM "engagement" e '
        f"WHERE e.batch_id = {p} GROUP BY e.contact_id",
        (*points_args, batch_id),
    ).rowcount
    if n:
        db.execute_sql(f'DELETE FROM "engagement" WHERE batch_id = {p}', (batch_id,))
        db.execute_sql(
            'UPDATE "contact" SET score = contact.score - u.points, '
            'engagement_count = (SELECT COUNT(*) FROM "engagement" e WHERE e.contact_id = contact.id), '
            'last_engaged_at = COALESCE((SELECT MAX(e.occurred_at) FROM "engagement" e '
            "  WHERE e.contact_id = contact.id), 0) "
            'FROM "undo_engaged" u WHERE u.contact_id = contact.id'
        )
    db.execute_sql('DROP TABLE "undo_engaged"')


def _move_back(db: Database, config: WorkspaceConfig, batch_id: int, at: int) -> None:
    """Rows a merge moved onto the kept contact go back to their own contacts (restored just before); the
    counts, last engaged times and scores of both sides are rebuilt from their engagements."""
    p = db.param
    touched: set[int] = set()
    for table in journal.MOVABLE_TABLES:
        moved = f'FROM "journal" j WHERE j.batch_id = {p} AND j.kind = {p} AND j.name = {p}'
        params = (batch_id, journal.MOVED, table)
        rows = db.execute_sql(
            f'SELECT DISTINCT t.contact_id, j.contact_id FROM "{table}" t JOIN "journal" j '
            f"ON t.id = CAST(j.old_value AS BIGINT) WHERE j.batch_id = {p} AND j.kind = {p} AND j.name = {p}",
            params,
        ).fetchall()
        if not rows:
            continue
        touched.update(i for pair in rows for i in pair)
        db.execute_sql(
            f'UPDATE "{table}" SET contact_id = j.contact_id {moved} AND "{table}".id = CAST(j.old_value AS BIGINT)',
            params,
        )
    if touched:
        recompute_contacts(config, sorted(touched), at)


def _restore_deleted(db: Database, batch_id: int) -> int:
    """Contacts the batch deleted, back from the trash with their ids and everything they had; one whose
    email was taken since stays in the trash."""
    p = db.param
    create_temp_table(db, "undo_restored", "id BIGINT PRIMARY KEY")
    n = db.execute_sql(
        f'INSERT INTO "undo_restored" SELECT t.id FROM "trash_contact" t WHERE t.trash_batch_id = {p} '
        'AND NOT EXISTS (SELECT 1 FROM "contact" c WHERE c.id = t.id OR c.email = t.email)',
        (batch_id,),
    ).rowcount
    for model, trash in TRASH.items():
        key = "id" if model is Contact else "contact_id"
        # Engagements and history rows get new ids: SQLite may have given theirs to new rows since.
        columns = ", ".join(
            f'"{f.column_name}"'
            for f in model._meta.sorted_fields
            if model is Contact or f.column_name != "id"
        )
        db.execute_sql(
            f'INSERT INTO "{model._meta.table_name}" ({columns}) SELECT {columns} '
            f'FROM "{trash._meta.table_name}" WHERE trash_batch_id = {p} '
            f'AND {key} IN (SELECT id FROM "undo_restored")',
            (batch_id,),
        )
        db.execute_sql(
            f'DELETE FROM "{trash._meta.table_name}" WHERE trash_batch_id = {p} '
            f'AND {key} IN (SELECT id FROM "undo_restored")',
            (batch_id,),
        )
    db.execute_sql('DROP TABLE "undo_restored"')
    return int(n or 0)
