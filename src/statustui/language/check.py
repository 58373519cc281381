"""The semantic pass: names resolved against the workspace, value kinds checked, errors at the right spot.

Returns the same AST with canonical names (a status's configured name, channel/kind/stage/tag keys), so the
compiler and the evaluator never look a name up again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TypeVar

from statustui.config import name_key
from statustui.language import ast
from statustui.language.context import LanguageContext
from statustui.language.errors import LanguageError, unknown_name
from statustui.language.limits import check_limit, check_limits

T = TypeVar("T")

TEXT_FIELDS = ("name", "email", "phone", "company", "source")
TIME_FIELDS = ("created", "last_engaged", "status_changed")
CONTACT_FIELDS = (*TEXT_FIELDS, "status", "score", "tag", "note", *TIME_FIELDS)
ORDER_FIELDS = (*TEXT_FIELDS, "status", "score", *TIME_FIELDS)
EVENT_FIELDS = ("channel", "kind", "value", "text")
EQUALITY_OPS = ("=", "!=")
TEXT_OPS = ("=", "!=", "~", "!~")
NOTE_OPS = ("~", "!~")  # a note is found by what it contains
ORDER_OPS = ("<", "<=", ">", ">=")


def field_kind(field: ast.Field) -> str:
    """text | status | number | tag | note | time | custom | channel | kind (the last two: event.*)."""
    if field.scope == "custom":
        return "custom"
    if field.scope == "event":
        return field.name if field.name in ("channel", "kind") else "text"
    if field.name in TEXT_FIELDS:
        return "text"
    if field.name in TIME_FIELDS:
        return "time"
    return {"status": "status", "score": "number", "tag": "tag", "note": "note"}[field.name]


def _err(message: str, node: ast.Node, expected: tuple[str, ...] | list[str] = ()) -> LanguageError:
    return LanguageError(message, node.line, node.column, expected=expected)


class Checker:
    """`problems`: collect every mistake there (each part of an and/or, each action) instead of stopping at
    the first, so `rules check` lists them all."""

    def __init__(
        self, ctx: LanguageContext, allow_event: bool = False, problems: list[LanguageError] | None = None
    ) -> None:
        self.ctx = ctx
        self.config = ctx.config
        self.allow_event = allow_event
        self.problems = problems

    def attempt(self, check: Callable[[], T], unchecked: T) -> T:
        """`check()`, or, when collecting, `unchecked` after noting its mistake."""
        if self.problems is None:
            return check()
        try:
            return check()
        except LanguageError as e:
            self.problems.append(e)
            return unchecked

    # -- names ---------------------------------------------------------------------------------------------
    def status(self, value: ast.Text) -> ast.Text:
        found = self.config.status(value.text)
        if found is None:
            now = self.ctx.renamed().get(name_key(value.text))
            if now is not None and self.config.status(now) is not None:
                raise LanguageError(
                    f"unknown status {value.text!r} (it was renamed to {now!r})",
                    value.line,
                    value.column,
                    suggestion=_quoted(now),
                    expected=self.config.status_names,
                )
            raise unknown_name("status", value.text, self.config.status_names, value.line, value.column)
        return replace(value, text=found.name)

    def _vocab(self, what: str, value: ast.Text, names: tuple[str, ...]) -> ast.Text:
        key = name_key(value.text)
        if key not in names:
            raise unknown_name(what, value.text, names, value.line, value.column)
        return replace(value, text=key)

    def channel(self, value: ast.Text) -> ast.Text:
        return self._vocab("channel", value, self.config.vocabulary.channels)

    def kind(self, value: ast.Text) -> ast.Text:
        return self._vocab("kind", value, self.config.vocabulary.kinds)

    def stage(self, value: ast.Text) -> ast.Text:
        return self._vocab("stage", value, self.config.vocabulary.stages)

    def channel_and_kind(
        self, channel: ast.Text | None, kind: ast.Text | None
    ) -> tuple[ast.Text | None, ast.Text | None]:
        """`engaged X` / `on engagement X`: X is a channel if configured as one, else a kind."""
        if (
            channel is not None
            and kind is None
            and channel.text
            and name_key(channel.text) not in self.config.vocabulary.channels
        ):
            vocab = self.config.vocabulary
            if name_key(channel.text) in vocab.kinds:
                return None, self.kind(channel)
            raise unknown_name(
                "channel or kind", channel.text, (*vocab.channels, *vocab.kinds), channel.line, channel.column
            )
        return (
            self.channel(channel) if channel is not None else None,
            self.kind(kind) if kind is not None else None,
        )

    def field(self, field: ast.Field) -> ast.Field:
        if field.scope == "event":
            if not self.allow_event:
                raise _err(
                    f"event.{field.name} exists only in the `when` of a rule triggered `on engagement`", field
                )
            if field.name not in EVENT_FIELDS:
                raise unknown_name("event field", field.name, EVENT_FIELDS, field.line, field.column)
        elif field.scope == "contact" and field.name not in CONTACT_FIELDS:
            custom = [f"field.{f}" for f in self.ctx.fields()]
            raise unknown_name("field", field.name, (*CONTACT_FIELDS, *custom), field.line, field.column)
        return field

    def rule_name(self, actor: ast.Actor) -> None:
        """`by rule "NAME"` names a rule of the rule files or one the history records (a rule since deleted)."""
        assert actor.name is not None
        if self.ctx.rules is None:
            return
        names = list(self.ctx.rules())
        if actor.name.lower() not in {n.lower() for n in names}:
            raise unknown_name("rule", actor.name, names, actor.line, actor.column)

    # -- values --------------------------------------------------------------------------------------------
    def value(self, field: ast.Field, op: str, value: ast.Value) -> ast.Value:
        """The value `field op value` compares with, canonical, or an error at the value's position."""
        kind = field_kind(field)
        label = (
            f"field.{field.name}"
            if field.scope == "custom"
            else (f"event.{field.name}" if field.scope == "event" else field.name)
        )
        if kind in ("text", "tag", "note", "status", "channel", "kind") and isinstance(value, ast.Number):
            value = ast.Text(str(value.value), line=value.line, column=value.column)
        if kind == "number" or (kind == "custom" and isinstance(value, ast.Number)):
            if not isinstance(value, ast.Number):
                raise _err(
                    f"{label} is a number; compare it with a number, e.g. {label} >= 50", value, ["a number"]
                )
            if op in ("~", "!~"):
                raise _err(
                    f"{label} is a number: {op} works on text; use =, !=, <, <=, > or >=",
                    value,
                    ["a quoted string"],
                )
            return value
        if kind == "time":
            if not isinstance(value, ast.Date):
                raise _err(
                    f"{label} is a time: compare it with a date (e.g. {label} > 2026-01-01), or write "
                    f"{label} within 14d / before 30d / after 7d",
                    value,
                    ["a date (e.g. 2026-11-01)"],
                )
            if op not in ORDER_OPS:
                raise _err(f"{label} compares with <, <=, > or >= (or within/before/after/between)", value)
            return value
        if not isinstance(value, ast.Text):
            raise _err(
                f"{label} is text; write a name or a quoted string here", value, ["a name", "a quoted string"]
            )
        allowed = (
            NOTE_OPS
            if kind == "note"
            else EQUALITY_OPS
            if kind in ("status", "tag", "channel", "kind")
            else TEXT_OPS
        )
        if op not in allowed:
            raise _err(f"{label} compares with {', '.join(allowed)}", value)
        if kind == "status":
            return self.status(value)
        if kind == "channel":
            return self.channel(value)
        if kind == "kind":
            return self.kind(value)
        if kind == "tag":
            return replace(value, text=name_key(value.text))
        return value

    # -- expressions ---------------------------------------------------------------------------------------
    def expr(self, expr: ast.Expr) -> ast.Expr:
        match expr:
            case ast.And(items) | ast.Or(items):
                return replace(expr, items=tuple(self.attempt(partial(self.expr, i), i) for i in items))
            case ast.Not(inner):
                return replace(expr, expr=self.expr(inner))
            case ast.Compare(field, op, value):
                field = self.field(field)
                return replace(expr, field=field, value=self.value(field, op, value))
            case ast.InList(field, values):
                field = self.field(field)
                if field_kind(field) == "time":
                    raise _err(f"{field.name} is a time; use within/before/after/between", field)
                return replace(expr, field=field, values=tuple(self.value(field, "=", v) for v in values))
            case ast.IsEmpty(field):
                field = self.field(field)
                if field_kind(field) in ("status", "number", "time", "kind") and field.name != "last_engaged":
                    raise _err(
                        f"{field.name} always has a value; `is empty` applies to text, tags, custom "
                        "fields and last_engaged",
                        field,
                    )
                return replace(expr, field=field)
            case ast.Between(field, low, high):
                field = self.field(field)
                if field_kind(field) not in ("number", "custom"):
                    raise _err(f"between compares numbers; {field.name} is not a number", field)
                low, high = self.value(field, "<", low), self.value(field, "<", high)
                if not isinstance(low, ast.Number) or not isinstance(high, ast.Number):
                    raise _err(
                        "between takes two numbers",
                        low if not isinstance(low, ast.Number) else high,
                        ["a number"],
                    )
                return replace(expr, field=field, low=low, high=high)
            case ast.TimeCompare(field, frame):
                field = self.field(field)
                if field_kind(field) != "time":
                    raise _err(
                        f"{frame.op} applies to times (created, last_engaged, status_changed), "
                        f"not to {field.name}",
                        frame,
                        list(TIME_FIELDS),
                    )
                return replace(expr, field=field)
            case ast.Tagged(tag):
                return replace(expr, tag=replace(tag, text=name_key(tag.text)))
            case ast.Engaged(channel, kind):
                channel, kind = self.channel_and_kind(channel, kind)
                return replace(expr, channel=channel, kind=kind)
            case ast.Reached(stage):
                return replace(expr, stage=self.stage(stage))
            case ast.Top(percent):
                if not 0 < percent <= 100:
                    raise _err("top takes a percentage from 1 to 100, e.g. top 10%", expr, ["a number"])
                return expr
            case ast.StatusWas(statuses):
                return replace(expr, statuses=tuple(self.status(s) for s in statuses))
            case ast.StatusChanged(from_status, to_status, actor):
                if actor is not None and actor.name is not None:
                    self.rule_name(actor)
                return replace(
                    expr,
                    from_status=from_status and self.status(from_status),
                    to_status=to_status and self.status(to_status),
                )
            case ast.StatusManual() | ast.Unsubscribed() | ast.Overdue():
                return expr
        raise TypeError(f"not an expression: {expr!r}")

    def query(self, query: ast.Query) -> ast.Query:
        if query.expr is not None:
            check_limits(query.expr)
        if query.limit is not None:
            check_limit(query)
        order = []
        for key in query.order:
            field = self.field(key.field)
            if field.scope != "contact" or field.name not in ORDER_FIELDS:
                raise _err(f"cannot order by {field.name}", field, list(ORDER_FIELDS))
            order.append(replace(key, field=field))
        expr = self.expr(query.expr) if query.expr is not None else None
        return replace(query, expr=expr, order=tuple(order))


