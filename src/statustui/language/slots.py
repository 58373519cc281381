"""What kind of word fits next, judged by the tokens before it: the one source for completion's candidates and
for the "expected" line of a syntax error ("a status, e.g. HOT"), so both speak of the same things."""

from __future__ import annotations

from collections.abc import Sequence

from lark import Token

from statustui.language.check import CONTACT_FIELDS, EVENT_FIELDS, ORDER_FIELDS
from statustui.language.context import LanguageContext

# The terminals that spell a value; which of them fit depends on the slot's kind.
VALUE_TERMINALS = frozenset({"NAME", "STRING", "ADDRESS", "NUMBER", "DURATION", "DATE", "TODAY", "YESTERDAY"})
_NAMES = frozenset({"NAME", "STRING"})
_FITTING = {
    "status": _NAMES,
    "tag": _NAMES | {"ADDRESS"},
    "channel_or_kind": _NAMES,
    "kind": _NAMES,
    "stage": _NAMES,
    "rule": _NAMES,
    "text": _NAMES | {"ADDRESS", "NUMBER"},
    "number": frozenset({"NUMBER"}),
    "time": frozenset({"DATE", "TODAY", "YESTERDAY"}),
    "day": frozenset({"DATE", "TODAY", "YESTERDAY"}),
    "duration": frozenset({"DURATION"}),
    "point": frozenset({"DURATION", "DATE", "TODAY", "YESTERDAY"}),
    "field": frozenset({"NAME"}),
    "order_field": frozenset({"NAME"}),
    "custom_field": frozenset({"NAME"}),
    "event_field": frozenset({"NAME"}),
}


def slot_after(tokens: Sequence[Token]) -> str | None:
    """The kind of word that comes after `tokens` where a name or value may: status, tag, channel_or_kind,
    kind, stage, rule, text, number, time, field, order_field, custom_field, event_field; None when any value
    fits (a custom field's)."""
    types = [t.type for t in tokens]
    last = types[-1] if types else None
    if last == "DOT":
        return "custom_field" if len(tokens) >= 2 and tokens[-2].lower() == "field" else "event_field"
    if last in ("ENGAGED", "ENGAGEMENT"):
        return "channel_or_kind"
    if len(types) >= 2 and types[-2] in ("ENGAGED", "ENGAGEMENT") and last == "NAME":
        return "kind"
    if last == "REACHED":
        return "stage"
    if last in ("TAGGED", "TAG"):
        return "tag"
    if last == "RULE" and len(types) >= 2 and types[-2] == "BY":
        return "rule"
    if last in ("WAS", "FROM", "TO") or (last == "STATUS" and len(types) >= 2 and types[-2] == "SET"):
        return "status"
    if len(types) >= 2 and types[-2:] == ["WAS", "IN"] or _in_list_after(types, "WAS"):
        return "status"
    field = _compared_field(tokens)
    if field is not None:
        kind = _FIELD_SLOTS.get(field, "text") if field != "custom" else None
        return "point" if kind == "time" and "BETWEEN" in types[-4:] else kind
    if "ORDER" in types and last in ("BY", "COMMA"):
        return "order_field"
    if last in _AFTER_KEYWORD:
        return _AFTER_KEYWORD[last]
    if last == "AND" and "BETWEEN" in types[-4:]:
        return "point"  # `between 30d and |`
    if last in (None, "AND", "OR", "NOT", "LPAR", "WHEN"):
        return "field"
    return None


_AFTER_KEYWORD = {
    "WITHIN": "duration",
    "BEFORE": "point",
    "AFTER": "point",
    "BETWEEN": "point",
    "ON": "day",
    "TOP": "number",
    "LIMIT": "number",
    "LEAST": "number",
    "MOST": "number",
    "EXACTLY": "number",
    "SCORE": "number",
}


_FIELD_SLOTS = {
    "status": "status",
    "tag": "tag",
    "score": "number",
    "created": "time",
    "last_engaged": "time",
    "status_changed": "time",
    "channel": "channel_or_kind",
    "kind": "kind",
}


def _in_list_after(types: list[str], keyword: str) -> bool:
    """Inside `KEYWORD in (..., |`."""
    if not types or types[-1] not in ("LPAR", "COMMA"):
        return False
    i = len(types) - 1
    while i >= 0 and types[i] != "LPAR":
        i -= 1
    return i >= 2 and types[i - 1] == "IN" and types[i - 2] == keyword


