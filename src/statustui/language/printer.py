"""AST -> canonical text: lower-case keywords, one space between words, parentheses only where needed.

`parse_query(format_query(q)) == q` for every query the parser can produce.
"""

from __future__ import annotations

import re
from functools import cache

from statustui.language import ast
from statustui.language.parser import parser

_BARE = re.compile(r"[^\W\d]\w*")


@cache
def _keyword_patterns() -> list[re.Pattern[str]]:
    """The grammar's keywords (the terminals that outrank NAME): a name spelled like one must be quoted."""
    return [
        re.compile(t.pattern.to_regexp())
        for t in parser().terminals
        if t.priority > 0 and t.name.isalpha() and t.name not in ("DATE", "DURATION")
    ]


def format_text(value: ast.Text) -> str:
    """A name bare when it reads back as the same name, else double-quoted with escapes."""
    if _BARE.fullmatch(value.text) and not any(k.fullmatch(value.text) for k in _keyword_patterns()):
        return value.text
    return '"' + value.text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


@cache
def _address() -> re.Pattern[str]:
    return re.compile(parser().get_terminal("ADDRESS").pattern.to_regexp())


def format_value(value: ast.Value) -> str:
    """A value; an email address or domain stays bare (`email = ann@example.com`) as a person writes it,
    unless it starts with a digit (where a date, duration or number could read it differently)."""
    if isinstance(value, ast.Text):
        bare = _address().fullmatch(value.text) and not value.text[:1].isdigit()
        return value.text if bare else format_text(value)
    if isinstance(value, ast.Number):
        return _number(value.value)
    if isinstance(value, ast.Duration):
        return f"{_number(value.amount)}{value.unit}"
    return value.text


def format_field(field: ast.Field) -> str:
    prefix = {"contact": "", "custom": "field.", "event": "event."}[field.scope]
    return prefix + field.name


def format_frame(frame: ast.TimeFrame) -> str:
    if frame.op in ("today", "yesterday"):
        return frame.op
    if frame.op in ("this", "last"):
        return f"{frame.op} {frame.unit}"
    assert frame.start is not None
    if frame.op == "between":
        assert frame.end is not None
        return f"between {format_value(frame.start)} and {format_value(frame.end)}"
    return f"{frame.op} {format_value(frame.start)}"


def _count(count: ast.Count) -> str:
    words = {"at_least": "at least ", "at_most": "at most ", "exactly": "exactly "}[count.op]
    return f"{words}{count.n} times"


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _operand(expr: ast.Expr, parent: type) -> str:
    """A sub-expression, parenthesised when its own operator binds looser than (or the same as) the parent's."""
    text = format_expr(expr)
    if isinstance(expr, ast.Or) or (isinstance(expr, ast.And) and parent is not ast.Or):
        return f"({text})"
    return text


def format_expr(expr: ast.Expr) -> str:
    match expr:
        case ast.And(items):
            return " and ".join(_operand(i, ast.And) for i in items)
        case ast.Or(items):
            return " or ".join(_operand(i, ast.Or) for i in items)
        case ast.Not(inner):
            return f"not {_operand(inner, ast.Not)}"
        case ast.Compare(field, op, value):
            return f"{format_field(field)} {op} {format_value(value)}"
        case ast.InList(field, values, negated):
            return _join(
                format_field(field),
                "not" if negated else None,
                "in (" + ", ".join(format_value(v) for v in values) + ")",
            )
        case ast.IsEmpty(field, negated):
            return _join(format_field(field), "is", "not" if negated else None, "empty")
        case ast.Between(field, low, high, negated):
            return _join(
                format_field(field),
                "not" if negated else None,
                f"between {format_value(low)} and {format_value(high)}",
            )
        case ast.TimeCompare(field, frame):
            return f"{format_field(field)} {format_frame(frame)}"
        case ast.Tagged(tag):
            return f"tagged {format_value(tag)}"
        case ast.Engaged(channel, kind, frame, count):
            return _join(
                "engaged",
                format_text(channel) if channel else None,
                format_text(kind) if kind else None,
                format_frame(frame) if frame else None,
                _count(count) if count else None,
            )
        case ast.Reached(stage, frame):
            return _join("reached", format_text(stage), format_frame(frame) if frame else None)
        case ast.Top(percent):
            return f"top {_number(percent)}%"
        case ast.StatusWas(statuses, frame, in_list):
            if in_list or len(statuses) != 1:
                what = "in (" + ", ".join(format_text(s) for s in statuses) + ")"
            else:
                what = format_text(statuses[0])
            return _join("status was", what, format_frame(frame) if frame else None)
        case ast.StatusChanged(from_status, to_status, actor, frame):
            return _join(
                "status changed",
                f"from {format_text(from_status)}" if from_status else None,
                f"to {format_text(to_status)}" if to_status else None,
                f"by {format_actor(actor)}" if actor else None,
                format_frame(frame) if frame else None,
            )
        case ast.StatusManual(negated):
            return "status is not manual" if negated else "status is manual"
        case ast.Unsubscribed():
            return "unsubscribed"
        case ast.Overdue():
            return "overdue"
    raise TypeError(f"not an expression: {expr!r}")


def format_actor(actor: ast.Actor) -> str:
    return f"rule {format_text(ast.Text(actor.name))}" if actor.name is not None else actor.kind


def format_query(node: ast.Query | ast.Expr) -> str:
    """Canonical text of a query (or of one expression)."""
    if not isinstance(node, ast.Query):
        return format_expr(node)
    parts = [format_expr(node.expr)] if node.expr is not None else []
    if node.order:
        keys = ", ".join(format_field(k.field) + (" desc" if k.descending else "") for k in node.order)
        parts.append(f"order by {keys}")
    if node.limit is not None:
        parts.append(f"limit {node.limit}")
    return " ".join(parts)