def check_query(query: ast.Query, ctx: LanguageContext) -> ast.Query:
    """The query with names resolved, or a LanguageError showing the query's line and a caret."""
    try:
        return Checker(ctx).query(query)
    except LanguageError as e:
        raise e.located(query.text, None) from None


def check_rules(rules: list[ast.Rule], ctx: LanguageContext) -> list[ast.Rule]:
    """Rules with names resolved; the first mistake is a LanguageError naming its file, line and column."""
    seen: dict[str, ast.Rule] = {}
    checked = []
    for rule in rules:
        try:
            checked.append(_check_rule(rule, ctx, seen, None))
        except LanguageError as e:
            raise e.located(rule.text, rule.file) from None
        seen[rule.name.lower()] = rule
    return checked


def rule_problems(rule: ast.Rule, ctx: LanguageContext) -> tuple[ast.Rule | None, list[LanguageError]]:
    """The rule checked, or None and every mistake in it (located in its file)."""
    problems: list[LanguageError] = []
    try:
        checked = _check_rule(rule, ctx, {}, problems)
    except LanguageError as e:  # the size limits: nothing else is worth checking
        problems.append(e)
    located = [e.located(rule.text, rule.file) for e in sorted(problems, key=lambda e: (e.line, e.column))]
    return (None, located) if located else (checked, [])


