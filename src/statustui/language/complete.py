"""Completion for the search bar: candidates for the word under the cursor, from the LALR parser's own state.

The parser consumes the text before that word and reports the terminals it accepts; keywords become their
word, and a name or value is filled in by its slot (slots.py): statuses after `status in (`, tags after
`tagged`, custom fields after `field.`, rule names after `by rule`, and nothing that does not fit the type
(no `today` where a status goes). Candidates that start with what is typed come first, then those containing
it, then those holding its letters in order (fuzzy); at most MAX_CANDIDATES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token
from lark.exceptions import LarkError

from statustui.language import ast
from statustui.language.context import LanguageContext
from statustui.language.parser import parser
from statustui.language.printer import format_text
from statustui.language.slots import VALUE_TERMINALS, after_field, fits, names, slot_after

MAX_CANDIDATES = 10
_WORD_BEFORE = re.compile(r"\w*$")
_WORD_AFTER = re.compile(r"^\w*")
_PUNCTUATION = {"LPAR": "(", "RPAR": ")", "COMMA": ",", "PERCENT": "%", "DOT": "."}
_OPERATORS = ["=", "!=", "<", "<=", ">", ">=", "~", "!~"]
_QUERY_TAIL = ("order", "limit")
_QUOTED_SLOTS = ("status", "rule")  # names that may hold spaces: written as the printer writes them


@dataclass(frozen=True)
class Completion:
    """Candidates for the text between `start` and `end` (the word under the cursor), best first."""

    start: int
    end: int
    candidates: list[str]

    def accept(self, text: str, candidate: str) -> tuple[str, int]:
        """The text with `candidate` in place of the word, and the cursor after it.

        A space follows the candidate only where the next word needs one: never a second space, none after
        `(` or `.` or inside a list (where `,` or `)` comes next)."""
        before, after = text[: self.start], text[self.end :]
        inside_list = before.count("(") > before.count(")")
        if after[:1].isspace() or (after and not (after[0].isalnum() or after[0] in "\"'")):
            space = ""
        elif after:  # a word follows directly: keep them apart
            space = " "
        else:
            space = "" if inside_list or candidate.endswith(("(", ".")) else " "
        new_before = before + candidate + space
        return new_before + after, len(new_before)


def complete_at(text: str, cursor: int, ctx: LanguageContext) -> Completion:
    """Candidates for the word under the cursor (the word may go on after the cursor)."""
    before = text[:cursor]
    quote = _open_quote(before)
    if quote is not None:  # inside a string: names that need quotes, finished with the closing quote
        typed = before[quote:]
        last_word = _word(_WORD_BEFORE, typed)
        words = _candidates(before[:quote], ctx)
        return Completion(cursor - len(last_word), cursor, _inside_string(words, typed))
    partial = _word(_WORD_BEFORE, before)
    rest = _word(_WORD_AFTER, text[cursor:])
    words = _candidates(before[: len(before) - len(partial)], ctx)
    return Completion(cursor - len(partial), cursor + len(rest), _ranked(words, partial))


def complete(text_before_cursor: str, ctx: LanguageContext) -> list[str]:
    """Candidates for the word that ends the text (the cursor at its end)."""
    return complete_at(text_before_cursor, len(text_before_cursor), ctx).candidates


def _candidates(prefix: str, ctx: LanguageContext) -> list[str]:
    """Every word that may follow `prefix` here, in a stable order (empty when the prefix has a mistake)."""
    interactive = parser().parse_interactive(prefix, start="query")
    tokens: list[Token] = []
    try:
        for token in interactive.iter_parse():
            tokens.append(token)
        accepted = interactive.accepts()
    except LarkError:
        return []
    slot = slot_after(tokens)
    typed = after_field(tokens)  # after `score`: only what a number allows
    named: list[str] = []
    keywords: list[str] = []
    symbols: list[str] = []
    for terminal in sorted(accepted):
        if terminal in VALUE_TERMINALS and not fits(slot, terminal):
            continue
        if terminal in ("NAME", "STRING") and slot != "text":
            found = names(slot, ctx) if terminal == "NAME" or slot == "rule" else []
            named += [format_text(ast.Text(n)) for n in found] if slot in _QUOTED_SLOTS else found
        elif terminal == "COMPARE_OP":
            symbols += [op for op in _OPERATORS if typed is None or op in typed[0]]
        elif terminal in _PUNCTUATION and typed is None:
            symbols.append(_PUNCTUATION[terminal])
        elif (terminal in ("TODAY", "YESTERDAY") or terminal not in VALUE_TERMINALS | {"$END"}) and (
            typed is None or terminal in typed[1]
        ):
            keywords.append("times" if terminal == "TIMES" else terminal.lower())
    if typed is not None:
        ordered = symbols + keywords
    elif slot == "field":  # a condition starts: its keywords, the fields, then what ends a query
        starts = [k for k in keywords if k not in _QUERY_TAIL]
        ordered = starts + named + [k for k in keywords if k in _QUERY_TAIL] + symbols
    else:
        ordered = named + keywords + symbols
    return list(dict.fromkeys(ordered))


def _ranked(words: list[str], typed: str) -> list[str]:
    """Prefix matches, then substring, then fuzzy (the typed letters in order); the typed word itself left out."""
    wanted = typed.lower()
    ranked: dict[str, None] = {}
    for test in (str.startswith, str.__contains__, _in_order):
        ranked |= {w: None for w in words if test(w.lower(), wanted) and w.lower() != wanted}
    return list(ranked)[:MAX_CANDIDATES]


def _word(pattern: re.Pattern[str], text: str) -> str:
    """The word the pattern finds (it matches every text, if only the empty word)."""
    found = pattern.search(text)
    return found.group() if found else ""


def _in_order(word: str, letters: str) -> bool:
    rest = iter(word)
    return all(ch in rest for ch in letters)


def _inside_string(words: list[str], typed: str) -> list[str]:
    """Names that go on from what is typed after an opening quote, as the text replacing the last partial
    word up to the closing quote: `"new l` -> `Lead"`."""
    inside, closing = typed[1:].lower(), typed[0]
    last_word = _word(_WORD_BEFORE, inside)
    unquoted = [w[1:-1] if w.startswith('"') else w for w in words if w[:1].isalpha() or w.startswith('"')]
    kept = inside[: len(inside) - len(last_word)]
    found = [n[len(kept) :] + closing for n in unquoted if n.lower().startswith(inside)]
    return list(dict.fromkeys(found))[:MAX_CANDIDATES]


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
