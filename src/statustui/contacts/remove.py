"""Deleting contacts (undoable: they go to the trash tables with everything they have) and forgetting one (a
person's request to erase their data: every row that holds it is removed for good, trash included)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from statustui.changes import journal, open_batch
from statustui.changes.batches import FORGET_KIND
from statustui.errors import ServiceError
from statustui.store.db import with_retry
from statustui.store.models import TRASH, Batch, Contact

if TYPE_CHECKING:
    from statustui.services import Service


def _id_list(ids: Sequence[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)  # integers only: safe to inline, and no bound-variable limit


def delete_contacts(service: Service, ids: Sequence[int], description: str) -> int:
    """Delete `ids` as one undoable batch; returns how many contacts went."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise ServiceError("no contact to delete")
    db = service.db
    now = service.now()

    def work() -> int:
        batch_id = open_batch(db, "delete", description, now)
        return journal.delete_contacts(
            db, batch_id, f'SELECT id FROM "contact" WHERE id IN ({_id_list(ids)})'
        )

    return with_retry(db, work, "delete")


@dataclass
class Forgotten:
    email: str
    rows: dict[str, int]  # table -> rows removed

    def summary(self) -> str:
        parts = [f"{n} {table.replace('_', ' ')} row{'s' * (n != 1)}" for table, n in self.rows.items() if n]
        return f"forgot {self.email}: removed " + ", ".join(parts)


def forget_contact(service: Service, email: str) -> Forgotten:
    """Remove the contact with `email` and every trace of it: tags, fields, notes, engagements, history,
    journal entries, trashed copies; batch descriptions that named it are blanked. Not undoable."""
    db = service.db
    now = service.now()
    key = email.strip().lower()

    def work() -> Forgotten:
        contact = Contact.get_or_none(Contact.email == key)
        trashed = TRASH[Contact]._meta.table_name
        old_ids = [
            i for (i,) in db.execute_sql(f'SELECT id FROM "{trashed}" WHERE email = {db.param}', (key,))
        ]
        if contact is None and not old_ids:
            raise ServiceError(f"no contact with email {email!r}")
        ids = ([contact.id] if contact else []) + old_ids
        p = db.param
        rows: dict[str, int] = {}
        for model, trash in TRASH.items():
            column = "id" if model is Contact else "contact_id"
            table = trash._meta.table_name
            sql = f'DELETE FROM "{table}" WHERE {column} IN ({_id_list(ids)})'
            rows[model._meta.table_name] = int(db.execute_sql(sql).rowcount or 0)
        if contact is not None:
            for table in journal.CONTACT_TABLES:
                n = db.execute_sql(f'SELECT COUNT(*) FROM "{table}" WHERE contact_id = {p}', (contact.id,))
                rows[table] = rows.get(table, 0) + n.fetchone()[0]
            journal.delete_contact_rows(db, f"= {p}", (contact.id,))
            rows["contact"] = rows.get("contact", 0) + 1
        rows["journal"] = int(
            db.execute_sql(f'DELETE FROM "journal" WHERE contact_id IN ({_id_list(ids)})').rowcount or 0
        )
        Batch.update(description="(a forgotten contact)").where(Batch.description.contains(key)).execute()
        # A batch of its own, so that `undo` right after says this cannot be undone instead of silently
        # reverting the command before it.
        open_batch(db, FORGET_KIND, "forget a contact (cannot be undone)", now)
        return Forgotten(key, rows)

    return with_retry(db, work, "forget")
