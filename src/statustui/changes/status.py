"""The one status write path: history rows, the contacts' status, manual flag, status points and unsubscribe,
set-based for any number of contacts, inside the caller's write transaction.

Callers describe the changes as rows of a staging table (`status_stage`), from SQL (`stage_select`: a bulk
set-status, an import, a schedule rule, undo) or from Python (`stage_rows`: the rules engine's in-memory
results), then call `write_status_changes`. A contact may have several staged rows (a rules cascade); they
apply in `seq` order and the last one is the contact's new status.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from peewee import SQL, Database, Node, Value

from statustui.config import WorkspaceConfig
from statustui.scoring.points import status_points_expr
from statustui.store.bulk import create_temp_table, insert_rows
from statustui.store.models import Contact

# The status_history columns, written out once.
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
    "old_changed_at",
    "batch_id",
    "engagement_id",
)

STAGE = "status_stage"


class StagedChange(NamedTuple):
    """One status change to write. With `given_old`, the old values are the caller's (the rules engine knows
    them for each step of a cascade) and the change is written as given; otherwise they are read from the
    contact, and a contact already in `new_status` (or, with `expect_status`, not in it) is left alone."""

    contact_id: int
    at: int
    new_status: str
    manual: bool
    actor: str
    actor_name: str | None = None
    engagement_id: int | None = None
    seq: int = 0
    given_old: bool = False
    old_status: str | None = None
    old_manual: bool | None = None
    old_unsubscribed: bool | None = None
    expect_status: str | None = None  # only a contact whose status is still this (undo)
    restore_unsubscribed: bool | None = None  # set the flag to this instead of the statuses' rule (undo)
    restore_changed_at: int | None = None  # status_changed_at to set instead of `at` (undo)


STAGE_COLUMNS = StagedChange._fields


def new_stage(db: Database) -> None:
    create_temp_table(
        db,
        STAGE,
        "contact_id BIGINT, at BIGINT, new_status TEXT, manual BOOLEAN, actor TEXT, actor_name TEXT, "
        "engagement_id BIGINT, seq INTEGER DEFAULT 0, given_old BOOLEAN DEFAULT FALSE, old_status TEXT, old_manual BOOLEAN, "
        "old_unsubscribed BOOLEAN, expect_status TEXT, restore_unsubscribed BOOLEAN, restore_changed_at BIGINT",
    )
    db.execute_sql(f'CREATE INDEX "{STAGE}_contact" ON "{STAGE}" (contact_id, seq)')


def stage_rows(db: Database, rows: Iterable[StagedChange]) -> int:
    return insert_rows(db, STAGE, STAGE_COLUMNS, rows)


def stage_select(db: Database, columns: Sequence[str], select: str, params: Sequence[Any] = ()) -> int:
    """Stage the rows of a SELECT giving `columns` (StagedChange's names; the others take their defaults)."""
    unknown = set(columns) - set(STAGE_COLUMNS)
    if unknown:
        raise ValueError(f"not staging columns: {', '.join(sorted(unknown))}")
    cols = ", ".join(columns)
    return int(db.execute_sql(f'INSERT INTO "{STAGE}" ({cols}) {select}', params).rowcount or 0)


def stage_contacts(
    db: Database,
    where: Node,
    at: int,
    new_status: str,
    *,
    manual: bool,
    actor: str,
    actor_name: str | None = None,
) -> int:
    """Stage one change to `new_status` for every contact `where` (a peewee condition on Contact) selects."""
    query = Contact.select(
        Contact.id,
        _value(at),
        _value(new_status),
        _value(manual),
        _value(actor),
        _value(actor_name),
    ).where(where)
    sql, params = query.sql()
    return stage_select(db, STAGE_COLUMNS[:6], sql, params)


def write_status_changes(db: Database, config: WorkspaceConfig, batch_id: int | None) -> int:
    """Write the staged changes, then empty the stage; returns how many contacts changed status."""
    p = db.param
    history = ", ".join(HISTORY_COLUMNS)
    db.execute_sql(
        f'INSERT INTO "status_history" ({history}) '
        "SELECT s.contact_id, s.at, CASE WHEN s.given_old THEN s.old_status ELSE c.status END, s.new_status, "
        "s.actor, s.actor_name, s.manual, "
        "CASE WHEN s.given_old THEN s.old_manual ELSE c.status_manual END, "
        # (the contact's status_changed_at on every row of a cascade: undo reads only the first)
        f"CASE WHEN s.given_old THEN s.old_unsubscribed ELSE c.unsubscribed END, c.status_changed_at, {p}, "
        "s.engagement_id "
        f'FROM "{STAGE}" s JOIN "contact" c ON c.id = s.contact_id WHERE {_applies("c")} ORDER BY s.seq, s.contact_id',
        (batch_id,),
    )
    old_points, old_args = _sql(db, status_points_expr(config, SQL("contact.status")))
    new_points, new_args = _sql(db, status_points_expr(config, SQL("s.new_status")))
    unsubscribing = [s.name for s in config.statuses if s.unsubscribes] or [""]
    marks = ", ".join([p] * len(unsubscribing))
    # The last staged row of each contact is its new status; any staged status that unsubscribes does.
    changed = db.execute_sql(
        'UPDATE "contact" SET status = s.new_status, status_manual = s.manual, '
        "status_changed_at = COALESCE(s.restore_changed_at, s.at), "
        f"score = contact.score - {old_points} + {new_points}, "
        "unsubscribed = CASE WHEN s.restore_unsubscribed IS NOT NULL THEN s.restore_unsubscribed "
        f'  WHEN EXISTS (SELECT 1 FROM "{STAGE}" u WHERE u.contact_id = s.contact_id '
        f"    AND u.new_status IN ({marks})) THEN {p} ELSE contact.unsubscribed END "
        f'FROM "{STAGE}" s WHERE s.contact_id = contact.id '
        f'AND s.seq = (SELECT MAX(t.seq) FROM "{STAGE}" t WHERE t.contact_id = s.contact_id) '
        f"AND {_applies('contact')}",
        (*old_args, *new_args, *unsubscribing, True),
    ).rowcount
    db.execute_sql(f'DELETE FROM "{STAGE}"')
    return int(changed or 0)


def _applies(contact: str) -> str:
    """SQL: the staged row `s` changes `contact` (see StagedChange)."""
    return (
        f"(s.given_old OR ({contact}.status <> s.new_status "
        f"AND (s.expect_status IS NULL OR {contact}.status = s.expect_status)))"
    )


def write_first_statuses(db: Database, actor_sql: str, from_where: str, params: Sequence[Any] = ()) -> int:
    """The "started as" history rows of new contacts: `from_where` selects them as `c` (FROM .. WHERE ..),
    `actor_sql` says who gave the status (import, default); `params` fill both in order. No batch: they are creations, not changes."""
    history = ", ".join(HISTORY_COLUMNS)
    return int(
        db.execute_sql(
            f'INSERT INTO "status_history" ({history}) '
            f"SELECT c.id, c.created_at, NULL, c.status, {actor_sql}, NULL, c.status_manual, NULL, NULL, NULL, "
            "NULL, NULL "
            f"{from_where}",
            params,
        ).rowcount
        or 0
    )


def _value(v: Any) -> Node:
    return Value(v, converter=False)


def _sql(db: Database, node: Node) -> tuple[str, list[Any]]:
    sql, args = db.get_sql_context().sql(node).query()
    return f"({sql})", list(args)
