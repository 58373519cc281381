"""Property tests: the printer round-trips, and on random workspaces the SQL compiler (both purposes) selects
exactly the contacts the in-memory evaluator accepts, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statustui.language import LanguageContext, ast, check_query, format_query, parse_query
from tests.language.strategies import CONFIG, expressions, fill, queries, text_expressions, workspaces
from tests.language.workspace import NOW, open_workspace


@settings(max_examples=300, deadline=None)
@given(queries)
def test_printed_query_parses_back_to_the_same_ast(query: ast.Query) -> None:
    text = format_query(query)
    assert parse_query(text) == query, text
    # Checking accepts every generated query: names in any case or as keys resolve.
    check_query(parse_query(text), LanguageContext(CONFIG, NOW))


_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _same_contacts(db_url: str, tmp_path: Path, data: list[dict[str, Any]], batch: list[ast.Expr]) -> None:
    ws = open_workspace(db_url, tmp_path)
    fill(ws, data)
    for expr in batch:
        text = format_query(expr)
        expected = ws.memory_ids(text)
        assert set(ws.sql_ids(text, "page")) == expected, text
        assert set(ws.sql_ids(text, "count")) == expected, text


@_SETTINGS
@given(data=workspaces, batch=st.lists(expressions, min_size=1, max_size=6))
def test_sql_and_evaluator_select_the_same_contacts(
    db_url: str, tmp_path: Path, data: list[dict[str, Any]], batch: list[ast.Expr]
) -> None:
    _same_contacts(db_url, tmp_path, data, batch)


@_SETTINGS
@given(data=workspaces, batch=st.lists(text_expressions, min_size=4, max_size=8))
def test_sql_and_evaluator_agree_on_text_empties_and_case(
    db_url: str, tmp_path: Path, data: list[dict[str, Any]], batch: list[ast.Expr]
) -> None:
    _same_contacts(db_url, tmp_path, data, batch)
