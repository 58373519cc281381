"""Contact data is data: text shown in a terminal loses control characters and escape sequences.

`printable` is the one function that makes text safe for a terminal; the command line passes everything it
prints through it (`SafeWriter`), and JSON output escapes the same characters (`escape_json`).
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 controls but tab and newline, DEL, C1 controls (ESC and CSI U+009B start every terminal sequence); the
# bidi embeddings, overrides and isolates, which reorder what follows on the screen (U+202E makes the rest of
# a line read backwards); line and paragraph separators, which some terminals take for a new line; lone
# surrogates (bytes of an argument that were not UTF-8), which no terminal encoding can write.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def printable(text: object, *, lines: bool = False) -> str:
    """`text` with unsafe characters shown as `?`: one line (line breaks and tabs as spaces), or, with
    `lines`, several lines (a CRLF line end as a newline)."""
    if text is None:
        return ""
    s = str(text)
    s = s.replace("\r\n", "\n") if lines else s.replace("\n", " ").replace("\t", " ")
    return _UNSAFE.sub("?", s)


def is_safe(text: str) -> bool:
    """No character `printable` would replace, tabs and line breaks included: for identifiers (emails)."""
    return not _UNSAFE.search(text) and "\t" not in text and "\n" not in text


def escape_json(encoded: str) -> str:
    """JSON text (from json.dumps) with the unsafe characters inside its strings written as \\uXXXX: the
    same data, and `cat out.json` cannot drive the terminal. (json.dumps leaves C1 and bidi characters
    raw, and with indent= its newlines are outside strings, which this keeps.)"""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


class SafeWriter:
    """A text stream whose writes pass through `printable(lines=True)`; `raw` is the stream beneath, for
    data (CSV or JSON to a file or pipe) and for progress lines that redraw themselves."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(printable(text, lines=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, ...
        return getattr(self.raw, name)


def raw_stream(stream: TextIO) -> TextIO:
    """The stream beneath a SafeWriter (or the stream itself)."""
    return stream.raw if isinstance(stream, SafeWriter) else stream