def _compared_field(tokens: Sequence[Token]) -> str | None:
    """The field whose value comes next (`status = |`, `status in (HOT, |` -> status, `field.x = |` ->
    custom, `event.kind = |` -> kind), else None."""
    i = len(tokens) - 1
    if i >= 0 and tokens[i].type in ("COMMA", "LPAR"):
        while i >= 0 and tokens[i].type != "LPAR":
            i -= 1
        i -= 1  # the `in` before the list, if it is one
        if i < 0 or tokens[i].type != "IN":
            return None
    if i >= 0 and tokens[i].type in ("BETWEEN", "AND") and i >= 1:
        while i >= 0 and tokens[i].type != "BETWEEN":
            i -= 1
    if i < 0 or tokens[i].type not in ("COMPARE_OP", "IN", "BETWEEN"):
        return None
    i -= 1
    if i >= 0 and tokens[i].type == "NOT":
        i -= 1
    if i >= 0 and tokens[i].type in ("NAME", "STATUS"):
        if i >= 2 and tokens[i - 1].type == "DOT":
            return tokens[i].lower() if tokens[i - 2].lower() == "event" else "custom"
        return tokens[i].lower()
    return None


# After a whole field at a condition's start: what its type allows next (operators, keywords).
_AFTER_FIELD: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "status": (frozenset({"=", "!="}), frozenset({"IN", "NOT", "IS", "WAS", "CHANGED"})),
    "tag": (frozenset({"=", "!="}), frozenset({"IN", "NOT", "IS"})),
    "text": (frozenset({"=", "!=", "~", "!~"}), frozenset({"IN", "NOT", "IS"})),
    "number": (frozenset({"=", "!=", "<", "<=", ">", ">="}), frozenset({"IN", "NOT", "BETWEEN"})),
    "custom": (
        frozenset({"=", "!=", "<", "<=", ">", ">=", "~", "!~"}),
        frozenset({"IN", "NOT", "IS", "BETWEEN"}),
    ),
    "time": (
        frozenset({"<", "<=", ">", ">="}),
        frozenset(
            {"NOT", "IS", "BETWEEN", "WITHIN", "BEFORE", "AFTER", "ON", "TODAY", "YESTERDAY", "THIS", "LAST"}
        ),
    ),
}


def after_field(tokens: Sequence[Token]) -> tuple[frozenset[str], frozenset[str]] | None:
    """(operators, keywords) a field's type allows when `tokens` end with a whole field (`status`, `score`,
    `created`, `field.budget`); None when they do not."""
    if not tokens or tokens[-1].type not in ("NAME", "STATUS"):
        return None
    dotted = len(tokens) >= 3 and tokens[-2].type == "DOT"
    if slot_after(tokens[:-3] if dotted else tokens[:-1]) != "field":
        return None
    name = tokens[-1].lower()
    if dotted:
        kind: str | None = "custom" if tokens[-3].lower() == "field" else _FIELD_SLOTS.get(name, "text")
    else:
        kind = _FIELD_SLOTS.get(name, "text" if name in CONTACT_FIELDS else None)
    if kind in ("channel_or_kind", "kind"):  # event.channel, event.kind: names like tags
        kind = "tag"
    return _AFTER_FIELD.get(kind) if kind is not None else None


def fits(kind: str | None, terminal: str) -> bool:
    """Whether a value terminal may stand in a slot of this kind (any value where the kind is open)."""
    return kind is None or terminal in _FITTING.get(kind, VALUE_TERMINALS)


def names(kind: str | None, ctx: LanguageContext) -> list[str]:
    """The workspace's words for a slot, as configured (statuses and rule names may need quotes to write)."""
    vocab = ctx.config.vocabulary
    if kind == "status":
        return ctx.config.status_names
    if kind == "tag":
        return sorted(ctx.tags())
    if kind == "channel_or_kind":
        return [*vocab.channels, *vocab.kinds]
    if kind == "kind":
        return list(vocab.kinds)
    if kind == "stage":
        return list(vocab.stages)
    if kind == "rule":
        return list(ctx.rules()) if ctx.rules is not None else []
    if kind == "field":
        return [*CONTACT_FIELDS, "field."]
    if kind == "order_field":
        return list(ORDER_FIELDS)
    if kind == "custom_field":
        return sorted(ctx.fields())
    if kind == "event_field":
        return list(EVENT_FIELDS)
    return []


_WHAT = {
    "status": "a status",
    "tag": "a tag",
    "channel_or_kind": "a channel or kind",
    "kind": "a kind",
    "stage": "a stage",
    "rule": "a rule name",
    "field": "a field",
    "order_field": "a field to order by",
    "custom_field": "a custom field",
    "event_field": "an event field",
    "text": "text (a word, a quoted string or an email)",
    "number": "a number",
    "time": "a date (e.g. 2026-11-01), today or yesterday",
    "day": "a date (e.g. 2026-11-01), today or yesterday",
    "duration": "a duration (e.g. 14d)",
    "point": "a date (e.g. 2026-11-01), a duration (e.g. 30d), today or yesterday",
}


def describe(kind: str, ctx: LanguageContext | None) -> str:
    """How an error names the slot: "a status, e.g. HOT" (the example from the workspace when known)."""
    what = _WHAT.get(kind, "a value")
    examples = names(kind, ctx) if ctx is not None else []
    return f"{what}, e.g. {examples[0]}" if examples else what
