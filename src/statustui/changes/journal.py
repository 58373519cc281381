"""The journal: what a batch changed besides statuses, so that `undo` reverts it exactly.

Status changes need no journal (their history rows hold the old values), nor do created contacts
(`contact.created_batch_id`) and added engagements (`engagement.batch_id`): undo finds those by the batch.
Everything else is recorded here by the code that changes it, in the same transaction:

- FIELD: a custom field `name`, old value -> new value (NULL: the contact had none / has none now), and the
  old value's number (contact_field.number);
- TAG: tag `name`, old -> new, "1" present, NULL absent;
- UNSUBSCRIBED: the flag, "0"/"1" -> "0"/"1" (besides what a status change's history row restores);
- SCORE_BONUS: `new_value` points were added to the rule bonus (and the score); undo subtracts them;
- COLUMN: one of the contact's own columns (CONTACT_COLUMNS: name, email, phone, ...), old -> new as text;
- deleted contacts: `delete_contacts` moves their rows (contact, tags, fields, engagements, history) to the
  `trash_*` tables, and undo puts them back with their ids.

Record set-based where the change is set-based (`record_from`, one INSERT..SELECT); `record` takes rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from peewee import Database

from statustui.store.bulk import insert_rows
from statustui.store.db import is_postgres
from statustui.store.models import TRASH, Contact

FIELD = "field"
TAG = "tag"
UNSUBSCRIBED = "unsubscribed"
SCORE_BONUS = "score_bonus"
COLUMN = "column"
# A row of table `name` (engagement, status_history, note) whose id is `old_value` moved from `contact_id` to
# another contact (a merge); undo moves it back.
MOVED = "moved"
KINDS = (FIELD, TAG, UNSUBSCRIBED, SCORE_BONUS, COLUMN, MOVED)
# The contact columns a COLUMN entry may name, with their SQL type (undo casts the text back).
CONTACT_COLUMNS = {
    "name": "TEXT",
    "email": "TEXT",
    "phone": "TEXT",
    "company": "TEXT",
    "source": "TEXT",
    "created_at": "BIGINT",
}
# What a person edits by hand (`contact edit`); the email identifies a contact, the rest is free text.
EDITABLE_COLUMNS = ("name", "email", "phone", "company", "source")
MOVABLE_TABLES = ("engagement", "status_history", "note")  # what a merge moves to the kept contact
# Every table whose rows belong to one contact (by contact_id).
CONTACT_TABLES = ("contact_tag", "contact_field", "engagement", "status_history", "note", "rule_skip")

PRESENT = "1"  # a TAG entry's value when the contact has the tag


class Entry(NamedTuple):
    contact_id: int
    kind: str
    name: str
    old_value: str | None
    new_value: str | None
    old_number: float | None = None  # FIELD only


COLUMNS = ("batch_id", "kind", "contact_id", "name", "old_value", "new_value", "old_number")


def record(db: Database, batch_id: int, entries: Iterable[Entry]) -> int:
    """Journal rows given in Python (a few, or what an in-memory run changed)."""
    return insert_rows(
        db,
        "journal",
        COLUMNS,
        ((batch_id, e.kind, e.contact_id, e.name, e.old_value, e.new_value, e.old_number) for e in entries),
    )


def record_from(db: Database, batch_id: int, kind: str, select: str, params: Sequence[Any] = ()) -> int:
    """Journal the rows of a SELECT of exactly (contact_id, name, old_value, new_value, old_number), in that
    order: call it before the change, selecting only what the change will alter (a million-row command that
    alters little journals little). `name` is '' and old_number NULL where the kind has none."""
    if kind not in KINDS:
        raise ValueError(f"unknown journal kind {kind!r}")
    p = db.param
    # A CTE names the SELECT's columns on both databases; the CAST types a bare NULL (PostgreSQL reads it as
    # text).
    return int(
        db.execute_sql(
            f"WITH j (contact_id, name, old_value, new_value, old_number) AS ({select}) "
            f'INSERT INTO "journal" ({", ".join(COLUMNS)}) SELECT {p}, {p}, j.contact_id, j.name, j.old_value, '
            "j.new_value, CAST(j.old_number AS DOUBLE PRECISION) FROM j",
            (*params, batch_id, kind),
        ).rowcount
        or 0
    )


def mark_created(db: Database, batch_id: int, ids_select: str, params: Sequence[Any] = ()) -> int:
    """Contacts the batch created (`ids_select`: SELECT of their ids): its undo deletes them. An INSERT can
    also set `created_batch_id` itself."""
    return int(
        db.execute_sql(
            f'UPDATE "contact" SET created_batch_id = {db.param} WHERE id IN ({ids_select})',
            (batch_id, *params),
        ).rowcount
        or 0
    )


def delete_contacts(db: Database, batch_id: int, ids_select: str, params: Sequence[Any] = ()) -> int:
    """Delete the contacts `ids_select` selects, with everything that refers to them, keeping a full copy in
    the trash tables for undo; returns how many contacts. (To forget a person for good, delete without this.)"""
    p = db.param
    for model, trash in TRASH.items():
        columns = ", ".join(f'"{f.column_name}"' for f in model._meta.sorted_fields)
        key = "id" if model is Contact else "contact_id"
        db.execute_sql(
            f'INSERT INTO "{trash._meta.table_name}" ({columns}, trash_batch_id) '
            f'SELECT {columns}, {p} FROM "{model._meta.table_name}" WHERE {key} IN ({ids_select})',
            (batch_id, *params),
        )
    return delete_contact_rows(db, f"IN ({ids_select})", params)


def delete_contact_rows(db: Database, id_condition: str, params: Sequence[Any] = ()) -> int:
    """Delete contacts whose id satisfies `id_condition` (e.g. "IN (SELECT ...)") and the rows referring to
    them. On PostgreSQL the foreign keys' ON DELETE CASCADE does it (run as the tables' owner, so a member
    role needs no DELETE right on the append-only history); SQLite workspaces run without foreign-key
    enforcement, so the rows are deleted here."""
    tables = ["rule_skip"]  # no foreign key
    if not is_postgres(db):
        tables += ["contact_tag", "contact_field", "engagement", "status_history", "note"]
    for table in tables:
        db.execute_sql(f'DELETE FROM "{table}" WHERE contact_id {id_condition}', params)
    return int(db.execute_sql(f'DELETE FROM "contact" WHERE id {id_condition}', params).rowcount or 0)
