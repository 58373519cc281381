"""Text -> typed AST: the one LALR parser (built once from grammar/statustui.lark) and the tree conversion.

Syntax only: names stay as written; `check.py` resolves them against the workspace.
"""

from __future__ import annotations

import hashlib
import re
import sys
from datetime import datetime
from functools import cache
from typing import Any, Literal, TypedDict

import lark
from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from statustui.language import ast
from statustui.language.context import LanguageContext
from statustui.language.errors import LanguageError
from statustui.language.limits import check_number
from statustui.language.slots import VALUE_TERMINALS, describe, fits, slot_after
from statustui.resources import grammar_dir, user_cache_dir

TIME_FIELDS = {"created", "last_engaged", "status_changed"}
MAX_DEPTH = 100

_UNITS = {
    "m": ("m", "min", "mins", "minute", "minutes"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "d": ("d", "day", "days"),
    "w": ("w", "week", "weeks"),
    "mo": ("mo", "month", "months"),
    "y": ("y", "year", "years"),
}
_UNIT_OF = {spelling: unit for unit, spellings in _UNITS.items() for spelling in spellings}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([a-zA-Z]+)")
_ESCAPE = re.compile(r"\\(.)")
_VALUE_BEFORE = re.compile(r"(?:[=~<>(,]|\btagged)\s*[\w.@+-]+$", re.IGNORECASE)  # a bare value ends here
_FRAME_OPS: dict[str, ast.FrameOp] = {
    f"frame_{op}": op
    for op in ("within", "before", "after", "between", "on", "today", "yesterday", "this", "last")
}
_COMPARE_OPS: dict[str, ast.CompareOp] = {op: op for op in ("=", "!=", "<", "<=", ">", ">=", "~", "!~")}
_SCOPES: dict[str, ast.FieldScope] = {"field": "custom", "event": "event"}
_COUNT_OPS: dict[str, Literal["at_least", "at_most", "exactly"]] = {
    "count_at_least": "at_least",
    "count_at_most": "at_most",
    "count_exactly": "exactly",
}
_ACTOR_KINDS: dict[str, Literal["person", "rule", "import", "api", "default"]] = {
    "PERSON": "person",
    "RULE": "rule",
    "IMPORT": "import",
    "API": "api",
    "DEFAULT": "default",
}

# How the error messages name the grammar's terminals.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a quoted string",
    "ADDRESS": "an email or domain (e.g. ann@example.com)",
    "NUMBER": "a number",
    "DURATION": "a duration (e.g. 14d)",
    "DATE": "a date (e.g. 2026-11-01)",
    "COMPARE_OP": "a comparison (=, !=, <, <=, >, >=, ~, !~)",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "DOT": "'.'",
    "PERCENT": "'%'",
    "$END": "the end",
}


@cache
def parser() -> Lark:
    """The LALR parser for both start symbols, built once per process.

    Building the tables took 0.66 s of every `statustui search` process, loading them takes 0.07 s, so they
    are cached in the per-user cache folder (lark's own `cache=True` uses a predictable name in the shared
    temp folder, where another user could plant the pickle it loads). The name carries the grammar's hash
    and the versions; lark also checks a hash inside the file and rebuilds it when it does not match.
    """
    text = (grammar_dir() / "statustui.lark").read_text(encoding="utf-8")
    folder = user_cache_dir()
    cache_file: str | bool = False
    if folder is not None:
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        python = f"{sys.version_info.major}{sys.version_info.minor}"
        cache_file = str(folder / f"grammar-{digest}-lark{lark.__version__}-py{python}.pickle")
    return Lark(
        text,
        parser="lalr",
        lexer="contextual",
        start=["query", "rule_file"],
        propagate_positions=True,
        maybe_placeholders=True,
        cache=cache_file,
    )


