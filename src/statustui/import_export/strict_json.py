"""JSON as imports accept it: what json.loads takes, less what cannot be stored or is surely a mistake.

json.loads keeps the last of two equal keys (a silently dropped value), returns lone surrogates (`"\\ud800"`,
which no database can encode), lets NUL through (PostgreSQL refuses it in text) and raises RecursionError on
100,000 nested brackets. Each of these is a named error here, with the column where json.loads has one.
"""

from __future__ import annotations

import json
from typing import Any

# Records are flat (a list of tags at most); this is far more than any export writes.
MAX_DEPTH = 20


class JsonProblem(ValueError):
    """What is wrong, and the 1-based line and column where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in pairs:
        if key in record:
            raise JsonProblem(f"the key {key!r} appears twice in one object; keep one")
        record[key] = value
    return record


def loads(text: str) -> Any:
    """The value of one JSON text, or a JsonProblem."""
    try:
        value = json.loads(text, object_pairs_hook=_no_repeats)
    except json.JSONDecodeError as e:
        raise JsonProblem(f"not valid JSON: {e.msg}", e.lineno, e.colno) from None
    except RecursionError:
        raise JsonProblem(f"nested too deeply (records hold at most {MAX_DEPTH} levels)") from None
    _check(value)
    return value


def _check(value: Any) -> None:
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise JsonProblem(f"nested too deeply (records hold at most {MAX_DEPTH} levels)")
        if isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, str):
            check_text(item)


def check_text(text: str) -> None:
    """Text a database can store: no NUL, no lone surrogate."""
    if "\x00" in text:
        raise JsonProblem("a text holds a NUL character (\\u0000), which cannot be stored; remove it")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise JsonProblem(
            f"a text holds {text[e.start]!r}, half of a UTF-16 surrogate pair, which is not a character"
        ) from None
