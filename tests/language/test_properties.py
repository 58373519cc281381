"""Property tests: the printer round-trips, and on random workspaces the SQL compiler (both purposes) selects
exactly the contacts the in-memory evaluator accepts, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statustui.language import LanguageContext, ast, check_query, format_query, parse_query
from tests.language.strategies import CONFIG, fill, queries, workspaces
from tests.language.workspace import NOW, open_workspace


@settings(max_examples=300, deadline=None)
@given(queries)
def test_printed_query_parses_back_to_the_same_ast(query: ast.Query) -> None:
    text = format_query(query)
    assert parse_query(text) == query, text
    # Checking accepts every generated query: names in any case or as keys resolve.
    check_query(parse_query(text), LanguageContext(CONFIG, NOW))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=workspaces, batch=st.lists(queries, min_size=1, max_size=6))
def test_sql_and_evaluator_select_the_same_contacts(db_url: str, tmp_path: Path, data: list[dict[str, Any]],
                                                    batch: list[ast.Query]) -> None:
    ws = open_workspace(db_url, tmp_path)
    fill(ws, data)
    for query in batch:
        text = format_query(query.__class__(query.expr))  # order and limit do not change who matches
        expected = ws.memory_ids(text)
        assert set(ws.sql_ids(text, "page")) == expected, text
        assert set(ws.sql_ids(text, "count")) == expected, text
