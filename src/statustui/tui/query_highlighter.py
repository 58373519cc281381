"""Colors for the Smart Search bar: keywords, fields, strings, numbers, durations and status names."""

from __future__ import annotations

import re

from rich.highlighter import Highlighter
from rich.text import Text

from statustui.config import WorkspaceConfig
from statustui.tui.text import color_of

KEYWORDS = [
    "and",
    "or",
    "not",
    "in",
    "is",
    "empty",
    "between",
    "within",
    "before",
    "after",
    "engaged",
    "at",
    "least",
    "most",
    "exactly",
    "times",
    "reached",
    "top",
    "was",
    "changed",
    "from",
    "to",
    "by",
    "manual",
    "unsubscribed",
    "overdue",
    "order",
    "asc",
    "desc",
    "limit",
    "tagged",
    "today",
    "yesterday",
]
FIELDS = [
    "name",
    "email",
    "phone",
    "company",
    "source",
    "status",
    "score",
    "tag",
    "created",
    "last_engaged",
    "status_changed",
]
_WORD = r"(?<![\w.]){}(?![\w])"


class QueryHighlighter(Highlighter):
    def __init__(self, config: WorkspaceConfig) -> None:
        self.config = config
        self._keywords = re.compile("|".join(_WORD.format(k) for k in KEYWORDS), re.IGNORECASE)
        self._fields = re.compile(r"(?<![\w.])(?:field\.\w+|" + "|".join(FIELDS) + r")(?!\w)", re.IGNORECASE)

    def highlight(self, text: Text) -> None:
        text.highlight_regex(self._fields, "bold #00a2c7")
        text.highlight_regex(self._keywords, "bold #d6409f")
        text.highlight_regex(r"(?<![\w.])-?\d+(?:\.\d+)?\s*(?:%|[a-z]+)?(?!\w)", "#ffc53d")
        # strings after keywords (a quoted "and" is data), status names last (a quoted "Hot Lead" is one)
        text.highlight_regex(r"\"(?:[^\"\\]|\\.)*\"?|'(?:[^'\\]|\\.)*'?", "#46a758")
        for status in self.config.statuses:
            words = {re.escape(status.name), re.escape(status.key)}
            pattern = (
                r"(?<![\w\"'])(?:" + "|".join(words) + r")(?![\w])|([\"'])" + re.escape(status.name) + r"\1"
            )
            text.highlight_regex(re.compile(pattern, re.IGNORECASE), f"bold {color_of(status.color)}")


RULE_KEYWORDS = [
    *("rule", "on", "create", "engagement", "change", "schedule", "when", "then", "override"),
    *("set", "add", "remove", "unsubscribe", "resubscribe", "stop"),
]


_COMMENT = re.compile(r"(?:^|(?<=\s))#[^\n]*", re.MULTILINE)


class RuleHighlighter(QueryHighlighter):
    """Rule files: the query colors, the rule words (`rule`, `on schedule`, `then set status`) and comments."""

    def __init__(self, config: WorkspaceConfig) -> None:
        super().__init__(config)
        self._rule_words = re.compile("|".join(_WORD.format(k) for k in RULE_KEYWORDS), re.IGNORECASE)

    def highlight(self, text: Text) -> None:
        text.highlight_regex(self._rule_words, "bold #d6409f")
        super().highlight(text)
        text.highlight_regex(_COMMENT, "not bold italic #8b8d98")  # nothing in a comment is code
