"""Contact data is data: text shown in a terminal loses control characters and escape sequences."""

from __future__ import annotations

import re

# C0 controls (but not tab/newline handled below), DEL, C1 controls; ESC starts every terminal sequence.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: object) -> str:
    """`text` with control characters shown as `?` and line breaks and tabs as spaces: one safe line."""
    if text is None:
        return ""
    return _CONTROL.sub("?", str(text)).replace("\n", " ").replace("\t", " ")
