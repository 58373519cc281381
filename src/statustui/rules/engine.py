"""Running event-triggered rules (create, engagement, status change) over contacts' facts held in memory.

For each trigger the matching rules run in file and rule order, each seeing the effects of the ones before;
`stop` ends that trigger's processing for that contact. A status change made by a rule is itself a
`status change` trigger; a chain deeper than MAX_CASCADE is undone for that contact and reported.
Nothing is written here: changes collect in an `Outcome`, which `rules.writer` stores in bulk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from statustui.language import LanguageContext, evaluate
from statustui.language.ast import (
    Action,
    AddScore,
    AddTag,
    And,
    Expr,
    OnCreate,
    OnEngagement,
    OnStatusChange,
    RemoveTag,
    Resubscribe,
    Rule,
    SetStatus,
    Stop,
    Trigger,
    Unsubscribe,
    status_restriction,
)
from statustui.language.facts import ContactFacts, EngagementFact, HistoryFact, needs_engagements

MAX_CASCADE = 10


class CascadeTooDeep(Exception):
    def __init__(self, chain: list[str]) -> None:
        super().__init__(" -> ".join(chain))
        self.chain = chain


@dataclass
class Outcome:
    """What a run changed, to be written in bulk: history rows, skipped changes, touched contacts, errors."""

    # (contact_id, at, old_status, new_status, rule_name, old_manual, old_unsubscribed)
    history: list[tuple[int, int, str, str, str, bool, bool]] = field(default_factory=list)
    # (contact_id, rule_name, at, status it would have set)
    skips: list[tuple[int, str, int, str]] = field(default_factory=list)
    touched: dict[int, ContactFacts] = field(default_factory=dict)
    # the tags and unsubscribe flag each touched contact had before, to write (and journal) only the difference
    tags_before: dict[int, frozenset[str]] = field(default_factory=dict)
    unsubscribed_before: dict[int, bool] = field(default_factory=dict)
    bonus: dict[int, int] = field(default_factory=dict)  # `add score` points per contact (score_bonus)
    # Contacts whose too-deep cascade was undone, and the first one's chain: one line for them all (a cycle
    # among the rules printed one line per contact, 2,000 lines for a bulk change).
    cut: list[int] = field(default_factory=list)
    cut_chain: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        if not self.cut:
            return []
        shown = ", ".join(f"#{i}" for i in self.cut[:3]) + (", ..." if len(self.cut) > 3 else "")
        n = len(self.cut)
        return [
            f"status changes by rules went deeper than {MAX_CASCADE} for {n:,} contact{'s' * (n != 1)} "
            f"({shown}), e.g. {' -> '.join(self.cut_chain[: MAX_CASCADE + 2])}: the rules form a cycle; "
            "those contacts' changes from this trigger were undone"
        ]

    def touch(self, facts: ContactFacts) -> None:
        if facts.id not in self.touched:
            self.touched[facts.id] = facts
            self.tags_before[facts.id] = frozenset(facts.tags)
            self.unsubscribed_before[facts.id] = facts.unsubscribed


@dataclass
class _Snapshot:
    status: str
    status_manual: bool
    status_changed_at: int
    unsubscribed: bool
    score: int
    bonus: int
    tags: frozenset[str]
    history_len: int
    outcome_history: int
    outcome_skips: int

    @classmethod
    def take(cls, f: ContactFacts, out: Outcome) -> _Snapshot:
        return cls(
            f.status,
            f.status_manual,
            f.status_changed_at,
            f.unsubscribed,
            f.score,
            out.bonus.get(f.id, 0),
            frozenset(f.tags),
            len(f.history),
            len(out.history),
            len(out.skips),
        )

    def restore(self, f: ContactFacts, out: Outcome) -> None:
        f.status, f.status_manual, f.status_changed_at = (
            self.status,
            self.status_manual,
            self.status_changed_at,
        )
        f.unsubscribed, f.score, f.tags = self.unsubscribed, self.score, self.tags
        out.bonus[f.id] = self.bonus
        del f.history[self.history_len :]
        keep = out.history[: self.outcome_history]
        out.history[:] = keep + [h for h in out.history[self.outcome_history :] if h[0] != f.id]
        keep_skips = out.skips[: self.outcome_skips]
        out.skips[:] = keep_skips + [s for s in out.skips[self.outcome_skips :] if s[0] != f.id]


class RuleEngine:
    """The event-triggered rules of a workspace, ready to run against ContactFacts."""

    def __init__(self, rules: Sequence[Rule], ctx: LanguageContext) -> None:
        # A private copy whose `now` follows the trigger being processed; the top-N% threshold is read once
        # per engine (one import, one change) rather than once per event.
        self.ctx = replace(ctx, top_threshold=cache(ctx.top_threshold))
        self.create_rules = [r for r in rules if isinstance(r.trigger, OnCreate)]
        self.engagement_rules = [r for r in rules if isinstance(r.trigger, OnEngagement)]
        self.status_rules = [r for r in rules if isinstance(r.trigger, OnStatusChange)]
        self._status_triggers = [
            r.trigger for r in self.status_rules if isinstance(r.trigger, OnStatusChange)
        ]
        self._points = {s.name: ctx.config.score.status_points.get(s.key, 0) for s in ctx.config.statuses}
        self._unsubscribes = {s.name for s in ctx.config.statuses if s.unsubscribes}
        self._for_event: dict[tuple[str | None, str], list[Rule]] = {}
        self._guards = {r.name: status_guard(r.condition) for r in rules}
        # Whether any condition reads engagements beyond their number: if not, ingestion loads no histories.
        self.needs_engagements = any(needs_engagements(r.condition) for r in rules)
        # Taken just before a trigger's first change (most events change nothing): what a cut cascade restores.
        self._snapshot: _Snapshot | None = None

    def watched_statuses(self) -> set[str] | None:
        """The statuses whose entering fires an `on status change` rule; None when one fires on any change."""
        targets: set[str] = set()
        for trigger in self._status_triggers:
            if trigger.to_status is None:
                return None
            targets.add(trigger.to_status.text)
        return targets

    def may_cascade(self, new: str, old: str | None = None) -> bool:
        """Whether some `on status change` rule could fire for a change into `new` (from `old`, when known)."""
        return any(
            (t.to_status is None or t.to_status.text == new)
            and (old is None or t.from_status is None or t.from_status.text == old)
            for t in self._status_triggers
        )

    # -- entry points: one contact, one trigger; a too-deep cascade is undone for that contact ------------------
    def on_create(self, facts: ContactFacts, now: int, out: Outcome) -> None:
        self._guarded(facts, now, out, lambda: self._run(self.create_rules, facts, now, out, None, 0))

    def on_engagement(self, facts: ContactFacts, event: EngagementFact, out: Outcome) -> None:
        rules = self._for_event.get((event.channel, event.kind))
        if rules is None:
            rules = self._for_event[(event.channel, event.kind)] = [
                r for r in self.engagement_rules if _engagement_matches(r.trigger, event)
            ]
        if rules:  # the per-event path of an import: _guarded without a closure
            self._snapshot = None
            self.ctx.now = event.occurred_at
            try:
                self._run(rules, facts, event.occurred_at, out, event, 0)
            except CascadeTooDeep as e:
                self._cut(facts, out, e)

    def on_status_change(
        self, facts: ContactFacts, old: str | None, new: str, now: int, out: Outcome
    ) -> None:
        self._guarded(facts, now, out, lambda: self._status_changed(facts, old, new, now, out, 1, [new]))

    def _guarded(self, facts: ContactFacts, now: int, out: Outcome, work: Callable[[], None]) -> None:
        self._snapshot = None
        self.ctx.now = now
        try:
            work()
        except CascadeTooDeep as e:
            self._cut(facts, out, e)

    def _cut(self, facts: ContactFacts, out: Outcome, error: CascadeTooDeep) -> None:
        assert self._snapshot is not None  # a cascade needs a change first
        self._snapshot.restore(facts, out)
        out.cut.append(facts.id)
        out.cut_chain = out.cut_chain or error.chain

    # -- the run -------------------------------------------------------------------------------------------
    def _run(
        self,
        rules: Sequence[Rule],
        facts: ContactFacts,
        now: int,
        out: Outcome,
        event: EngagementFact | None,
        depth: int,
        chain: list[str] | None = None,
    ) -> None:
        for rule in rules:
            guard = self._guards[rule.name]
            if guard is not None and facts.status not in guard:
                continue
            if rule.condition is not None and not evaluate(rule.condition, facts, self.ctx, event):
                continue
            if self._snapshot is None:
                self._snapshot = _Snapshot.take(facts, out)
            changes: list[tuple[str, str]] = []
            stopped = False
            for action in rule.actions:
                if isinstance(action, Stop):
                    stopped = True
                    break
                change = self._apply(rule, action, facts, now, out)
                if change:
                    changes.append(change)
            for old, new in changes:
                self._status_changed(facts, old, new, now, out, depth + 1, [*(chain or []), new])
            if stopped:
                return

    def _status_changed(
        self,
        facts: ContactFacts,
        old: str | None,
        new: str,
        now: int,
        out: Outcome,
        depth: int,
        chain: list[str],
    ) -> None:
        rules = [r for r in self.status_rules if _status_matches(r.trigger, old, new)]
        if not rules:
            return
        if depth > MAX_CASCADE:
            raise CascadeTooDeep(chain)
        self._run(rules, facts, now, out, None, depth, chain)

    def _apply(
        self, rule: Rule, action: Action, facts: ContactFacts, now: int, out: Outcome
    ) -> tuple[str, str] | None:
        """Apply one action; a status change returns (old, new) so its own trigger runs after the rule."""
        if isinstance(action, SetStatus):
            new = action.status.text
            old = facts.status
            if new == old:
                return None
            if facts.status_manual and not rule.override_manual:
                out.skips.append((facts.id, rule.name, now, new))
                return None
            out.touch(facts)
            out.history.append((facts.id, now, old, new, rule.name, facts.status_manual, facts.unsubscribed))
            facts.history.append(HistoryFact(now, old, new, "rule", rule.name))
            facts.status, facts.status_manual, facts.status_changed_at = new, False, now
            facts.score += self._points.get(new, 0) - self._points.get(old, 0)
            if new in self._unsubscribes:
                facts.unsubscribed = True
            return old, new
        out.touch(facts)
        if isinstance(action, AddTag):
            facts.tags = frozenset(facts.tags) | {action.tag.text}
        elif isinstance(action, RemoveTag):
            facts.tags = frozenset(facts.tags) - {action.tag.text}
        elif isinstance(action, Unsubscribe):
            facts.unsubscribed = True
        elif isinstance(action, Resubscribe):
            facts.unsubscribed = False
        elif isinstance(action, AddScore):
            facts.score += action.points
            out.bonus[facts.id] = out.bonus.get(facts.id, 0) + action.points
        return None


def status_guard(condition: Expr | None) -> frozenset[str] | None:
    """The statuses a contact must hold for `condition` to be true, when its top level says so
    (`status = NEW and ...`, `status in (HOT, WARM) and ...`): a set lookup that spares the evaluator for
    most events. Checked names are the configured ones, exactly as `contact.status` holds them."""
    items = condition.items if isinstance(condition, And) else (condition,)
    for item in items:
        restriction = status_restriction(item) if item is not None else None
        if restriction and not restriction[1]:
            return restriction[0]
    return None


def _engagement_matches(trigger: Trigger, event: EngagementFact) -> bool:
    if not isinstance(trigger, OnEngagement):
        return False
    return (trigger.channel is None or trigger.channel.text == event.channel) and (
        trigger.kind is None or trigger.kind.text == event.kind
    )


def _status_matches(trigger: Trigger, old: str | None, new: str) -> bool:
    if not isinstance(trigger, OnStatusChange):
        return False
    return (trigger.from_status is None or trigger.from_status.text == old) and (
        trigger.to_status is None or trigger.to_status.text == new
    )
