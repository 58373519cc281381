"""`on schedule` rules, set-based: per rule, the matching contacts are selected once by the rule's compiled
`when` (the language's SQL compiler), then each action is one SQL statement over that set (statuses through
the one write path, changes.status; other effects journalled for undo); the whole run is one transaction and one batch for undo. No Python loop over contacts.

Status changes made here are `status change` triggers: the contacts they changed then go through the
in-memory engine (only when some `on status change` rule could match).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from peewee import Database, IntegerField, Model, Value, fn

from statustui.changes import (
    close_batch,
    journal,
    new_stage,
    open_batch,
    stage_contacts,
    write_status_changes,
)
from statustui.language import LanguageContext, compile_query
from statustui.language.ast import (
    AddScore,
    AddTag,
    OnSchedule,
    Query,
    RemoveTag,
    Resubscribe,
    Rule,
    SetStatus,
    Stop,
    Unsubscribe,
)
from statustui.language.facts import load_facts
from statustui.rules.engine import Outcome, RuleEngine
from statustui.rules.writer import write_outcome
from statustui.store.bulk import create_temp_table
from statustui.store.db import write_transaction
from statustui.store.models import Contact, ContactTag, RuleSkip, database
from statustui.store.rows import tuples

if TYPE_CHECKING:
    from statustui.services import Service

EXAMPLES = 3


class _Matched(Model):
    """The contacts the current rule matched (a temporary table private to this connection)."""

    contact_id = IntegerField(primary_key=True)

    class Meta:
        database = database
        table_name = "rule_match"


class _Stopped(Model):
    """Contacts a rule's `stop` took out of this run."""

    contact_id = IntegerField(primary_key=True)

    class Meta:
        database = database
        table_name = "rule_stopped"


@dataclass
class Transition:
    old: str
    new: str
    count: int
    examples: list[str]


@dataclass
class RuleRun:
    rule: Rule
    matched: int = 0
    transitions: list[Transition] = field(default_factory=list)
    protected: int = 0  # would change, but a person set the status
    other: list[str] = field(default_factory=list)  # "add tag cooled: 12 contacts", ...

    @property
    def changed(self) -> int:
        return sum(t.count for t in self.transitions)


@dataclass
class ScheduleReport:
    runs: list[RuleRun] = field(default_factory=list)
    batch_id: int | None = None
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False
    skipped: str | None = None  # why nothing ran (this schedule turn already ran elsewhere)
    capped: int | None = None  # the rules.max_changes this run would have passed: rolled back

    @property
    def changed(self) -> int:
        return sum(r.changed for r in self.runs)

    @property
    def cap_message(self) -> str:
        """How many, and which rules, a capped run would have changed."""
        by_rule = sorted((r for r in self.runs if r.changed), key=lambda r: -r.changed)
        rules = ", ".join(f"{r.rule.name!r} {r.changed:,}" for r in by_rule)
        return (
            f"stopped before writing: this run would make {self.changed:,} status changes ({rules}), more than "
            f"rules.max_changes ({self.capped:,}) allows; nothing was changed. Check with `statustui rules run "
            "--dry-run`, then run again with --yes to let it through (or raise rules.max_changes in statustui.toml)"
        )


def run_schedule(
    service: Service,
    rules: list[Rule],
    ctx: LanguageContext,
    engine: RuleEngine | None,
    dry_run: bool = False,
    max_changes: int | None = None,
    claim: Callable[[], str | None] | None = None,
) -> ScheduleReport:
    """Run every `on schedule` rule in order. A dry run does all of it in a transaction rolled back at the
    end, so its report is exactly what a real run would do; so does a run that would make more than
    `max_changes` status changes (`report.capped`). `claim`, called first inside the transaction, returns
    why this run must not happen (a schedule turn another process already ran), or None."""
    db = service.db
    report = ScheduleReport(dry_run=dry_run)
    with write_transaction(db) as txn:
        report.skipped = claim() if claim is not None else None
        if report.skipped is not None:
            return report
        create_temp_table(db, "rule_match", "contact_id BIGINT PRIMARY KEY")
        create_temp_table(db, "rule_stopped", "contact_id BIGINT PRIMARY KEY")
        batch_id = open_batch(db, "rules", "rules run", ctx.now)
        for rule in (r for r in rules if isinstance(r.trigger, OnSchedule)):
            report.runs.append(_run_rule(db, rule, ctx, engine, batch_id, report))
        db.execute_sql('DROP TABLE "rule_match"')
        db.execute_sql('DROP TABLE "rule_stopped"')
        if not dry_run and max_changes is not None and report.changed > max_changes:
            report.capped = max_changes
        if dry_run or report.capped is not None:
            txn.rollback()
        else:
            report.batch_id = close_batch(db, batch_id)
    return report


