"""`statustui import contacts FILE.csv`: validate every row, stage it, then merge set-based in one transaction.

Email identifies a contact: an existing one is updated (empty cells keep what it had; tags are added),
a new one is created with the file's status or the default. Any bad row means nothing is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peewee import SQL

from statustui.config import StatusDef, name_key
from statustui.import_export.csv_input import check_header, read_csv
from statustui.import_export.errors import ImportProblem, ProblemList
from statustui.scoring.points import status_points_expr
from statustui.store.bulk import create_temp_table, insert_rows
from statustui.store.db import with_retry
from statustui.store.models import Batch
from statustui.suggest import did_you_mean
from statustui.timeutil import TimeError, parse_instant

if TYPE_CHECKING:
    from statustui.services import Service

STANDARD = ("name", "email", "phone", "company", "source", "status", "created_at", "tags")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
Progress = Callable[[int], None]


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    status_changed: int = 0
    created_ids: list[int] | None = None
    batch_id: int | None = None  # the batch of status changes to existing contacts

    def summary(self) -> str:
        return f"{self.rows} rows: {self.created} contacts created, {self.updated} updated" + (
            f", {self.status_changed} status changes" if self.status_changed else ""
        )


def _number(value: str) -> float | None:
    try:
        return float(value.replace(",", "")) if value.strip() else None
    except ValueError:
        return None


def import_contacts(
    service: Service,
    path: Path,
    default_status: str | None = None,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    db = service.db
    config = service.config
    default = service.resolve_status(default_status) if default_status else config.default_status
    header, rows = read_csv(path)
    mapping = {k.strip().lower(): v.strip().lower() for k, v in (mapping or {}).items()}
    for column, target in mapping.items():
        if column not in header:
            raise ImportProblem(
                f"--map {column}={target}: the file has no column {column!r} (columns: {', '.join(header)})"
            )
        if target not in STANDARD and not target.startswith("field."):
            raise ImportProblem(
                f"--map {column}={target}: {target!r} is not a field; use one of "
                f"{', '.join(STANDARD)} or field.NAME"
            )
    header = [mapping.get(h, h) for h in header]
    check_header(path, header, required=("email",))
    index = {h: i for i, h in enumerate(header)}
    custom = [(i, name_key(h.removeprefix("field."))) for i, h in enumerate(header) if h not in STANDARD]
    problems = ProblemList(path.name)
    unknown_status: dict[str, list[int]] = {}
    tz = config.tz
    now = service.now()

    # Each standard column's position; a column the file lacks reads the empty cell past the header's end.
    width = len(header)
    pick = itemgetter(
        *[
            index.get(name, width)
            for name in ("email", "name", "phone", "company", "source", "status", "created_at", "tags")
        ]
    )
    statuses: dict[str, StatusDef | None] = {}  # a file names a few statuses a million times
    report = ImportReport()

    def staged_rows() -> Any:
        for number, cells in rows:
            if not "".join(cells).strip():
                continue  # blank line
            if len(cells) > width:
                problems.add(f"row {number}", f"has {len(cells)} cells but the header names {width} columns")
                continue
            padded = cells + [""] * (width + 1 - len(cells))
            email, name, phone, company, source, status_name, created, tags_cell = [
                v.strip() or None for v in pick(padded)
            ]
            email = (email or "").lower()
            if not EMAIL.match(email):
                problems.add(
                    f"row {number}, column email",
                    f"{email!r} is not an email address" if email else "the email is empty",
                )
                continue
            status = None
            if status_name:
                found = statuses.get(status_name) or statuses.setdefault(
                    status_name, config.status(status_name)
                )
                if found is None:
                    unknown_status.setdefault(status_name, []).append(number)
                    continue
                status = found.name
            created_at = None
            if created:
                try:
                    created_at = parse_instant(created, tz)
                except TimeError as e:
                    problems.add(f"row {number}, column created_at", str(e))
                    continue
            report.rows += 1
            if progress and report.rows % 10_000 == 0:
                progress(report.rows)
            tags = [name_key(t) for t in tags_cell.split(";") if t.strip()] if tags_cell else []
            fields = [(key, padded[i].strip()) for i, key in custom if padded[i].strip()]
            yield (
                number,
                email,
                name,
                phone,
                company,
                source,
                status,
                created_at,
                ";".join(tags) or None,
                "\x1f".join(f"{k}\x1e{v}" for k, v in fields) or None,
            )

    create_temp_table(
        db,
        "stage_contact",
        "row_no INTEGER, email TEXT, name TEXT, phone TEXT, company TEXT, "
        "source TEXT, status TEXT, created_at BIGINT, tags TEXT, fields TEXT",
    )
    try:
        with db.atomic():
            insert_rows(
                db,
                "stage_contact",
                (
                    "row_no",
                    "email",
                    "name",
                    "phone",
                    "company",
                    "source",
                    "status",
                    "created_at",
                    "tags",
                    "fields",
                ),
                staged_rows(),
            )
        for value, numbers in unknown_status.items():
            listed = ", ".join(map(str, numbers[:10])) + (
                f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
            )
            problems.add(
                f"row{'s' if len(numbers) > 1 else ''} {listed}, column status",
                f"unknown status {value!r}{did_you_mean(value, config.status_names)}; "
                f"statuses: {', '.join(config.status_names)}",
            )
        _check_duplicates(db, problems)
        problems.raise_if_any()

        def merge() -> None:
            _merge(service, default.name, now, report)
            # The rules, in the same transaction: all or nothing.
            if report.created_ids:
                service._after_create(report.created_ids)
            if report.batch_id is not None:
                service._after_status_change(report.batch_id)

        with_retry(db, merge, "import")
    finally:
        db.execute_sql('DROP TABLE IF EXISTS "stage_contact"')
    return report


def _check_duplicates(db: Any, problems: ProblemList) -> None:
    rows = db.execute_sql(
        'SELECT email, row_no FROM "stage_contact" WHERE email IN '
        '(SELECT email FROM "stage_contact" GROUP BY email HAVING COUNT(*) > 1) ORDER BY email, row_no LIMIT 500'
    ).fetchall()
    seen: dict[str, list[int]] = {}
    for email, row_no in rows:
        seen.setdefault(email, []).append(row_no)
    for email, numbers in seen.items():
        problems.add(
            f"rows {', '.join(map(str, numbers))}, column email",
            f"{email} appears {len(numbers)} times; an email identifies one contact - keep one row",
        )


def _merge(service: Service, default_status: str, now: int, report: ImportReport) -> None:
    db = service.db
    config = service.config
    p = db.param

    def points_sql(column: str) -> tuple[str, list[Any]]:
        """The status points of the status in `column` (raw SQL), as the scoring module defines them."""
        sql, args = db.get_sql_context().sql(status_points_expr(config, SQL(column))).query()
        return f"({sql})", list(args)

    batch = Batch.create(kind="import", at=now, description="import contacts")
    max_id = db.execute_sql('SELECT COALESCE(MAX(id), 0) FROM "contact"').fetchone()[0]
    # A file of only new emails (the first, big import) skips the passes that join it to existing contacts.
    existing = (
        db.execute_sql(
            'SELECT 1 FROM "stage_contact" s JOIN "contact" c ON c.email = s.email LIMIT 1'
        ).fetchone()
        is not None
    )
    changed = updated = 0
    unsub = [s.name for s in config.statuses if s.unsubscribes]
    if existing:
        # Status changes of existing contacts: history first, so it sees the old status.
        changed = db.execute_sql(
            f'INSERT INTO "status_history" (contact_id, at, old_status, new_status, actor, actor_name, manual, '
            f"old_manual, old_unsubscribed, batch_id) "
            f"SELECT c.id, {p}, c.status, s.status, {p}, NULL, {p}, c.status_manual, c.unsubscribed, {p} "
            f'FROM "contact" c JOIN "stage_contact" s ON s.email = c.email '
            f"WHERE s.status IS NOT NULL AND s.status <> c.status",
            (now, "import", False, batch.id),
        ).rowcount
        old_pts, old_args = points_sql("contact.status")
        new_pts, new_args = points_sql("s.status")
        updated = db.execute_sql(
            f'UPDATE "contact" SET '
            f"name = COALESCE(s.name, contact.name), phone = COALESCE(s.phone, contact.phone), "
            f"company = COALESCE(s.company, contact.company), source = COALESCE(s.source, contact.source), "
            f"created_at = COALESCE(s.created_at, contact.created_at), "
            f"score = contact.score + CASE WHEN s.status IS NOT NULL AND s.status <> contact.status "
            f"  THEN {new_pts} - {old_pts} ELSE 0 END, "
            f"status_manual = CASE WHEN s.status IS NOT NULL AND s.status <> contact.status "
            f"  THEN {p} ELSE contact.status_manual END, "
            f"status_changed_at = CASE WHEN s.status IS NOT NULL AND s.status <> contact.status "
            f"  THEN {p} ELSE contact.status_changed_at END, "
            f"status = COALESCE(s.status, contact.status) "
            f'FROM "stage_contact" s WHERE s.email = contact.email',
            (*new_args, *old_args, False, now),
        ).rowcount
        if unsub and changed:
            marks = ", ".join([p] * len(unsub))
            db.execute_sql(
                f'UPDATE "contact" SET unsubscribed = {p} WHERE id IN (SELECT contact_id FROM "status_history" '
                f"WHERE batch_id = {p}) AND status IN ({marks})",
                (True, batch.id, *unsub),
            )
    new_pts, new_args = points_sql(f"COALESCE(s.status, {p})")
    created = db.execute_sql(
        f'INSERT INTO "contact" (name, email, phone, company, source, status, status_manual, status_changed_at, '
        f"created_at, score, score_bonus, unsubscribed, last_engaged_at, engagement_count) "
        f"SELECT COALESCE(s.name, {p}), s.email, s.phone, s.company, s.source, COALESCE(s.status, {p}), {p}, "
        f"COALESCE(s.created_at, {p}), COALESCE(s.created_at, {p}), {new_pts}, 0, "
        f"CASE WHEN COALESCE(s.status, {p}) IN ({', '.join([p] * max(1, len(unsub)))}) THEN {p} ELSE {p} END, "
        f'0, 0 FROM "stage_contact" s '
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
        ),
    ).rowcount
    db.execute_sql(
        f'INSERT INTO "status_history" (contact_id, at, old_status, new_status, actor, actor_name, manual, '
        f"old_manual, old_unsubscribed, batch_id) "
        f"SELECT c.id, c.created_at, NULL, c.status, CASE WHEN s.status IS NULL THEN {p} ELSE {p} END, NULL, "
        f'{p}, NULL, NULL, NULL FROM "contact" c JOIN "stage_contact" s ON s.email = c.email WHERE c.id > {p}',
        ("default", "import", False, max_id),
    )
    _merge_tags_and_fields(db)
    if changed == 0:
        batch.delete_instance()
    else:
        report.batch_id = batch.id
    report.created = created
    report.updated = updated
    report.status_changed = changed
    report.created_ids = [
        i
        for (i,) in db.execute_sql(
            f'SELECT id FROM "contact" WHERE id > {p} ORDER BY id', (max_id,)
        ).fetchall()
    ]


def _merge_tags_and_fields(db: Any) -> None:
    """The staged rows' tags (added) and custom fields (set), streamed through staging tables so memory stays
    flat however large the file."""

    def tags() -> Iterator[tuple[str, str]]:
        for email, packed in db.execute_sql('SELECT email, tags FROM "stage_contact" WHERE tags IS NOT NULL'):
            yield from ((email, t) for t in packed.split(";") if t)

    def fields() -> Iterator[tuple[str, str, str, float | None]]:
        for email, packed in db.execute_sql(
            'SELECT email, fields FROM "stage_contact" WHERE fields IS NOT NULL'
        ):
            for pair in packed.split("\x1f"):
                name, value = pair.split("\x1e", 1)
                yield email, name, value, _number(value)

    create_temp_table(db, "stage_tag", "email TEXT, tag TEXT")
    if insert_rows(db, "stage_tag", ("email", "tag"), tags()):
        db.execute_sql(
            'INSERT INTO "contact_tag" (contact_id, tag) SELECT DISTINCT c.id, t.tag FROM "stage_tag" t '
            'JOIN "contact" c ON c.email = t.email ON CONFLICT DO NOTHING'
        )
    db.execute_sql('DROP TABLE "stage_tag"')
    create_temp_table(db, "stage_field", "email TEXT, name TEXT, value TEXT, number DOUBLE PRECISION")
    if insert_rows(db, "stage_field", ("email", "name", "value", "number"), fields()):
        db.execute_sql(
            'INSERT INTO "contact_field" (contact_id, name, value, number) '
            'SELECT c.id, f.name, f.value, f.number FROM "stage_field" f JOIN "contact" c ON c.email = f.email '
            "WHERE true ON CONFLICT (contact_id, name) DO UPDATE SET value = excluded.value, "
            "number = excluded.number"
        )
    db.execute_sql('DROP TABLE "stage_field"')
