"""The staged contacts (`stage_contact`, one row per good file row) merged into the workspace in SQL, or
counted for a dry run: new, updated, unchanged, and the status changes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from peewee import SQL, Database

from statustui.changes import journal, new_stage, stage_select, write_first_statuses, write_status_changes
from statustui.import_export.cells import number_of
from statustui.import_export.errors import ProblemList
from statustui.scoring.points import status_points_expr
from statustui.store.bulk import create_temp_table, insert_rows
from statustui.store.db import is_postgres

if TYPE_CHECKING:
    from statustui.import_export.contacts import ImportReport
    from statustui.services import Service

STAGING = ("stage_contact", "stage_tag", "stage_field")
_CORE = ("name", "phone", "company", "source", "created_at")


def drop_staging(db: Database) -> None:
    for table in STAGING:
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')


def check_duplicates(db: Database, problems: ProblemList, keep_ids: bool) -> None:
    """An email (or, in a restore, an id) on two rows: which rows."""
    keys = [("email", "email")] + ([("file_id", "id")] if keep_ids else [])
    for column, label in keys:
        rows = db.execute_sql(
            f'SELECT {column}, row_no FROM "stage_contact" WHERE {column} IN (SELECT {column} FROM '
            f'"stage_contact" GROUP BY {column} HAVING COUNT(*) > 1) ORDER BY {column}, row_no LIMIT 500'
        ).fetchall()
        seen: dict[Any, list[int]] = {}
        for value, row_no in rows:
            seen.setdefault(value, []).append(row_no)
        for value, numbers in seen.items():
            problems.add(
                f"rows {', '.join(map(str, numbers))}, column {label}",
                f"{value} appears {len(numbers)} times; an {label} identifies one contact - keep one row",
            )


def unpack_tags_and_fields(db: Database) -> None:
    """The staged rows' packed tags and custom fields as rows of their own (indexed by email), streamed so
    memory stays flat however large the file."""

    def tags() -> Iterator[tuple[str, str]]:
        for email, packed in db.execute_sql('SELECT email, tags FROM "stage_contact" WHERE tags IS NOT NULL'):
            yield from ((email, t) for t in packed.split(";") if t)

    def fields() -> Iterator[tuple[str, str, str, float | None]]:
        for email, packed in db.execute_sql(
            'SELECT email, fields FROM "stage_contact" WHERE fields IS NOT NULL'
        ):
            for pair in packed.split("\x1f"):
                name, value = pair.split("\x1e", 1)
                yield email, name, value, number_of(value)

    create_temp_table(db, "stage_tag", "email TEXT, tag TEXT")
    create_temp_table(db, "stage_field", "email TEXT, name TEXT, value TEXT, number DOUBLE PRECISION")
    with db.atomic():
        insert_rows(db, "stage_tag", ("email", "tag"), tags())
        insert_rows(db, "stage_field", ("email", "name", "value", "number"), fields())
    for table in STAGING:
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_email" ON "{table}" (email)')


def _differs() -> str:
    """SQL: staged row `s` would change contact `c` (an empty cell keeps what is there; tags are added)."""
    core = " OR ".join(f"(s.{col} IS NOT NULL AND (c.{col} IS NULL OR s.{col} <> c.{col}))" for col in _CORE)
    return (
        f"{core} OR (s.status IS NOT NULL AND s.status <> c.status) "
        "OR (s.unsubscribed AND NOT c.unsubscribed) "
        'OR EXISTS (SELECT 1 FROM "stage_tag" t WHERE t.email = s.email AND NOT EXISTS '
        '(SELECT 1 FROM "contact_tag" ct WHERE ct.contact_id = c.id AND ct.tag = t.tag)) '
        'OR EXISTS (SELECT 1 FROM "stage_field" f WHERE f.email = s.email AND NOT EXISTS '
        '(SELECT 1 FROM "contact_field" cf WHERE cf.contact_id = c.id AND cf.name = f.name '
        "AND cf.value = f.value))"
    )


def _count_existing(db: Database, report: ImportReport) -> None:
    matched = 'FROM "stage_contact" s JOIN "contact" c ON c.email = s.email'
    total, updated = db.execute_sql(
        f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {_differs()} THEN 1 ELSE 0 END), 0) {matched}"
    ).fetchone()
    report.updated = int(updated)
    report.unchanged = int(total) - int(updated)
    report.created = report.rows - int(total)


def preview(service: Service, default_status: str, report: ImportReport) -> None:
    """What `merge` would do, read from the staging tables; writes nothing."""
    db = service.db
    p = db.param
    unpack_tags_and_fields(db)
    _count_existing(db, report)
    report.status_moves = [
        (old, new, n)
        for old, new, n in db.execute_sql(
            'SELECT c.status, s.status, COUNT(*) FROM "stage_contact" s JOIN "contact" c ON c.email = s.email '
            "WHERE s.status IS NOT NULL AND s.status <> c.status GROUP BY c.status, s.status "
            "ORDER BY COUNT(*) DESC, c.status, s.status"
        )
    ]
    report.new_statuses = [
        (status, n)
        for status, n in db.execute_sql(
            f'SELECT COALESCE(s.status, {p}), COUNT(*) FROM "stage_contact" s WHERE NOT EXISTS '
            f'(SELECT 1 FROM "contact" c WHERE c.email = s.email) GROUP BY COALESCE(s.status, {p}) '
            f"ORDER BY COUNT(*) DESC, COALESCE(s.status, {p})",
            (default_status, default_status, default_status),
        )
    ]
    report.status_changed = sum(n for _, _, n in report.status_moves)


def merge(
    service: Service, default_status: str, now: int, keep_ids: bool, report: ImportReport, batch_id: int
) -> None:
    """Update the contacts the file names, create the others, add tags and set fields (call in a transaction,
    in the import's batch; what existing contacts lose is journalled for undo first)."""
    db = service.db
    config = service.config
    p = db.param

    def points_sql(column: str) -> tuple[str, list[Any]]:
        """The status points of the status in `column` (raw SQL), as the scoring module defines them."""
        sql, args = db.get_sql_context().sql(status_points_expr(config, SQL(column))).query()
        return f"({sql})", list(args)

    unpack_tags_and_fields(db)
    # A file of only new emails (the first, big import) skips the passes that join it to existing contacts.
    existing = (
        db.execute_sql(
            'SELECT 1 FROM "stage_contact" s JOIN "contact" c ON c.email = s.email LIMIT 1'
        ).fetchone()
        is not None
    )
    changed = 0
    unsub = [s.name for s in config.statuses if s.unsubscribes]
    if existing:
        _count_existing(db, report)
        _journal(db, batch_id)
        # Status changes of existing contacts, through the one write path.
        new_stage(db)
        stage_select(
            db,
            ("contact_id", "at", "new_status", "manual", "actor"),
            f"SELECT c.id, {p}, s.status, {p}, {p} "
            'FROM "contact" c JOIN "stage_contact" s ON s.email = c.email '
            "WHERE s.status IS NOT NULL AND s.status <> c.status",
            (now, False, "import"),
        )
        changed = write_status_changes(db, config, batch_id)
        db.execute_sql(
            f'UPDATE "contact" SET '
            f"name = COALESCE(s.name, contact.name), phone = COALESCE(s.phone, contact.phone), "
            f"company = COALESCE(s.company, contact.company), source = COALESCE(s.source, contact.source), "
            f"created_at = COALESCE(s.created_at, contact.created_at), "
            f"unsubscribed = CASE WHEN s.unsubscribed THEN {p} ELSE contact.unsubscribed END "
            f'FROM "stage_contact" s WHERE s.email = contact.email',
            (True,),
        )
    new_pts, new_args = points_sql(f"COALESCE(s.status, {p})")
    ids = ("id, ", "s.file_id, ") if keep_ids else ("", "")
    created = db.execute_sql(
        f'INSERT INTO "contact" ({ids[0]}name, email, phone, company, source, status, status_manual, '
        f"status_changed_at, created_at, score, score_bonus, unsubscribed, last_engaged_at, engagement_count, "
        f"created_batch_id) "
        f"SELECT {ids[1]}COALESCE(s.name, {p}), s.email, s.phone, s.company, s.source, COALESCE(s.status, {p}), "
        f"COALESCE(s.status_manual, {p}), COALESCE(s.status_changed_at, s.created_at, {p}), "
        f"COALESCE(s.created_at, {p}), {new_pts} + COALESCE(s.score_bonus, 0), COALESCE(s.score_bonus, 0), "
        f"CASE WHEN COALESCE(s.status, {p}) IN ({', '.join([p] * max(1, len(unsub)))}) OR s.unsubscribed "
        f"THEN {p} ELSE {p} END, "
        f'0, 0, {p} FROM "stage_contact" s '
        + ('WHERE NOT EXISTS (SELECT 1 FROM "contact" c WHERE c.email = s.email) ' if existing else "")
        + "ORDER BY s.row_no",
        (
            "",
            default_status,
            False,
            now,
            now,
            default_status,
            *new_args,
            default_status,
            *(unsub or [""]),
            True,
            False,
            batch_id,
        ),
    ).rowcount
    if keep_ids and is_postgres(db):  # explicit ids leave the sequence behind: the next contact needs one
        db.execute_sql(
            "SELECT setval(pg_get_serial_sequence('contact', 'id'), (SELECT MAX(id) FROM \"contact\"))"
        )
    write_first_statuses(
        db,
        f"CASE WHEN s.status IS NULL THEN {p} ELSE {p} END",
        f'FROM "contact" c JOIN "stage_contact" s ON s.email = c.email WHERE c.created_batch_id = {p}',
        ("default", "import", batch_id),
    )
    _merge_tags_and_fields(db)
    report.created = created
    report.status_changed = changed
    report.created_ids = [
        i
        for (i,) in db.execute_sql(
            f'SELECT id FROM "contact" WHERE created_batch_id = {p} ORDER BY id', (batch_id,)
        ).fetchall()
    ]


def _journal(db: Database, batch_id: int) -> None:
    """What the merge will change in existing contacts besides statuses: tags added, fields set, their own
    columns, the unsubscribe flag (set-based, only what changes)."""
    p = db.param
    matched = 'FROM "stage_contact" s JOIN "contact" c ON c.email = s.email'
    journal.record_from(
        db,
        batch_id,
        journal.TAG,
        f"SELECT DISTINCT c.id, t.tag, NULL, {p}, NULL "
        'FROM "stage_tag" t JOIN "contact" c ON c.email = t.email WHERE NOT EXISTS '
        '(SELECT 1 FROM "contact_tag" ct WHERE ct.contact_id = c.id AND ct.tag = t.tag)',
        (journal.PRESENT,),
    )
    journal.record_from(
        db,
        batch_id,
        journal.FIELD,
        "SELECT c.id, f.name, old.value, f.value, old.number "
        'FROM "stage_field" f JOIN "contact" c ON c.email = f.email '
        'LEFT JOIN "contact_field" old ON old.contact_id = c.id AND old.name = f.name '
        "WHERE old.value IS NULL OR old.value <> f.value",
    )
    for column in _CORE:
        journal.record_from(
            db,
            batch_id,
            journal.COLUMN,
            f"SELECT c.id, {p}, CAST(c.{column} AS TEXT), CAST(s.{column} AS TEXT), NULL {matched} "
            f"WHERE s.{column} IS NOT NULL AND (c.{column} IS NULL OR s.{column} <> c.{column})",
            (column,),
        )
    journal.record_from(
        db,
        batch_id,
        journal.UNSUBSCRIBED,
        f"SELECT c.id, '', '0', '1', NULL {matched} WHERE s.unsubscribed AND NOT c.unsubscribed",
    )


def _merge_tags_and_fields(db: Database) -> None:
    db.execute_sql(
        'INSERT INTO "contact_tag" (contact_id, tag) SELECT DISTINCT c.id, t.tag FROM "stage_tag" t '
        'JOIN "contact" c ON c.email = t.email ON CONFLICT DO NOTHING'
    )
    db.execute_sql(
        'INSERT INTO "contact_field" (contact_id, name, value, number) '
        'SELECT c.id, f.name, f.value, f.number FROM "stage_field" f JOIN "contact" c ON c.email = f.email '
        "WHERE true ON CONFLICT (contact_id, name) DO UPDATE SET value = excluded.value, "
        "number = excluded.number"
    )
