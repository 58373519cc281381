"""No event left behind: engagements imported while the rule files had errors wait as pending, and get their
engagement rules later, in time order, each change at its engagement's time.

`import events` refuses while a rule file has an error (the events would miss their rules for good);
`--without-rules` stores them and marks them pending. `statustui rules run --pending`, and the app once the
rules are fixed, replays them: each contact's facts are taken back to before its pending engagements, then
the engagements are added one by one through the engine, as an import with working rules would have.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from peewee import Database, fn

from statustui.changes import close_batch, open_batch
from statustui.language import context_for
from statustui.language.facts import ContactFacts, EngagementFact, load_facts
from statustui.rules.engine import Outcome, RuleEngine
from statustui.rules.runtime import RulesResult, RulesStopped, report_errors, rule_set
from statustui.rules.writer import write_outcome
from statustui.scoring.points import engagement_points, score_date
from statustui.store.db import with_retry
from statustui.store.models import Engagement, PendingEngagement
from statustui.store.rows import tuples

if TYPE_CHECKING:
    from statustui.services import Service


class RulesBlockImport(Exception):
    """Events cannot be imported with their rules while a rule file has an error (a usage error: exit 2)."""


def refuse_while_rules_broken(service: Service) -> None:
    rules = rule_set(service)
    if rules.ok:
        return
    more = (
        f" (and {len(rules.problems) - 1} more: `statustui rules check`)" if len(rules.problems) > 1 else ""
    )
    raise RulesBlockImport(
        f"the rule files have errors, so the engagement rules cannot run on these events:\n{rules.problems[0]}"
        f"{more}\nFix the rule files and import again, or import with --without-rules: the engagements are "
        "stored and marked pending, and `statustui rules run --pending` applies the rules to them once the files "
        "are fixed."
    )


def last_engagement_id(db: Database) -> int:
    return int(db.execute_sql('SELECT COALESCE(MAX(id), 0) FROM "engagement"').fetchone()[0])


def mark_pending(db: Database, after_id: int) -> int:
    """Mark the engagements inserted since `after_id` (in the caller's transaction) as pending."""
    return int(
        db.execute_sql(
            f'INSERT INTO "pending_engagement" (engagement_id) SELECT id FROM "engagement" WHERE id > {db.param}',
            (after_id,),
        ).rowcount
    )


def pending_count() -> int:
    return int(PendingEngagement.select().count())


def apply_pending(service: Service) -> RulesResult:
    """`statustui rules run --pending`: the engagement rules over the pending engagements, one batch."""
    rules = rule_set(service)
    if not rules.ok:
        raise RulesStopped(rules.stopped_message)
    engine = RuleEngine(rules.rules, context_for(service))

    def work() -> RulesResult:
        rows = list(
            tuples(
                Engagement.select(
                    Engagement.contact,
                    Engagement.channel,
                    Engagement.kind,
                    Engagement.occurred_at,
                    Engagement.value,
                    Engagement.text,
                )
                .join(PendingEngagement, on=PendingEngagement.engagement_id == Engagement.id)
                .order_by(Engagement.occurred_at, Engagement.id)
            )
        )
        if not rows:
            return RulesResult()
        events = [
            (cid, EngagementFact(channel, kind, at, value, text))
            for cid, channel, kind, at, value, text in rows
        ]
        facts = load_facts({cid for cid, _ in events}, engagements=engine.needs_engagements)
        _before_pending(service, facts, events)
        batch_id = open_batch(
            service.db, "rules", f"engagement rules on {len(events)} pending engagements", service.now()
        )
        out = Outcome()
        for cid, event in events:
            f = facts[cid]
            f.engagements.append(event)
            if f.engagement_count is not None:
                f.engagement_count += 1
            f.last_engaged_at = max(f.last_engaged_at, event.occurred_at)
            f.score += _points(service, event)
            engine.on_engagement(f, event, out)
        n = write_outcome(service.db, service.config, out, batch_id)
        PendingEngagement.delete().execute()
        return RulesResult(len(events), n, close_batch(service.db, batch_id), out.errors)

    return report_errors(with_retry(service.db, work, "rules"))


def _before_pending(
    service: Service, facts: dict[int, ContactFacts], events: list[tuple[int, EngagementFact]]
) -> None:
    """Each contact's facts as they were before its pending engagements (the replay adds them back)."""
    per_contact: dict[int, list[EngagementFact]] = {}
    for cid, event in events:
        per_contact.setdefault(cid, []).append(event)
    last: dict[int, int] = dict(
        tuples(
            Engagement.select(Engagement.contact, fn.MAX(Engagement.occurred_at))
            .where(
                Engagement.contact.in_(list(per_contact))
                & Engagement.id.not_in(PendingEngagement.select(PendingEngagement.engagement_id))
            )
            .group_by(Engagement.contact)
        )
    )
    for cid, pending in per_contact.items():
        f = facts[cid]
        if f.engagements_loaded:
            left = Counter(_key(e) for e in pending)
            kept = []
            for e in f.engagements:
                if left[_key(e)]:
                    left[_key(e)] -= 1
                else:
                    kept.append(e)
            f.engagements = kept
        if f.engagement_count is not None:
            f.engagement_count -= len(pending)
        f.last_engaged_at = last.get(cid) or 0
        f.score -= sum(_points(service, e) for e in pending)


def _key(e: EngagementFact) -> tuple[object, ...]:
    return (e.channel, e.kind, e.occurred_at, e.value, e.text)


def _points(service: Service, event: EngagementFact) -> int:
    return engagement_points(
        service.config, event.channel, event.kind, event.occurred_at, score_date(service.now())
    )
