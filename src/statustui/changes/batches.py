"""Batches: every command that changes data opens one, even when it changes no status, so that `undo`
reverts exactly that command's work and never an older one."""

from __future__ import annotations

import getpass
import os

from peewee import Database

from statustui.store.models import Batch

# A batch that forgot a contact for good (a privacy request): nothing to put back, so `undo` refuses it.
FORGET_KIND = "forget"


def current_actor() -> str:
    """The person running statustui: $STATUSTUI_USER, else the login name."""
    return os.environ.get("STATUSTUI_USER") or getpass.getuser()


def open_batch(db: Database, kind: str, description: str, at: int, actor: str | None = None) -> int:
    """A new batch (call inside the command's write transaction, so it goes if the command fails)."""
    query = Batch.insert(kind=kind, at=at, description=description, actor=actor or current_actor())
    return int(query.execute(db))


def close_batch(db: Database, batch_id: int) -> int | None:
    """The batch's id if it recorded anything; a batch of a command that changed nothing is deleted (undo then
    goes on to the command before), and None returned."""
    p = db.param
    recorded = " UNION ALL ".join(
        f'SELECT 1 FROM "{table}" WHERE {column} = {p}'
        for table, column in (
            ("status_history", "batch_id"),
            ("journal", "batch_id"),
            ("contact", "created_batch_id"),
            ("engagement", "batch_id"),
            ("trash_contact", "trash_batch_id"),
        )
    )
    if db.execute_sql(f"SELECT EXISTS ({recorded})", (batch_id,) * 5).fetchone()[0]:
        return batch_id
    Batch.delete().where(Batch.id == batch_id).execute(db)
    return None


def last_batch(actor: str) -> Batch | None:
    """`actor`'s newest batch not yet undone (batches of older versions, without an actor, count as anyone's)."""
    return (
        Batch.select()
        .where(
            Batch.undone_by.is_null(),
            Batch.kind != "undo",
            (Batch.actor == actor) | Batch.actor.is_null(),
        )
        .order_by(Batch.id.desc())
        .first()
    )