def describe_terminal(name: str) -> str:
    """How a person reads a terminal: keywords as their word, the rest as what to write."""
    if name in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[name]
    pattern = parser().get_terminal(name).pattern.value
    return pattern.removesuffix("\\b").replace("s?", "")  # keyword regex `/times?\b/i` -> times


def syntax_error(
    error: UnexpectedInput, text: str, source: str | None, start: str, ctx: LanguageContext | None = None
) -> LanguageError:
    """The error a person reads; "expected" names values by what fits there, as completion does ("a
    status, e.g. HOT" after `status in (`), with an example from the workspace when `ctx` is given."""
    what = "query" if start == "query" else "rule file"
    expected: set[str] = set()
    at_end = isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    )
    if isinstance(error, UnexpectedToken):
        expected = set(error.accepts or error.expected)
        message = f"the {what} ends too early" if at_end else f"unexpected {error.token.value!r}"
    elif isinstance(error, UnexpectedCharacters):
        expected = set(error.allowed or ())
        message = f"unexpected character {text[error.pos_in_stream or 0]!r}"
    elif isinstance(error, UnexpectedEOF):
        expected = set(error.expected)
        message = f"the {what} ends too early"
    else:  # pragma: no cover - lark has no other kinds of input error
        message = str(error)
    if not at_end and _punctuation_in_text(error, text):
        message += '; text with punctuation goes in quotes, e.g. "Dr. Who"'
    offset = len(text) if at_end else _error_offset(error)
    slot = _slot_before(text[:offset], start)
    described: set[str] = set()
    if slot is not False and expected & VALUE_TERMINALS:
        if any(fits(slot, t) for t in expected & VALUE_TERMINALS):
            described.add(describe(slot, ctx) if slot is not None else "a value")
        expected -= VALUE_TERMINALS
    words = sorted(
        described | {describe_terminal(t) for t in expected if t != "$END"},
        key=lambda w: (w.startswith(("a ", "an ", "'")), w),
    )
    if "$END" in expected:
        words.append("the end")
    line, column = _end_position(text) if at_end else _error_position(error, text)
    return LanguageError(message, line, column, text=text, expected=words, source=source)


def _error_offset(error: UnexpectedInput) -> int:
    if isinstance(error, UnexpectedToken):
        return error.token.start_pos or 0
    return getattr(error, "pos_in_stream", 0) or 0


def _slot_before(prefix: str, start: str) -> str | None | Literal[False]:
    """The slot after `prefix` (slots.slot_after); False when the prefix cannot be read."""
    interactive = parser().parse_interactive(prefix, start=start)
    try:
        tokens = list(interactive.iter_parse())
    except LarkError:
        return False
    return slot_after(tokens)


def _punctuation_in_text(error: UnexpectedInput, text: str) -> bool:
    """The mistake is punctuation right after a word (`name = Dr. Who`, `email ~ ann@`): likely unquoted text."""
    pos = getattr(error, "pos_in_stream", None)
    if isinstance(error, UnexpectedToken):
        pos = error.token.start_pos
    if not isinstance(pos, int) or not 0 < pos < len(text):
        return False
    return text[pos] in ".@/:;!?&$*+" and _VALUE_BEFORE.search(text[:pos]) is not None


def _error_position(error: UnexpectedInput, text: str) -> tuple[int, int]:
    line = getattr(error, "line", -1)
    column = getattr(error, "column", -1)
    if isinstance(line, int) and line > 0 and isinstance(column, int) and column > 0:
        return line, column
    return _end_position(text)


def _end_position(text: str) -> tuple[int, int]:
    """Just after the last character (where something is missing)."""
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def parse_tree(text: str, start: str, source: str | None = None, ctx: LanguageContext | None = None) -> Tree:
    try:
        return parser().parse(text, start=start)
    except UnexpectedInput as e:
        raise syntax_error(e, text, source, start, ctx) from None


