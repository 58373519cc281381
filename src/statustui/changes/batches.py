"""Batches: every command that changes data opens one, even when it changes no status, so that `undo`
reverts exactly that command's work and never an older one."""

from __future__ import annotations

import getpass
import os

from peewee import Database

from statustui.store.models import Batch


def current_actor() -> str:
    """The person running statustui: $STATUSTUI_USER, else the login name."""
    return os.environ.get("STATUSTUI_USER") or getpass.getuser()


def open_batch(db: Database, kind: str, description: str, at: int, actor: str | None = None) -> int:
    """A new batch (call inside the command's write transaction, so it goes if the command fails)."""
    query = Batch.insert(kind=kind, at=at, description=description, actor=actor or current_actor())
    return int(query.execute(db))


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