def _check_rule(
    rule: ast.Rule, ctx: LanguageContext, seen: dict[str, ast.Rule], problems: list[LanguageError] | None
) -> ast.Rule:
    if rule.name.lower() in seen:
        first = seen[rule.name.lower()]
        raise _err(
            f"a rule named {rule.name!r} already exists ({first.file}:{first.line}); rule names are "
            "unique in the workspace",
            rule,
        )
    check_limits(rule)
    checker = Checker(ctx, allow_event=isinstance(rule.trigger, ast.OnEngagement), problems=problems)
    trigger = checker.attempt(partial(_check_trigger, checker, rule.trigger), rule.trigger)
    actions = tuple(checker.attempt(partial(_check_action, checker, a), a) for a in rule.actions)
    condition = rule.condition
    if condition is not None:
        condition = checker.attempt(partial(checker.expr, condition), condition)
    return replace(rule, trigger=trigger, condition=condition, actions=actions)


def _check_trigger(checker: Checker, trigger: ast.Trigger) -> ast.Trigger:
    if isinstance(trigger, ast.OnEngagement):
        channel, kind = checker.channel_and_kind(trigger.channel, trigger.kind)
        return replace(trigger, channel=channel, kind=kind)
    if isinstance(trigger, ast.OnStatusChange):
        return replace(
            trigger,
            from_status=trigger.from_status and checker.status(trigger.from_status),
            to_status=trigger.to_status and checker.status(trigger.to_status),
        )
    return trigger


def _check_action(checker: Checker, action: ast.Action) -> ast.Action:
    if isinstance(action, ast.SetStatus):
        return replace(action, status=checker.status(action.status))
    if isinstance(action, ast.AddTag | ast.RemoveTag):
        return replace(action, tag=replace(action.tag, text=name_key(action.tag.text)))
    return action


def _quoted(name: str) -> str:
    """A status name as it is written in a query: quoted when it is not one word."""
    return name if name.replace("_", "").isalnum() else f'"{name}"'
