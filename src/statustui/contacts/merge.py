"""Merging duplicates (`statustui merge KEEP OTHER...`, `m` in the app): the kept contact gets the others'
tags, engagements, notes and history (each row keeps its time), the fields and columns it lacks, and keeps
its status unless told otherwise; the others go. One batch: one undo restores every contact as it was."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from statustui.changes import journal, new_stage, open_batch, stage_contacts, write_status_changes
from statustui.errors import ServiceError
from statustui.scoring.recompute import recompute_contacts
from statustui.store.db import with_retry
from statustui.store.models import Contact
from statustui.store.rows import tuples

if TYPE_CHECKING:
    from statustui.services import Service


@dataclass
class MergeResult:
    kept: str  # the kept contact's email
    merged: list[str]  # the others' emails
    moved: dict[str, int]  # table -> rows moved onto the kept contact
    batch_id: int

    def summary(self) -> str:
        moved = ", ".join(
            f"{n} {t.replace('_', ' ')} row{'s' * (n != 1)}" for t, n in self.moved.items() if n
        )
        return f"merged {', '.join(self.merged)} into {self.kept}" + (f" ({moved})" if moved else "")


def merge_contacts(
    service: Service,
    keep_id: int,
    other_ids: Sequence[int],
    status: str | None = None,
    values: dict[str, str] | None = None,
) -> MergeResult:
    """Merge `other_ids` into `keep_id`; `values` gives the merged contact's own columns where a person
    picked another contact's value (the app's side-by-side view)."""
    others = list(dict.fromkeys(other_ids))
    if not others:
        raise ServiceError("name at least one contact to merge into the kept one")
    if keep_id in others:
        raise ServiceError("a contact cannot be merged with itself; name the kept contact once")
    status = status or (values or {}).get("status") or None
    target = service.resolve_status(status, for_person=True) if status else None
    db = service.db
    config = service.config
    now = service.now()
    p = db.param
    ids = ", ".join(str(int(i)) for i in others)

    def work() -> MergeResult:
        keep = Contact.get_or_none(Contact.id == keep_id)
        emails = Contact.select(Contact.email).where(Contact.id.in_(others)).order_by(Contact.id)
        merged = [e for (e,) in tuples(emails)]
        if keep is None or len(merged) != len(others):
            raise ServiceError("a contact to merge no longer exists")
        batch_id = open_batch(db, "merge", f"merge {', '.join(merged)} into {keep.email}", now)
        # Tags: the union.
        tags = f'SELECT DISTINCT tag FROM "contact_tag" WHERE contact_id IN ({ids}) AND tag NOT IN (SELECT tag FROM "contact_tag" WHERE contact_id = {p})'
        journal.record_from(
            db,
            batch_id,
            journal.TAG,
            f"SELECT {p} AS contact_id, tag AS name, NULL AS old_value, {p} AS new_value, NULL AS old_number FROM ({tags}) t",
            (keep_id, journal.PRESENT, keep_id),
        )
        db.execute_sql(
            f'INSERT INTO "contact_tag" (contact_id, tag) SELECT {p}, tag FROM ({tags}) t', (keep_id, keep_id)
        )
        # Custom fields the kept contact lacks: from the first other that has one.
        lacking = (
            f'SELECT f.name, f.value, f.number FROM "contact_field" f WHERE f.contact_id IN ({ids}) '
            f'AND NOT EXISTS (SELECT 1 FROM "contact_field" k WHERE k.contact_id = {p} AND k.name = f.name) '
            f'AND f.contact_id = (SELECT MIN(o.contact_id) FROM "contact_field" o WHERE o.contact_id IN ({ids}) AND o.name = f.name)'
        )
        journal.record_from(
            db,
            batch_id,
            journal.FIELD,
            f"SELECT {p} AS contact_id, name, NULL AS old_value, value AS new_value, NULL AS old_number FROM ({lacking}) l",
            (keep_id, keep_id),
        )
        db.execute_sql(
            f'INSERT INTO "contact_field" (contact_id, name, value, number) SELECT {p}, name, value, number FROM ({lacking}) l',
            (keep_id, keep_id),
        )
        # The contact's own columns it lacks (not the email: that identifies it).
        filled: dict[str, str] = {}
        for column in journal.EDITABLE_COLUMNS:
            if column == "email" or getattr(keep, column):
                continue
            value = (
                Contact.select(getattr(Contact, column))
                .where(
                    Contact.id.in_(others),
                    getattr(Contact, column).is_null(False),
                    getattr(Contact, column) != "",
                )
                .order_by(Contact.id)
                .scalar()
            )
            if value:
                filled[column] = value
        chosen = {k: v for k, v in (values or {}).items() if k in journal.EDITABLE_COLUMNS and k != "email"}
        filled.update({k: v for k, v in chosen.items() if v != (getattr(keep, k) or "")})
        if filled:
            journal.record(
                db,
                batch_id,
                [journal.Entry(keep_id, journal.COLUMN, c, getattr(keep, c), v) for c, v in filled.items()],
            )
            Contact.update({getattr(Contact, c): v for c, v in filled.items()}).where(
                Contact.id == keep_id
            ).execute()
        # Engagements, history and notes move over with their times; the journal keeps where each came from.
        moved: dict[str, int] = {}
        for table in journal.MOVABLE_TABLES:
            journal.record_from(
                db,
                batch_id,
                journal.MOVED,
                f'SELECT contact_id, {p} AS name, CAST(id AS TEXT) AS old_value, NULL AS new_value, NULL AS old_number FROM "{table}" WHERE contact_id IN ({ids})',
                (table,),
            )
            update = f'UPDATE "{table}" SET contact_id = {p} WHERE contact_id IN ({ids})'
            moved[table] = int(db.execute_sql(update, (keep_id,)).rowcount or 0)
        journal.delete_contacts(db, batch_id, f'SELECT id FROM "contact" WHERE id IN ({ids})')
        if target is not None:
            new_stage(db)
            stage_contacts(db, Contact.id == keep_id, now, target.name, manual=True, actor="person")
            write_status_changes(db, config, batch_id)
        recompute_contacts(config, [keep_id], now)
        return MergeResult(str(keep.email), merged, moved, batch_id)

    return with_retry(db, work, "merge")