def _run_rule(
    db: Database,
    rule: Rule,
    ctx: LanguageContext,
    engine: RuleEngine | None,
    batch_id: int,
    report: ScheduleReport,
) -> RuleRun:
    run = RuleRun(rule)
    db.execute_sql('DELETE FROM "rule_match"')
    select = Contact.select(Contact.id).where(Contact.id.not_in(_Stopped.select(_Stopped.contact_id)))
    if rule.condition is not None:
        where = compile_query(Query(expr=rule.condition), ctx, purpose="count").where
        if where is not None:
            select = select.where(where)
    run.matched = _Matched.insert_from(select, [_Matched.contact_id]).as_rowcount().execute() or 0
    if not run.matched:
        return run
    matched = Contact.id.in_(_Matched.select(_Matched.contact_id))
    for action in rule.actions:
        if isinstance(action, Stop):
            _Stopped.insert_from(
                _Matched.select(_Matched.contact_id), [_Stopped.contact_id]
            ).as_rowcount().execute()
            break
        if isinstance(action, SetStatus):
            _set_status(db, rule, action.status.text, matched, ctx, engine, batch_id, run, report)
        elif isinstance(action, AddTag):
            tag = action.tag.text
            has = ContactTag.select().where(
                (ContactTag.contact == _Matched.contact_id) & (ContactTag.tag == tag)
            )
            _journal(
                db,
                batch_id,
                journal.TAG,
                _Matched.select(
                    _Matched.contact_id, Value(tag), Value(None), Value(journal.PRESENT), Value(None)
                ).where(~fn.EXISTS(has)),
            )
            n = (
                ContactTag.insert_from(
                    _Matched.select(_Matched.contact_id, Value(tag)).where(~fn.EXISTS(has)),
                    [ContactTag.contact, ContactTag.tag],
                )
                .as_rowcount()
                .execute()
            )
            run.other.append(f"add tag {tag}: {_rows(n)}")
        elif isinstance(action, RemoveTag):
            tagged = (ContactTag.tag == action.tag.text) & ContactTag.contact.in_(
                _Matched.select(_Matched.contact_id)
            )
            _journal(
                db,
                batch_id,
                journal.TAG,
                ContactTag.select(
                    ContactTag.contact, ContactTag.tag, Value(journal.PRESENT), Value(None), Value(None)
                ).where(tagged),
            )
            n = (
                ContactTag.delete()
                .where(
                    (ContactTag.tag == action.tag.text)
                    & ContactTag.contact.in_(_Matched.select(_Matched.contact_id))
                )
                .execute()
            )
            run.other.append(f"remove tag {action.tag.text}: {_rows(n)}")
        elif isinstance(action, Unsubscribe | Resubscribe):
            flag = isinstance(action, Unsubscribe)
            _journal(
                db,
                batch_id,
                journal.UNSUBSCRIBED,
                Contact.select(
                    Contact.id,
                    Value(""),
                    Value("0" if flag else "1"),
                    Value("1" if flag else "0"),
                    Value(None),
                ).where(matched & (Contact.unsubscribed != flag)),
            )
            n = (
                Contact.update({Contact.unsubscribed: flag})
                .where(matched & (Contact.unsubscribed != flag))
                .execute()
            )
            run.other.append(f"{'unsubscribe' if flag else 'resubscribe'}: {_rows(n)}")
        elif isinstance(action, AddScore):
            _journal(
                db,
                batch_id,
                journal.SCORE_BONUS,
                Contact.select(
                    Contact.id, Value(""), Value(None), Value(str(action.points)), Value(None)
                ).where(matched),
            )
            n = (
                Contact.update(
                    {
                        Contact.score: Contact.score + action.points,
                        Contact.score_bonus: Contact.score_bonus + action.points,
                    }
                )
                .where(matched)
                .execute()
            )
            run.other.append(f"add score {action.points}: {_rows(n)}")
    return run


def _set_status(
    db: Database,
    rule: Rule,
    new: str,
    matched: Any,
    ctx: LanguageContext,
    engine: RuleEngine | None,
    batch_id: int,
    run: RuleRun,
    report: ScheduleReport,
) -> None:
    differs = matched & (Contact.status != new)
    target = differs if rule.override_manual else differs & (Contact.status_manual == False)  # noqa: E712
    for old, count in tuples(
        Contact.select(Contact.status, fn.COUNT(Contact.id))
        .where(target)
        .group_by(Contact.status)
        .order_by(Contact.status)
    ):
        examples = [
            e or f"#{i}"
            for i, e in tuples(
                Contact.select(Contact.id, Contact.email)
                .where(target & (Contact.status == old))
                .order_by(Contact.id)
                .limit(EXAMPLES)
            )
        ]
        run.transitions.append(Transition(old, new, count, examples))
    if not rule.override_manual:
        protected = differs & (Contact.status_manual == True)  # noqa: E712
        run.protected = _record_skips(rule, new, protected, ctx.now)
    if not run.transitions:
        return
    cascade = engine is not None and engine.may_cascade(new)
    old_of = dict(tuples(Contact.select(Contact.id, Contact.status).where(target))) if cascade else {}
    new_stage(db)
    stage_contacts(db, target, ctx.now, new, manual=False, actor="rule", actor_name=rule.name)
    write_status_changes(db, ctx.config, batch_id)
    if cascade and engine is not None:
        facts = load_facts(list(old_of), engagements=engine.needs_engagements)
        out = Outcome()
        for cid, old in old_of.items():
            engine.on_status_change(facts[cid], old, new, ctx.now, out)
        write_outcome(db, ctx.config, out, batch_id)
        report.errors.extend(out.errors)


def _journal(db: Database, batch_id: int, kind: str, select: Any) -> None:
    """Journal what an action is about to change (select: contact_id, name, old, new, old_number)."""
    sql, params = select.sql()
    journal.record_from(db, batch_id, kind, sql, params)


def _record_skips(rule: Rule, new: str, protected: Any, now: int) -> int:
    """One row per protected contact for this rule (the latest replaces older ones); returns how many."""
    ids = Contact.select(Contact.id).where(protected)
    RuleSkip.delete().where((RuleSkip.rule == rule.name) & RuleSkip.contact_id.in_(ids)).execute()
    return (
        RuleSkip.insert_from(
            Contact.select(Contact.id, Value(rule.name), Value(now), Value(new)).where(protected),
            [RuleSkip.contact_id, RuleSkip.rule, RuleSkip.at, RuleSkip.status],
        )
        .as_rowcount()
        .execute()
        or 0
    )


def _rows(n: Any) -> str:
    return f"{n or 0} contact{'s' if (n or 0) != 1 else ''}"
