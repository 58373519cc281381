"""Completion for the search bar: the words that may come next, from the LALR parser's own state.

The parser consumes the text before the partial word under the cursor and reports the terminals it accepts;
keywords become their word, and a NAME is filled in from the workspace by what came before it (status names
after `status =`, channels and kinds after `engaged`, stages after `reached`, tags after `tagged`, fields where
a field may start).
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import LarkError

from statustui.language import ast
from statustui.language.check import CONTACT_FIELDS, EVENT_FIELDS, ORDER_FIELDS
from statustui.language.context import LanguageContext
from statustui.language.parser import parser
from statustui.language.printer import format_text

_PARTIAL = re.compile(r"(\w*)$")
_PUNCTUATION = {"LPAR": "(", "RPAR": ")", "COMMA": ",", "PERCENT": "%", "DOT": "."}
_OPERATORS = ["=", "!=", "<", "<=", ">", ">=", "~", "!~"]
_SLOTS = {"ADDRESS", "DATE", "DURATION", "NUMBER", "STRING", "$END"}  # free values: nothing to list


def complete(text_before_cursor: str, ctx: LanguageContext) -> list[str]:
    """Words that may come next, filtered by the partial word under the cursor, in a stable order."""
    quote = _open_quote(text_before_cursor)
    if quote is not None:  # inside a string: complete names that need quotes, e.g. "New Le|
        prefix, partial = text_before_cursor[:quote], text_before_cursor[quote:]
    else:
        match = _PARTIAL.search(text_before_cursor)
        partial = match.group(1) if match else ""
        prefix = text_before_cursor[: len(text_before_cursor) - len(partial)]
    interactive = parser().parse_interactive(prefix, start="query")
    tokens: list[Token] = []
    try:
        for token in interactive.iter_parse():
            tokens.append(token)
        accepted = interactive.accepts()
    except LarkError:
        return []
    words: list[str] = []
    if _compared_field(tokens) in ("status", "tag"):
        accepted -= {"TODAY", "YESTERDAY"}  # dates are no statuses or tags
    for terminal in sorted(accepted):
        if terminal == "NAME":
            words += _names(tokens, ctx)
        elif terminal == "COMPARE_OP":
            words += _OPERATORS
        elif terminal in _PUNCTUATION:
            words.append(_PUNCTUATION[terminal])
        elif terminal not in _SLOTS:
            words.append("times" if terminal == "TIMES" else terminal.lower())
    if quote is not None:
        return _inside_string(words, partial)
    wanted = partial.lower()
    return list(dict.fromkeys(w for w in words if w.lower().startswith(wanted)))


def _inside_string(words: list[str], typed: str) -> list[str]:
    """Names that go on from what is typed after an opening quote, as the text replacing the last partial
    word (`\\w*`, what the search bar replaces) up to the closing quote: `"new l` -> `Lead"`."""
    inside, closing = typed[1:].lower(), typed[0]
    partial = _PARTIAL.search(inside)  # `\w*$` matches every text, if only the empty word at its end
    last_word = partial.group(1) if partial else ""
    names = [w[1:-1] if w.startswith('"') else w for w in words if w[:1].isalpha() or w.startswith('"')]
    kept = inside[: len(inside) - len(last_word)]
    return list(dict.fromkeys(n[len(kept) :] + closing for n in names if n.lower().startswith(inside)))


def _open_quote(text: str) -> int | None:
    """Where a string that the text leaves open starts, or None."""
    start: int | None = None
    i = 0
    while i < len(text):
        ch = text[i]
        if start is not None and ch == "\\":
            i += 2
            continue
        if start is None and ch in "\"'":
            start = i
        elif start is not None and ch == text[start]:
            start = None
        i += 1
    return start


def _names(tokens: list[Token], ctx: LanguageContext) -> list[str]:
    """The workspace names a NAME may be here, judged by the tokens before it."""
    vocab = ctx.config.vocabulary
    types = [t.type for t in tokens]
    last = types[-1] if types else None
    statuses = [format_text(ast.Text(name)) for name in ctx.config.status_names]
    if last == "DOT" and len(tokens) >= 2:
        return sorted(ctx.fields()) if tokens[-2].lower() == "field" else list(EVENT_FIELDS)
    if last == "ENGAGED":
        return [*vocab.channels, *vocab.kinds]
    if len(types) >= 2 and types[-2] == "ENGAGED" or last == "ENGAGEMENT":
        return list(vocab.kinds) if last != "ENGAGEMENT" else [*vocab.channels, *vocab.kinds]
    if last == "REACHED":
        return list(vocab.stages)
    if last in ("TAGGED", "TAG"):
        return sorted(ctx.tags())
    if last in ("WAS", "FROM", "TO") or (last == "STATUS" and len(types) >= 2 and types[-2] == "SET"):
        return statuses
    field = _compared_field(tokens)
    if field == "status":
        return statuses
    if field == "tag":
        return sorted(ctx.tags())
    if field is not None:
        return []  # free text: nothing to suggest
    return list(ORDER_FIELDS) if "ORDER" in types else [*CONTACT_FIELDS, "field"]


def _compared_field(tokens: list[Token]) -> str | None:
    """The field whose value comes next (`status = |`, `status in (HOT, |` -> status), else None."""
    i = len(tokens) - 1
    if i >= 0 and tokens[i].type in ("COMMA", "LPAR"):
        while i >= 0 and tokens[i].type != "LPAR":
            i -= 1
        i -= 1  # the `in` before the list, if it is one
        if i < 0 or tokens[i].type != "IN":
            return None
    if i < 0 or tokens[i].type not in ("COMPARE_OP", "IN"):
        return None
    i -= 1
    if i >= 0 and tokens[i].type == "NOT":
        i -= 1
    if i >= 0 and tokens[i].type in ("NAME", "STATUS") and not (i > 0 and tokens[i - 1].type == "DOT"):
        return tokens[i].lower()
    return "custom"
