"""The language's one error type: every mistake a user can type ends up here, with a place and a hint."""

from __future__ import annotations

from collections.abc import Iterable

from statustui.suggest import closest


class LanguageError(Exception):
    """A mistake in a query or rule file.

    `str()` is the whole message a person reads: `[FILE:]LINE:COL: message - did you mean X?`, the line of
    text, a caret under the spot, and what would have been valid there.
    """

    def __init__(
        self,
        message: str,
        line: int = 1,
        column: int = 1,
        *,
        text: str = "",
        expected: Iterable[str] = (),
        suggestion: str | None = None,
        source: str | None = None,
    ) -> None:
        self.message = message
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.text = text
        self.expected = list(expected)
        self.suggestion = suggestion
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.source}:" if self.source else ""
        head = f"{where}{self.line}:{self.column}: {self.message}"
        if self.suggestion:
            head += f" - did you mean {self.suggestion}?"
        lines = self.text.splitlines()
        parts = [head]
        if 0 < self.line <= len(lines):
            shown = lines[self.line - 1].replace("\t", " ")
            parts += [f"  {shown}", "  " + " " * (self.column - 1) + "^"]
        if self.expected:
            parts.append("expected: " + ", ".join(self.expected))
        return "\n".join(parts)

    def located(self, text: str, source: str | None) -> LanguageError:
        """The same error, shown against `text` (the whole query or rule file) and named after `source`."""
        return LanguageError(
            self.message,
            self.line,
            self.column,
            text=text,
            expected=self.expected,
            suggestion=self.suggestion,
            source=source,
        )


def unknown_name(what: str, word: str, known: Iterable[str], line: int, column: int) -> LanguageError:
    """`unknown status 'HTO'` with a did-you-mean from the workspace's own names, and the valid ones."""
    names = list(known)
    return LanguageError(
        f"unknown {what} {word!r}", line, column, suggestion=closest(word, names), expected=names
    )
