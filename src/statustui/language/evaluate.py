"""The in-memory back end: decide a checked expression for one contact's facts (the rules engine, per event).

It must agree with the SQL compiler (sql.py) on every contact; tests/language check that on both databases.
Text compares case-insensitively with NULL and '' alike; a missing custom field reads as empty text.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from statustui.language import ast
from statustui.language.check import field_kind
from statustui.language.context import LanguageContext, frame_bounds, in_frame, instant
from statustui.language.facts import ContactFacts, EngagementFact
from statustui.language.printer import format_expr
from statustui.scoring.followup import is_overdue

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_TIME_ATTR = {
    "created": "created_at",
    "last_engaged": "last_engaged_at",
    "status_changed": "status_changed_at",
}


@dataclass(frozen=True)
class Explanation:
    """One sub-condition in canonical text, whether it held, and (for and/or/not) its parts."""

    text: str
    result: bool
    children: tuple[Explanation, ...] = ()


def evaluate(
    expr: ast.Expr | None, facts: ContactFacts, ctx: LanguageContext, event: EngagementFact | None = None
) -> bool:
    """Whether the contact matches a checked expression (None matches everyone)."""
    return True if expr is None else _Evaluator(facts, ctx, event).expr(expr)


def explain(
    expr: ast.Expr, facts: ContactFacts, ctx: LanguageContext, event: EngagementFact | None = None
) -> Explanation:
    """The expression's tree with each part's outcome, for `statustui rules explain`."""
    ev = _Evaluator(facts, ctx, event)

    def walk(node: ast.Expr) -> Explanation:
        if isinstance(node, ast.And | ast.Or):
            parts = tuple(walk(i) for i in node.items)
            combine = all if isinstance(node, ast.And) else any
            return Explanation(format_expr(node), combine(p.result for p in parts), parts)
        if isinstance(node, ast.Not):
            inner = walk(node.expr)
            return Explanation(format_expr(node), not inner.result, (inner,))
        return Explanation(format_expr(node), ev.expr(node))

    return walk(expr)


def _text(value: str | None) -> str:
    return (value or "").lower()


class _Evaluator:
    def __init__(self, facts: ContactFacts, ctx: LanguageContext, event: EngagementFact | None) -> None:
        self.facts = facts
        self.ctx = ctx
        self.event = event

    def expr(self, expr: ast.Expr) -> bool:
        f = self.facts
        match expr:
            case ast.And(items):
                return all(self.expr(i) for i in items)
            case ast.Or(items):
                return any(self.expr(i) for i in items)
            case ast.Not(inner):
                return not self.expr(inner)
            case ast.Compare(field, op, value):
                return self.compare(field, op, value)
            case ast.InList(field, values, negated):
                return any(self.compare(field, "=", v) for v in values) != negated
            case ast.IsEmpty(field, negated):
                return self.is_empty(field) != negated
            case ast.Between(field, low, high, negated):
                assert isinstance(low, ast.Number) and isinstance(
                    high, ast.Number
                )  # the checker allows numbers
                number = self.number(field)
                inside = number is not None and low.value <= number <= high.value
                return inside != negated
            case ast.TimeCompare(field, frame):
                at = getattr(f, _TIME_ATTR[field.name])
                return not (field.name == "last_engaged" and at == 0) and in_frame(at, frame, self.ctx)
            case ast.Tagged(tag):
                return tag.text in f.tags
            case ast.Engaged():
                return self.engaged(expr)
            case ast.Reached(stage, frame):
                return any(
                    e.kind == "stage"
                    and _text(e.value) == stage.text
                    and (frame is None or in_frame(e.occurred_at, frame, self.ctx))
                    for e in f.engagements
                )
            case ast.Top(percent):
                threshold = self.ctx.top_threshold(percent)
                return threshold is not None and f.score >= threshold
            case ast.StatusWas(statuses, frame):
                return self.status_was({s.text for s in statuses}, frame)
            case ast.StatusChanged(from_status, to_status, actor, frame):
                return any(
                    (from_status is None or h.old_status == from_status.text)
                    and (to_status is None or h.new_status == to_status.text)
                    and (
                        actor is None
                        or (
                            h.actor == actor.kind
                            and (actor.name is None or _text(h.actor_name) == actor.name.lower())
                        )
                    )
                    and (frame is None or in_frame(h.at, frame, self.ctx))
                    for h in f.history
                )
            case ast.StatusManual(negated):
                return f.status_manual != negated
            case ast.Unsubscribed():
                return f.unsubscribed
            case ast.Overdue():
                return is_overdue(self.ctx.config, f.status, f.last_engaged_at, self.ctx.now, f.follow_up)
        raise TypeError(f"not an expression: {expr!r}")

    # -- fields --------------------------------------------------------------------------------------------
    def raw(self, field: ast.Field) -> str | None:
        """A text field's stored value (None when missing)."""
        if field.scope == "event":
            return getattr(self.event, field.name, None) if self.event is not None else None
        if field.scope == "custom":
            found = self.facts.fields.get(field.name)
            return found.value if found else None
        return getattr(self.facts, field.name)

    def number(self, field: ast.Field) -> float | None:
        if field.scope == "custom":
            found = self.facts.fields.get(field.name)
            return found.number if found else None
        return self.facts.score

    def compare(self, field: ast.Field, op: str, value: ast.Value) -> bool:
        kind = field_kind(field)
        if isinstance(value, ast.Number):
            if op == "!=":
                return not self.compare(field, "=", value)
            number = self.number(field)
            return number is not None and _ORDER[op](number, value.value)
        if kind == "time":
            at = getattr(self.facts, _TIME_ATTR[field.name])
            empty = field.name == "last_engaged" and at == 0
            assert isinstance(value, ast.Duration | ast.Date)  # the checker compares times with these only
            return not empty and _ORDER[op](at, instant(value, self.ctx))
        assert isinstance(value, ast.Text)
        if kind == "tag":
            return (value.text in self.facts.tags) == (op == "=")
        if kind == "note":
            found = any(value.text.lower() in note.lower() for note in self.facts.notes)
            return found == (op == "~")
        if kind == "status":
            return (self.facts.status == value.text) == (op == "=")
        stored, wanted = _text(self.raw(field)), value.text.lower()
        if op in ("~", "!~"):
            return (wanted in stored) == (op == "~")
        return (stored == wanted) == (op == "=")

    def is_empty(self, field: ast.Field) -> bool:
        if field.scope == "contact" and field.name == "tag":
            return not self.facts.tags
        if field.scope == "contact" and field.name == "note":
            return not self.facts.notes
        if field.scope == "contact" and field.name == "last_engaged":
            return self.facts.last_engaged_at == 0
        return not self.raw(field)

    # -- engagement and history ------------------------------------------------------------------------------
    def engaged(self, node: ast.Engaged) -> bool:
        f = self.facts
        channel, kind, frame, count = node.channel, node.kind, node.frame, node.count
        if node.latest_only:
            # The same shortcut the SQL takes: the maintained last_engaged_at is the latest engagement.
            return f.last_engaged_at > 0 and (frame is None or in_frame(f.last_engaged_at, frame, self.ctx))
        if node.counts_all:
            matching = f.engaged_times  # `engaged N times` per event: no scan of a long history
        elif not f.engagements_loaded:
            raise RuntimeError("facts loaded without engagements cannot decide a filtered `engaged`")
        else:
            matching = sum(
                1
                for e in f.engagements
                if (channel is None or e.channel == channel.text)
                and (kind is None or e.kind == kind.text)
                and (frame is None or in_frame(e.occurred_at, frame, self.ctx))
            )
        if count is None:
            return matching > 0
        if count.op == "at_least":
            return matching >= count.n
        if count.op == "at_most":
            return matching <= count.n
        return matching == count.n

    def status_was(self, statuses: set[str], frame: ast.TimeFrame | None) -> bool:
        """Held one of `statuses` at some moment in the frame.

        No frame: now or ever in the history. A frame running until now (within, after, today, this ...):
        the current status, or a change into one inside the frame, or out of one at or after the frame's
        start. A frame ending before now (before, between, on, yesterday, last ...): a change into or out of
        one inside the frame, the current status if it began by the frame's end, or one left after the
        frame's end with no change between the frame's start and that leaving (held across the whole frame)."""
        f = self.facts
        touched = [h for h in f.history if h.new_status in statuses or h.old_status in statuses]
        if frame is None:
            return f.status in statuses or bool(touched)
        low, high = frame_bounds(frame, self.ctx)
        if high is None:
            assert low is not None  # a frame that runs until now (within, after) has a start
            return f.status in statuses or any(
                (h.new_status in statuses and in_frame(h.at, frame, self.ctx))
                or (h.old_status in statuses and h.at >= low)
                for h in touched
            )

        def ends_by(at: int) -> bool:
            return at < high

        if f.status in statuses and ends_by(f.status_changed_at):
            return True
        if any(in_frame(h.at, frame, self.ctx) for h in touched):
            return True
        return ends_by(f.created_at) and any(
            h.old_status in statuses
            and not ends_by(h.at)
            and not any(r.at < h.at and (low is None or r.at >= low) for r in f.history)
            for h in touched
        )
