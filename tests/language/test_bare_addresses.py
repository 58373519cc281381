"""Bare email addresses and domains are text values without quotes; elsewhere the grammar is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from statustui.language import LanguageError, ast, format_query, parse_query
from tests.language.workspace import open_workspace


@pytest.mark.parametrize(
    ("bare", "quoted"),
    [
        ("email = david.lee@gmail.com", 'email = "david.lee@gmail.com"'),
        ("email ~ @gmail.com", 'email ~ "@gmail.com"'),
        ("email ~ gmail.com", 'email ~ "gmail.com"'),
        ("email !~ mail.ex.co.uk", 'email !~ "mail.ex.co.uk"'),
        ("email in (a+b@x.io, x@localhost)", 'email in ("a+b@x.io", "x@localhost")'),
        (
            "source = partner.example and email != @example.com",
            'source = "partner.example" and email != "@example.com"',
        ),
        ("field.site = shop.example", 'field.site = "shop.example"'),
        ("tagged acme.com", 'tagged "acme.com"'),
    ],
)
def test_a_bare_address_means_the_quoted_text(bare: str, quoted: str) -> None:
    assert parse_query(bare) == parse_query(quoted)
    assert format_query(parse_query(quoted)) == bare  # printed as a person writes it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("score > 12.5", ast.Compare(ast.Field("score"), ">", ast.Number(12.5))),
        ("field.budget > 5", ast.Compare(ast.Field("budget", "custom"), ">", ast.Number(5))),
        ("created > 2026-01-02", ast.Compare(ast.Field("created"), ">", ast.Date("2026-01-02"))),
    ],
)
def test_numbers_dates_and_fields_are_no_addresses(text: str, expected: ast.Expr) -> None:
    assert parse_query(text).expr == expected


def test_unquoted_punctuation_in_other_text_says_to_quote() -> None:
    with pytest.raises(LanguageError, match='text with punctuation goes in quotes, e.g. "Dr. Who"'):
        parse_query("name = Dr. Who")


def test_bare_addresses_select_by_email_ignoring_case(db_url: str, tmp_path: Path) -> None:
    ws = open_workspace(db_url, tmp_path)
    ws.contact("David", email="david.lee@gmail.com")
    ws.contact("Erin", email="erin@example.com")
    ws.contact("Finn")
    ws.finish()
    for query, names in [
        ("email = David.Lee@Gmail.com", ["David"]),
        ("email ~ @gmail.com", ["David"]),
        ("email !~ gmail.com", ["Erin", "Finn"]),
        ("email in (erin@example.com, nobody@example.com)", ["Erin"]),
    ]:
        for ids in (ws.sql_ids(query, "page"), ws.sql_ids(query, "count"), ws.memory_ids(query)):
            assert sorted(ws.names(ids)) == names, query
