"""Status changes a rule did not make because a person set the status (no `override manual`).

Kept per contact and rule (the latest skip only), so `statustui rules explain` can say which rule a person's
choice is holding back without the table growing on every schedule run.
"""

from __future__ import annotations

from collections.abc import Sequence

from peewee import BigIntegerField, CompositeKey, Database, IntegerField, TextField

from statustui.store.bulk import execute_many, insert_rows
from statustui.store.models import BaseModel


class RuleSkip(BaseModel):
    contact_id = IntegerField()
    rule = TextField()
    at = BigIntegerField()
    status = TextField()  # the status the rule would have set

    class Meta:
        table_name = "rule_skip"
        primary_key = CompositeKey("contact_id", "rule")


def ensure_skip_table() -> None:
    RuleSkip.create_table(safe=True)


def record_skips(db: Database, skips: Sequence[tuple[int, str, int, str]]) -> None:
    """Rows of (contact_id, rule, at, status); a newer skip of the same rule replaces the older one."""
    if not skips:
        return
    ensure_skip_table()
    latest = {(cid, rule): (cid, rule, at, status) for cid, rule, at, status in skips}
    p = db.param
    execute_many(db, f'DELETE FROM "rule_skip" WHERE contact_id = {p} AND rule = {p}', list(latest))
    insert_rows(db, "rule_skip", ("contact_id", "rule", "at", "status"), list(latest.values()))


def skips_for(contact_id: int) -> list[RuleSkip]:
    ensure_skip_table()
    return list(RuleSkip.select().where(RuleSkip.contact_id == contact_id).order_by(RuleSkip.at))
