"""Storing what event-triggered rules changed, in bulk, inside the caller's transaction.

Contacts are written with the values held in memory: the caller holds the write transaction from loading the
facts to this write, so nobody else can have changed them in between.
"""

from __future__ import annotations

from typing import Any

from peewee import Database

from statustui.language.facts import ContactFacts
from statustui.rules.engine import Outcome
from statustui.rules.skips import record_skips
from statustui.store.bulk import execute_many, insert_rows

HISTORY_COLUMNS = (
    "contact_id",
    "at",
    "old_status",
    "new_status",
    "actor",
    "actor_name",
    "manual",
    "old_manual",
    "old_unsubscribed",
    "batch_id",
)


def write_outcome(
    db: Database,
    out: Outcome,
    batch_id: int | None,
    engaged: dict[int, tuple[ContactFacts, int]] | None = None,
) -> int:
    """Write history, the touched contacts (with `engaged`: those contacts and how many engagements each
    got, too), tag changes and skips; returns how many status changes were written."""
    if out.history:
        insert_rows(
            db,
            "status_history",
            HISTORY_COLUMNS,
            (
                (cid, at, old, new, "rule", name, False, old_manual, old_unsub, batch_id)
                for cid, at, old, new, name, old_manual, old_unsub in out.history
            ),
        )
    _write_contacts(db, out, engaged)
    _write_tags(db, out)
    record_skips(db, out.skips)
    return len(out.history)


def _write_contacts(db: Database, out: Outcome, engaged: dict[int, tuple[ContactFacts, int]] | None) -> None:
    p = db.param
    columns = (
        "status = {p}, status_manual = {p}, status_changed_at = {p}, unsubscribed = {p}, score = {p}, "
        "score_bonus = score_bonus + {p}"
    )
    rows: list[tuple[Any, ...]]
    if engaged is None:
        rows = [
            (
                f.status,
                f.status_manual,
                f.status_changed_at,
                f.unsubscribed,
                f.score,
                out.bonus.get(cid, 0),
                cid,
            )
            for cid, f in out.touched.items()
        ]
    else:
        columns += ", last_engaged_at = {p}, engagement_count = engagement_count + {p}"
        rows = [
            (
                f.status,
                f.status_manual,
                f.status_changed_at,
                f.unsubscribed,
                f.score,
                out.bonus.get(cid, 0),
                f.last_engaged_at,
                n,
                cid,
            )
            for cid, (f, n) in engaged.items()
        ]
    execute_many(db, f'UPDATE "contact" SET {columns.format(p=p)} WHERE id = {p}', rows)


def _write_tags(db: Database, out: Outcome) -> None:
    added: list[tuple[int, str]] = []
    removed: list[tuple[int, str]] = []
    for cid, facts in out.touched.items():
        before = out.tags_before[cid]
        now = frozenset(facts.tags)
        added.extend((cid, t) for t in now - before)
        removed.extend((cid, t) for t in before - now)
    if added:
        insert_rows(db, "contact_tag", ("contact_id", "tag"), added)
    if removed:
        p = db.param
        execute_many(db, f'DELETE FROM "contact_tag" WHERE contact_id = {p} AND tag = {p}', removed)