def parse_query(text: str, ctx: LanguageContext | None = None) -> ast.Query:
    """A query's AST (syntax only); any mistake is a LanguageError. With the workspace's `ctx`, a syntax
    error's "expected" line gives examples from it ("a status, e.g. HOT")."""
    if not isinstance(text, str):
        raise LanguageError(f"a query is text, not {type(text).__name__}")
    try:
        query = _Converter().query(parse_tree(text, "query", None, ctx))
    except LanguageError as e:
        raise e.located(text, None) from None
    return ast.Query(query.expr, query.order, query.limit, line=1, column=1, text=text)


def parse_rules(text: str, source: str) -> list[ast.Rule]:
    """The rules of one rule file, in file order, each knowing `file` and `line`."""
    try:
        tree = parse_tree(text, "rule_file", source)
        return [_Converter().rule(r, source, text) for r in tree.children]
    except LanguageError as e:
        raise e.located(text, source) from None


class _Pos(TypedDict):
    line: int
    column: int


def _pos(node: Tree | Token) -> _Pos:
    if isinstance(node, Token):
        return {"line": node.line or 0, "column": node.column or 0}
    meta = node.meta
    return {"line": getattr(meta, "line", 0), "column": getattr(meta, "column", 0)}


def _error(message: str, node: Tree | Token, expected: tuple[str, ...] = ()) -> LanguageError:
    p = _pos(node)
    return LanguageError(message, p["line"], p["column"], expected=expected)


def _token(node: Tree | Token | None) -> Token:
    """A child the grammar makes a token (lark types every child as a tree or a token)."""
    if not isinstance(node, Token):
        raise TypeError(f"the grammar gives a token here, not {node!r}")
    return node


def _unescape(quoted: str) -> str:
    return _ESCAPE.sub(r"\1", quoted[1:-1])


def _number(tok: Token) -> int | float:
    value = float(tok)
    return _whole(tok) if re.fullmatch(r"-?\d+", tok) else value


def _whole(tok: Token) -> int:
    # int() of 4,300 digits or more is a ValueError; 19 digits are out of bounds already (limits.py).
    if len(tok.lstrip("-")) > 18:
        check_number(float(tok), ast.Number(0, **_pos(tok)))
    return int(tok)


