"""The statustui language: Smart Search queries and rule files (grammar, AST, checker, back ends).

text --parse_query--> ast.Query --check_query--> checked ast.Query --compile_query--> SQL (peewee)
                                                                   --evaluate------> bool for one contact
The service and the rules engine call only what this module exports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from statustui.language import ast
from statustui.language.check import check_query, check_rules
from statustui.language.complete import Completion, complete, complete_at
from statustui.language.context import LanguageContext
from statustui.language.errors import LanguageError
from statustui.language.evaluate import Explanation, evaluate, explain
from statustui.language.facts import ContactFacts, EngagementFact, FieldFact, HistoryFact, load_facts
from statustui.language.parser import parse_query, parse_rules
from statustui.language.printer import format_query
from statustui.language.rule_names import rule_names
from statustui.language.sql import CompiledQuery, compile_query
from statustui.store.estimates import few_with_status
from statustui.store.paging import Search
from statustui.store.ranking import top_threshold
from statustui.store.renames import renamed_statuses

if TYPE_CHECKING:
    from statustui.services import Service

__all__ = [
    "CompiledQuery",
    "Completion",
    "ContactFacts",
    "EngagementFact",
    "Explanation",
    "FieldFact",
    "HistoryFact",
    "LanguageContext",
    "LanguageError",
    "ast",
    "check_query",
    "check_rules",
    "compile_query",
    "compile_search",
    "complete",
    "complete_at",
    "context_for",
    "evaluate",
    "explain",
    "format_query",
    "load_facts",
    "parse_query",
    "parse_rules",
]


def context_for(service: Service) -> LanguageContext:
    """The language's view of an open workspace: its configuration, now, tags, fields and top-N% rule."""
    return LanguageContext(
        config=service.config,
        now=service.now(),
        tags=service.all_tags,
        fields=service.all_field_names,
        top_threshold=top_threshold,
        few_with_status=few_with_status,
        rules=lambda: rule_names(service.workspace.rules_dir),
        renamed=renamed_statuses,
    )


def compile_search(service: Service, text: str) -> Search:
    """The service's hook: one query text -> the page and count forms of its SQL."""
    ctx = context_for(service)
    checked = check_query(parse_query(text, ctx), ctx)
    page = compile_query(checked, ctx, "page")
    count = compile_query(checked, ctx, "count")
    return Search(text, page.where, page.order, page.limit, count.where)
