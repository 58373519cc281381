"""Where the service calls the rules: contacts created, a person's status change, engagements ingested.

The rule files are read again only when one changes (names, sizes, modification times). While any file has
an error, none of these run: automatic rules stop, manual work goes on; `rule_set(service).stopped_message`
says so (stderr for the command line, the app's warning line).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from statustui.errors import ServiceError
from statustui.language import context_for
from statustui.language.facts import ContactFacts, EngagementFact, load_facts
from statustui.rules.engine import Outcome, RuleEngine
from statustui.rules.loader import RuleSet, load_rules, rule_files
from statustui.rules.schedule import ScheduleReport, run_schedule
from statustui.rules.writer import write_outcome
from statustui.scoring.points import engagement_points, score_date
from statustui.store.bulk import batched, insert_engagements
from statustui.store.db import with_retry
from statustui.store.models import StatusChange
from statustui.store.rows import tuples

if TYPE_CHECKING:
    from statustui.services import Service

# Events handled per round of loading facts and writing results; contacts' facts kept between rounds.
EVENT_BATCH = 10_000
MAX_CACHED_CONTACTS = 200_000

_cache: dict[Any, RuleSet] = {}
log = logging.getLogger("statustui.rules")


def rule_set(service: Service) -> RuleSet:
    """The workspace's rules, read again only when a rule file was added, removed or changed."""
    try:
        files = rule_files(service.workspace.rules_dir)
    except OSError:  # load_rules reports it
        files = []
    config = service.workspace.config_path
    key = (
        str(service.workspace.rules_dir),
        id(service.config),
        config.stat().st_mtime_ns if config.exists() else 0,
        tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files),
    )
    found = _cache.get(key)
    if found is None:
        _cache.clear()
        found = _cache[key] = load_rules(service.workspace.rules_dir, context_for(service))
    return found


def engine_for(service: Service) -> RuleEngine | None:
    """The engine when automatic rules may run (rule files exist and all are valid), else None; a rule
    file with an error is said on stderr (the app shows `rule_set(service).stopped_message`)."""
    rules = rule_set(service)
    if not rules.active:
        if not rules.ok:
            log.warning("%s", rules.stopped_message)
        return None
    return RuleEngine(rules.rules, context_for(service))


def report_errors(result: RulesResult) -> RulesResult:
    for error in result.errors:
        log.error("%s", error)
    return result


@dataclass
class RulesResult:
    ingested: int = 0
    status_changes: int = 0
    batch_id: int | None = None
    errors: list[str] = field(default_factory=list)


def after_create(service: Service, ids: Sequence[int], batch_id: int) -> RulesResult:
    """`on create` rules for new contacts, in the batch that created them; "now" is each contact's creation
    time."""
    engine = engine_for(service)
    if engine is None or not engine.create_rules or not ids:
        return RulesResult()

    def work() -> RulesResult:
        facts = load_facts(list(ids), engagements=engine.needs_engagements)
        out = Outcome()
        for cid in ids:
            engine.on_create(facts[cid], facts[cid].created_at, out)
        n = write_outcome(service.db, service.config, out, batch_id)
        return RulesResult(0, n, batch_id, out.errors)

    return report_errors(with_retry(service.db, work, "rules"))


def after_status_change(service: Service, batch_id: int | None) -> RulesResult:
    """`on status change` rules after `Service.set_status` (a person, a merge); their changes join that batch, so
    one undo reverts the change and what the rules did because of it."""
    engine = engine_for(service)
    if engine is None or not engine.status_rules or batch_id is None:
        return RulesResult()

    # Only the changes some rule could fire for: a bulk change of 100,000 contacts to a status no rule
    # watches reads and loads nothing.
    query = StatusChange.select(
        StatusChange.contact, StatusChange.old_status, StatusChange.new_status, StatusChange.at
    ).where(StatusChange.batch == batch_id)
    targets = engine.watched_statuses()
    if targets is not None:
        query = query.where(StatusChange.new_status.in_(list(targets)))
    rows = [r for r in tuples(query.order_by(StatusChange.id)) if engine.may_cascade(r[2], r[1])]
    if not rows:
        return RulesResult()

    def work() -> RulesResult:
        facts = load_facts(list({r[0] for r in rows}), engagements=engine.needs_engagements)
        out = Outcome()
        for cid, old, new, at in rows:
            engine.on_status_change(facts[cid], old, new, at, out)
        n = write_outcome(service.db, service.config, out, batch_id)
        return RulesResult(0, n, batch_id, out.errors)

    return report_errors(with_retry(service.db, work, "rules"))


def ingest(service: Service, engine: RuleEngine, rows: Iterable[Sequence[Any]], batch_id: int) -> RulesResult:
    """Engagements (contact_id, channel, kind, at, value, text) in time order, through the engagement rules,
    inside the caller's transaction and batch. Per round of EVENT_BATCH events, facts are loaded in bulk for contacts
    not yet in memory and the engagements inserted; each event is applied in memory with "now" = its time.
    The contacts, history and tags are written in bulk once at the end (or when the memory bound is hit):
    each contact is updated once however many events it had."""
    config = service.config
    as_of = score_date(service.now())
    result = RulesResult(batch_id=batch_id)
    cache: dict[int, ContactFacts] = {}
    engaged: dict[int, tuple[ContactFacts, int]] = {}
    out = Outcome()
    for chunk in batched(rows, EVENT_BATCH):
        if len(cache) > MAX_CACHED_CONTACTS:
            _flush(service, out, batch_id, engaged, result)
            cache, engaged, out = {}, {}, Outcome()
        missing = list({r[0] for r in chunk if r[0] not in cache})
        if missing:
            cache.update(load_facts(missing, engagements=engine.needs_engagements))
        for cid, channel, kind, at, value, text, *_ in chunk:  # an import's rows also carry external_id
            facts = cache[cid]
            seen = engaged.get(cid)
            engaged[cid] = (facts, seen[1] + 1 if seen else 1)
            event = EngagementFact(channel, kind, at, value, text)
            facts.engagements.append(event)
            if facts.engagement_count is not None:
                facts.engagement_count += 1
            facts.last_engaged_at = max(facts.last_engaged_at, at)
            facts.score += engagement_points(config, channel, kind, at, as_of)
            engine.on_engagement(facts, event, out)
        result.ingested += insert_engagements(service.db, chunk, batch_id)
    _flush(service, out, batch_id, engaged, result)
    return report_errors(result)


def _flush(
    service: Service,
    out: Outcome,
    batch_id: int,
    engaged: dict[int, tuple[ContactFacts, int]],
    result: RulesResult,
) -> None:
    result.status_changes += write_outcome(service.db, service.config, out, batch_id, engaged)
    result.errors.extend(out.errors)


class RulesStopped(ServiceError):
    """Rule files have errors: automatic rules do not run until they are fixed."""


def run_rules(
    service: Service,
    dry_run: bool = False,
    yes: bool = False,
    claim: Callable[[], str | None] | None = None,
) -> ScheduleReport:
    """`statustui rules run [--dry-run] [--yes]`: the schedule rules, set-based, as of the service's now; a
    run that would make more than `rules.max_changes` status changes is rolled back unless `yes`."""
    rules = rule_set(service)
    if not rules.ok:
        raise RulesStopped(rules.stopped_message)
    ctx = context_for(service)
    cap = None if yes else service.config.rules.max_changes
    return run_schedule(service, rules.rules, ctx, RuleEngine(rules.rules, ctx), dry_run, cap, claim)