class _Converter:
    """Parse tree -> AST, one method per grammar alias (lark's `Tree.data`)."""

    # -- queries -----------------------------------------------------------------------------------------
    def query(self, tree: Tree) -> ast.Query:
        expr_t, order_t, limit_t = tree.children
        expr = self.expr(expr_t) if expr_t is not None else None
        order: tuple[ast.OrderKey, ...] = ()
        if order_t is not None:
            order = tuple(self.order_key(k) for k in order_t.children if isinstance(k, Tree))
        limit = None
        if limit_t is not None:
            tok = _token(limit_t.children[1])
            if not re.fullmatch(r"\d+", tok):
                raise _error("limit takes a whole number, e.g. limit 50", tok, ("a whole number",))
            limit = _whole(tok)
        return ast.Query(expr, order, limit)

    def order_key(self, tree: Tree) -> ast.OrderKey:
        field_t, direction = tree.children
        desc = isinstance(direction, Token) and direction.type == "DESC"
        return ast.OrderKey(self.field(field_t), desc, **_pos(tree))

    depth = 0

    def expr(self, tree: Tree) -> ast.Expr:
        method = getattr(self, f"x_{tree.data}", None)
        if method is None:  # pragma: no cover - every expression alias has a method
            raise _error(f"unsupported construct {tree.data}", tree)
        # Every back end walks the tree recursively: keep far below Python's recursion limit.
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error(f"the condition nests more than {MAX_DEPTH} levels deep", tree)
        try:
            return method(tree)
        finally:
            self.depth -= 1

    def _items(self, tree: Tree) -> tuple[ast.Expr, ...]:
        return tuple(self.expr(c) for c in tree.children if isinstance(c, Tree))

    def x_or_expr(self, tree: Tree) -> ast.Expr:
        return ast.Or(self._items(tree), **_pos(tree))

    def x_and_expr(self, tree: Tree) -> ast.Expr:
        return ast.And(self._items(tree), **_pos(tree))

    def x_not_(self, tree: Tree) -> ast.Expr:
        return ast.Not(self.expr(tree.children[1]), **_pos(tree))

    def x_compare(self, tree: Tree) -> ast.Expr:
        field_t, op, value_t = tree.children
        return ast.Compare(self.field(field_t), _COMPARE_OPS[str(op)], self.value(value_t), **_pos(tree))

    def x_in_list(self, tree: Tree) -> ast.Expr:
        field_t, negated, _in, values = tree.children
        return ast.InList(self.field(field_t), self.values(values), negated is not None, **_pos(tree))

    def x_is_empty(self, tree: Tree) -> ast.Expr:
        field_t, _is, negated, _empty = tree.children
        return ast.IsEmpty(self.field(field_t), negated is not None, **_pos(tree))

    def x_is_manual(self, tree: Tree) -> ast.Expr:
        field_t, _is, negated, manual = tree.children
        if self.field(field_t) != ast.Field("status"):
            raise _error("only `status is [not] manual` exists; did you mean `is empty`?", manual)
        return ast.StatusManual(negated is not None, **_pos(tree))

    def x_between(self, tree: Tree) -> ast.Expr:
        field_t, negated, _between, low_t, _and, high_t = tree.children
        field = self.field(field_t)
        low, high = self.value(low_t), self.value(high_t)
        if field.scope == "contact" and field.name in TIME_FIELDS:
            frame = ast.TimeFrame("between", self.point(low), self.point(high), **_pos(tree.children[2]))
            compare = ast.TimeCompare(field, frame, **_pos(tree))
            return ast.Not(compare, **_pos(tree)) if negated is not None else compare
        return ast.Between(field, low, high, negated is not None, **_pos(tree))

    def x_time_compare(self, tree: Tree) -> ast.Expr:
        field_t, frame_t = tree.children
        return ast.TimeCompare(self.field(field_t), self.frame(frame_t), **_pos(tree))

    def x_tagged(self, tree: Tree) -> ast.Expr:
        return ast.Tagged(self.text(tree.children[1], "a tag"), **_pos(tree))

    def x_engaged(self, tree: Tree) -> ast.Expr:
        _kw, words, frame_t, count_t = tree.children
        channel, kind = self.words(words)
        return ast.Engaged(
            channel,
            kind,
            self.frame(frame_t) if frame_t is not None else None,
            self.count(count_t) if count_t is not None else None,
            **_pos(tree),
        )

    def x_reached(self, tree: Tree) -> ast.Expr:
        _kw, name, frame_t = tree.children
        return ast.Reached(
            self.name(name), self.frame(frame_t) if frame_t is not None else None, **_pos(tree)
        )

    def x_top(self, tree: Tree) -> ast.Expr:
        return ast.Top(_number(_token(tree.children[1])), **_pos(tree))

    def x_status_was(self, tree: Tree) -> ast.Expr:
        _s, _was, value_t, frame_t = tree.children
        return ast.StatusWas(
            (self.text(value_t, "a status"),),
            self.frame(frame_t) if frame_t is not None else None,
            **_pos(tree),
        )

    def x_status_was_in(self, tree: Tree) -> ast.Expr:
        _s, _was, _in, values, frame_t = tree.children
        statuses = tuple(self.text(v, "a status") for v in values.children)
        return ast.StatusWas(
            statuses, self.frame(frame_t) if frame_t is not None else None, True, **_pos(tree)
        )

    def x_status_changed(self, tree: Tree) -> ast.Expr:
        _s, _changed, from_t, to_t, by_t, frame_t = tree.children
        actor = None
        if by_t is not None:
            actor_t = by_t.children[1]
            kind_tok = _token(actor_t.children[0])
            named = (
                self.name(actor_t.children[1]) if len(actor_t.children) > 1 and actor_t.children[1] else None
            )
            where = _pos(kind_tok) if named is None else _Pos(line=named.line, column=named.column)
            actor = ast.Actor(_ACTOR_KINDS[kind_tok.type], named.text if named else None, **where)
        return ast.StatusChanged(
            self.text(from_t.children[1], "a status") if from_t is not None else None,
            self.text(to_t.children[1], "a status") if to_t is not None else None,
            actor,
            self.frame(frame_t) if frame_t is not None else None,
            **_pos(tree),
        )

    def x_unsubscribed(self, tree: Tree) -> ast.Expr:
        return ast.Unsubscribed(**_pos(tree))

    def x_overdue(self, tree: Tree) -> ast.Expr:
        return ast.Overdue(**_pos(tree))

    # -- parts ---------------------------------------------------------------------------------------------
    def field(self, tree: Tree) -> ast.Field:
        pos = _pos(tree)
        if tree.data == "status_field":
            return ast.Field("status", **pos)
        if tree.data == "plain_field":
            return ast.Field(str(tree.children[0]).lower(), **pos)
        prefix, name = (str(t) for t in tree.children)
        scope = _SCOPES.get(prefix.lower())
        if scope is None:
            raise _error(
                f"unknown prefix {prefix!r}: write field.NAME for a custom field or event.NAME in a rule",
                tree,
                ("field.NAME", "event.NAME"),
            )
        return ast.Field(name.lower(), scope, **pos)

    def words(self, words: Tree | None) -> tuple[ast.Text | None, ast.Text | None]:
        if words is None:
            return None, None
        first, second = words.children
        return self.name(first), self.name(second) if second is not None else None

    def name(self, tree: Tree) -> ast.Text:
        tok = _token(tree.children[0])
        if tok.type == "STRING":
            return ast.Text(_unescape(tok), True, **_pos(tok))
        return ast.Text(str(tok), False, **_pos(tok))

    def text(self, tree: Tree, what: str) -> ast.Text:
        value = self.value(tree)
        if not isinstance(value, ast.Text):
            raise _error(
                f"expected {what} here (a name or a quoted string)", tree, ("a name", "a quoted string")
            )
        return value

    def values(self, tree: Tree) -> tuple[ast.Value, ...]:
        return tuple(self.value(v) for v in tree.children)

    def value(self, tree: Tree) -> ast.Value:
        if tree.data == "name":
            return self.name(tree)
        tok = _token(tree.children[0])
        pos = _pos(tok)
        if tree.data == "address":
            return ast.Text(str(tok), **pos)
        if tree.data == "number":
            return ast.Number(_number(tok), **pos)
        if tree.data == "duration":
            return self.duration(tok)
        return self.date(tok)

    def duration(self, tok: Token) -> ast.Duration:
        m = _DURATION.fullmatch(str(tok))
        assert m is not None  # the DURATION terminal guarantees the shape
        digits = m.group(1)
        amount = (
            float(digits) if len(digits) > 18 else _number(Token("NUMBER", digits))
        )  # limits.py refuses it
        return ast.Duration(amount, _UNIT_OF[m.group(2).lower()], **_pos(tok))

    def date(self, tok: Token) -> ast.Date:
        text = str(tok)
        if tok.type == "DATE":
            try:
                datetime.fromisoformat(text)
            except ValueError:
                raise _error(f"{text!r} is not a date", tok, ("a date (e.g. 2026-11-01)",)) from None
        else:
            text = text.lower()
        return ast.Date(text, **_pos(tok))

    def point(self, value: ast.Value) -> ast.Duration | ast.Date:
        if not isinstance(value, ast.Duration | ast.Date):
            raise LanguageError(
                "expected a date or a duration here",
                value.line,
                value.column,
                expected=["a date (e.g. 2026-11-01)", "a duration (e.g. 14d)"],
            )
        return value

    def frame(self, tree: Tree) -> ast.TimeFrame:
        if tree.data == "frame":  # the wrapper around within/before/after
            tree = tree.children[0]
        op = _FRAME_OPS[tree.data]
        if op in ("today", "yesterday"):
            return ast.TimeFrame(op, **_pos(tree))
        if op in ("this", "last"):
            unit = str(tree.children[1].children[0]).lower()
            return ast.TimeFrame(op, unit=unit, **_pos(tree))
        if op == "on":
            day = self.date(_token(tree.children[1].children[0]))
            if "T" in day.text:
                raise _error(
                    f"on takes a whole day, without a time: on {day.text.split('T')[0]}",
                    tree.children[1],
                    ("a date (e.g. 2026-11-01)",),
                )
            return ast.TimeFrame("on", day, **_pos(tree))
        points = [
            c
            for c in tree.children
            if isinstance(c, Tree | Token)
            and not (isinstance(c, Token) and c.type in ("WITHIN", "BEFORE", "AFTER", "BETWEEN", "AND"))
        ]
        converted = [self.duration(p) if isinstance(p, Token) else self.point(self.value(p)) for p in points]
        return ast.TimeFrame(
            op,
            converted[0],
            converted[1] if len(converted) > 1 else None,
            **_pos(tree),
        )

    def count(self, tree: Tree) -> ast.Count:
        op = _COUNT_OPS[tree.data]
        number = next(c for c in tree.children if isinstance(c, Token) and c.type == "NUMBER")
        if not re.fullmatch(r"\d+", number):
            raise _error("a count is a whole number, e.g. at least 2 times", number, ("a whole number",))
        return ast.Count(op, _whole(number), **_pos(tree))

    # -- rule files ------------------------------------------------------------------------------------------
    def rule(self, tree: Tree, source: str, text: str) -> ast.Rule:
        _kw, name_t, trigger_t, override1, when_t, then_t, override2 = tree.children
        trigger = self.trigger(trigger_t)
        condition = self.expr(when_t.children[1]) if when_t is not None else None
        actions = tuple(self.action(a) for a in then_t.children[1:])
        return ast.Rule(
            self.name(name_t).text,
            trigger,
            condition,
            actions,
            override1 is not None or override2 is not None,
            source,
            text=text,
            **_pos(tree),
        )

    def trigger(self, tree: Tree) -> ast.Trigger:
        pos = _pos(tree)
        kids: list[Any] = tree.children
        if tree.data == "on_create":
            return ast.OnCreate(**pos)
        if tree.data == "on_schedule":
            return ast.OnSchedule(**pos)
        if tree.data == "on_engagement":
            channel, kind = self.words(kids[2])
            return ast.OnEngagement(channel, kind, **pos)
        _on, _status, _change, from_t, to_t = kids
        return ast.OnStatusChange(
            self.text(from_t.children[1], "a status") if from_t is not None else None,
            self.text(to_t.children[1], "a status") if to_t is not None else None,
            **pos,
        )

    def action(self, tree: Tree) -> ast.Action:
        pos = _pos(tree)
        kids: list[Any] = tree.children
        if tree.data == "set_status":
            return ast.SetStatus(self.text(kids[2], "a status"), **pos)
        if tree.data == "add_tag":
            return ast.AddTag(self.text(kids[2], "a tag"), **pos)
        if tree.data == "remove_tag":
            return ast.RemoveTag(self.text(kids[2], "a tag"), **pos)
        if tree.data == "add_score":
            if not re.fullmatch(r"-?\d+", kids[2]):
                raise _error("add score takes a whole number, e.g. add score 5", kids[2], ("a whole number",))
            return ast.AddScore(_whole(kids[2]), **pos)
        simple: dict[str, type[ast.Unsubscribe | ast.Resubscribe | ast.Stop]] = {
            "unsubscribe": ast.Unsubscribe,
            "resubscribe": ast.Resubscribe,
            "stop": ast.Stop,
        }
        return simple[tree.data](**pos)
