"""The size of a query or rule and the range of its values, checked before anything runs.

Every bound is what both databases, the compiler and the evaluator handle (docs/reliability.md has the
measurements): a query the checker accepts never fails later with an overflow, SQLite's "parser stack
overflow" or "Expression tree is too large", or a Python RecursionError.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import datetime

from statustui.durations import UNIT_SECONDS
from statustui.language import ast
from statustui.language.errors import LanguageError
from statustui.timeutil import MAX_YEAR, MIN_YEAR

# Conditions (comparisons, `tagged`, `engaged`, ...) in one query or one rule's `when`. SQLite handles
# about 400 flat ones (its expression depth stops at 1,000); PostgreSQL plans 100 ANDed sub-table tests in
# 37 s, 50 in 7 s. 50 conditions is far beyond any hand-written query.
MAX_CONDITIONS = 50
# Levels of parentheses and `not`: SQLite's parser stack overflows between 75 and 100.
MAX_NESTING = 20
# Values in all `in (...)` lists of one query (SQLite binds at most 32,766 parameters per statement).
MAX_LIST_VALUES = 1000
# Characters in one quoted text: a `~` pattern becomes a LIKE pattern, which SQLite limits to 50,000 bytes.
MAX_TEXT = 2000
# Numbers, counts and limits: below 10^15 every one is exact as a float and fits a 64-bit integer column.
MAX_NUMBER = 10**15
# `within D`, `before D`: the span of the years a time may name, so "now minus D" is a time every step handles.
MAX_DURATION_SECONDS = 300 * UNIT_SECONDS["y"]
MAX_DURATION_TEXT = "300 years"
# Points one `add score` action gives; the bonus adds up over runs and stays far from the 64-bit bound.
MAX_SCORE_POINTS = 1_000_000

_CONNECTIVES = (ast.And, ast.Or, ast.Not)
_CONDITIONS = (
    ast.Compare,
    ast.InList,
    ast.IsEmpty,
    ast.Between,
    ast.TimeCompare,
    ast.Tagged,
    ast.Engaged,
    ast.Reached,
    ast.Top,
    ast.StatusWas,
    ast.StatusChanged,
    ast.StatusManual,
    ast.Unsubscribed,
    ast.Overdue,
)


def _err(message: str, node: ast.Node, expected: tuple[str, ...] = ()) -> LanguageError:
    return LanguageError(message, node.line, node.column, expected=expected)


def check_number(value: float, node: ast.Node, what: str = "a number") -> None:
    if not -MAX_NUMBER < value < MAX_NUMBER:
        raise _err(f"{what} must lie between -{MAX_NUMBER - 1:,} and {MAX_NUMBER - 1:,}", node)


def check_limit(query: ast.Query) -> None:
    """`limit N` (the AST keeps no position for N: it is the last number of the text)."""
    if query.limit is not None and query.limit >= MAX_NUMBER:
        text = query.text.rstrip()
        at = len(text) - len(text.split()[-1]) if text else 0
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise LanguageError(f"limit takes at most {MAX_NUMBER - 1:,}", line, column)


def check_limits(node: ast.Expr | ast.Rule) -> None:
    """A condition's (or a whole rule's) size and every value in it, or a LanguageError at the first thing
    out of bounds."""
    _walk(node, 0, {"conditions": 0, "values": 0})


def _walk(node: object, depth: int, counts: dict[str, int]) -> None:
    if isinstance(node, tuple):
        for item in node:
            _walk(item, depth, counts)
        return
    if not is_dataclass(node) or not isinstance(node, ast.Node):
        return
    if isinstance(node, _CONNECTIVES):
        depth += 1
        if depth > MAX_NESTING:
            raise _err(f"a condition may nest at most {MAX_NESTING} levels of parentheses and `not`", node)
    elif isinstance(node, ast.Field | ast.Actor):
        return
    elif isinstance(node, _CONDITIONS):
        counts["conditions"] += 1
        if counts["conditions"] > MAX_CONDITIONS:
            raise _err(
                f"a query or rule may hold at most {MAX_CONDITIONS} conditions; split it, or save a "
                "broader search and narrow it",
                node,
            )
    if isinstance(node, ast.InList):
        counts["values"] += len(node.values)
        if counts["values"] > MAX_LIST_VALUES:
            raise _err(f"`in (...)` lists may hold at most {MAX_LIST_VALUES} values in all", node)
    _check_value(node)
    for f in fields(node):
        _walk(getattr(node, f.name), depth, counts)


def _check_value(node: ast.Node) -> None:
    match node:
        case ast.Number(value):
            check_number(value, node)
        case ast.Count(_op, n):
            check_number(n, node, "a count")
        case ast.Duration():
            if node.amount * 1.0 > MAX_DURATION_SECONDS / UNIT_SECONDS[node.unit]:
                raise _err(f"a duration may be at most {MAX_DURATION_TEXT}", node)
        case ast.Date(text) if text not in ("today", "yesterday"):
            year = datetime.fromisoformat(text).year  # the parser checked the form
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise _err(f"{text} is outside the years statustui handles ({MIN_YEAR}-{MAX_YEAR})", node)
        case ast.Text(text) if "\x00" in text or not _encodable(text):
            raise _err("a text may not hold a NUL character or bytes that are not UTF-8", node)
        case ast.Text(text) if len(text) > MAX_TEXT:
            raise _err(
                f"a text may be at most {MAX_TEXT:,} characters long (this one has {len(text):,})", node
            )
        case ast.AddScore(points) if not -MAX_SCORE_POINTS <= points <= MAX_SCORE_POINTS:
            raise _err(f"add score takes -{MAX_SCORE_POINTS:,} to {MAX_SCORE_POINTS:,} points", node)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
