"""Status changes a rule did not make because a person set the status (no `override manual`).

Kept per contact and rule (the latest skip only, table `rule_skip`), so `statustui rules explain` can say which
rule a person's choice is holding back without the table growing on every schedule run.
"""

from __future__ import annotations

from collections.abc import Sequence

from peewee import Database

from statustui.store.bulk import execute_many, insert_rows
from statustui.store.models import RuleSkip


def record_skips(db: Database, skips: Sequence[tuple[int, str, int, str]]) -> None:
    """Rows of (contact_id, rule, at, status); a newer skip of the same rule replaces the older one."""
    if not skips:
        return
    latest = {(cid, rule): (cid, rule, at, status) for cid, rule, at, status in skips}
    p = db.param
    execute_many(db, f'DELETE FROM "rule_skip" WHERE contact_id = {p} AND rule = {p}', list(latest))
    insert_rows(db, "rule_skip", ("contact_id", "rule", "at", "status"), list(latest.values()))


def skips_for(contact_id: int) -> list[RuleSkip]:
    return list(RuleSkip.select().where(RuleSkip.contact_id == contact_id).order_by(RuleSkip.at))
