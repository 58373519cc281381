"""The CSV formula guard and its exact reverse; the yes/no and number cells of a file.

OWASP's CSV-injection advice: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading `'`, so no spreadsheet evaluates it. Import removes exactly that quote, so `+1 512 555 0123` survives
an export and an import. A text that already looks guarded (`'=x`) gets a quote too, so the reverse is exact
for every text: `unguard(guard(t)) == t`.
"""

from __future__ import annotations

import re

_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_TRUE = frozenset(("true", "yes", "y", "1"))
_FALSE = frozenset(("false", "no", "n", "0", ""))


def guard(text: str) -> str:
    """The cell a spreadsheet shows as text."""
    return "'" + text if _GUARDED.match(text) else text


def unguard(text: str) -> str:
    """The text `guard` was given (a cell without the guard is returned as it is)."""
    if not text.startswith("'"):  # nearly every cell: no regex
        return text
    return text[1:] if _GUARDED.match(text, 1) else text


def parse_flag(text: str) -> bool | None:
    """true/yes/1 and false/no/0/empty; None for anything else."""
    key = text.strip().lower()
    if key in _TRUE:
        return True
    return False if key in _FALSE else None


def number_of(value: str) -> float | None:
    """A custom field's number, for comparisons in searches (`1,250` reads as 1250); None when not one."""
    try:
        return float(value.replace(",", "")) if value.strip() else None
    except ValueError:
        return None
