"""Storing what event-triggered rules changed, in bulk, inside the caller's transaction and batch.

Status changes go through the one write path (changes.status), with the old values the engine tracked for
each step of a cascade; the rest of each touched contact is written with the values held in memory (the
caller holds the write transaction from loading the facts to this write, so nobody else can have changed
them in between), and journalled for undo.
"""

from __future__ import annotations

from typing import Any

from peewee import Database

from statustui.changes import StagedChange, journal, new_stage, stage_rows, write_status_changes
from statustui.config import WorkspaceConfig
from statustui.language.facts import ContactFacts
from statustui.rules.engine import Outcome
from statustui.rules.skips import record_skips
from statustui.store.bulk import execute_many, insert_rows


def write_outcome(
    db: Database,
    config: WorkspaceConfig,
    out: Outcome,
    batch_id: int,
    engaged: dict[int, tuple[ContactFacts, int]] | None = None,
) -> int:
    """Write history and statuses, the touched contacts (with `engaged`: those contacts and how many
    engagements each got, too), tag changes and skips; returns how many status changes were written."""
    if out.history:
        new_stage(db)
        stage_rows(
            db,
            (
                StagedChange(
                    cid,
                    at,
                    new,
                    False,
                    "rule",
                    name,
                    seq=seq,
                    given_old=True,
                    old_status=old,
                    old_manual=old_manual,
                    old_unsubscribed=old_unsub,
                )
                for seq, (cid, at, old, new, name, old_manual, old_unsub) in enumerate(out.history)
            ),
        )
        write_status_changes(db, config, batch_id)
    _write_contacts(db, out, engaged)
    _write_tags(db, out, batch_id)
    _journal_flags(db, out, batch_id)
    record_skips(db, out.skips)
    return len(out.history)


def _write_contacts(db: Database, out: Outcome, engaged: dict[int, tuple[ContactFacts, int]] | None) -> None:
    p = db.param
    columns = "unsubscribed = {p}, score = {p}, score_bonus = score_bonus + {p}"
    rows: list[tuple[Any, ...]]
    if engaged is None:
        rows = [(f.unsubscribed, f.score, out.bonus.get(cid, 0), cid) for cid, f in out.touched.items()]
    else:
        columns += ", last_engaged_at = {p}, engagement_count = engagement_count + {p}"
        rows = [
            (f.unsubscribed, f.score, out.bonus.get(cid, 0), f.last_engaged_at, n, cid)
            for cid, (f, n) in engaged.items()
        ]
    execute_many(db, f'UPDATE "contact" SET {columns.format(p=p)} WHERE id = {p}', rows)


def _write_tags(db: Database, out: Outcome, batch_id: int) -> None:
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
    journal.record(
        db,
        batch_id,
        [
            *(journal.Entry(cid, journal.TAG, t, None, journal.PRESENT) for cid, t in added),
            *(journal.Entry(cid, journal.TAG, t, journal.PRESENT, None) for cid, t in removed),
        ],
    )


def _journal_flags(db: Database, out: Outcome, batch_id: int) -> None:
    """The unsubscribe flags the rules changed and the bonus points they added, for undo."""
    entries = [
        journal.Entry(
            cid, journal.UNSUBSCRIBED, "", _flag(out.unsubscribed_before[cid]), _flag(f.unsubscribed)
        )
        for cid, f in out.touched.items()
        if f.unsubscribed != out.unsubscribed_before[cid]
    ]
    entries.extend(
        journal.Entry(cid, journal.SCORE_BONUS, "", None, str(points))
        for cid, points in out.bonus.items()
        if points
    )
    journal.record(db, batch_id, entries)


def _flag(value: bool) -> str:
    return "1" if value else "0"
