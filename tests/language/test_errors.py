"""Mistakes: one clear message with line, column, the line, a caret and what was valid; and no input, however
odd, makes the language raise anything but LanguageError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statustui.language import LanguageContext, LanguageError, check_query, compile_query, parse_query
from tests.language.strategies import CONFIG
from tests.language.test_spec_examples import EXAMPLES
from tests.language.workspace import NOW

CTX = LanguageContext(CONFIG, NOW, tags=lambda: ["vip"], fields=lambda: ["budget"])


def error_for(text: str) -> LanguageError:
    with pytest.raises(LanguageError) as info:
        compile_query(check_query(parse_query(text, CTX), CTX), CTX)
    return info.value


def test_missing_value_says_what_is_missing_and_where() -> None:
    e = error_for("status in (HOT,")
    assert (e.line, e.column) == (1, 16)
    assert "ends too early" in e.message
    assert str(e).splitlines() == [
        "1:16: the query ends too early",
        "  status in (HOT,",
        "                 ^",
        "expected: a status, e.g. NEW",  # in the terms completion uses: only a status fits there
    ]


def test_unknown_status_suggests_the_closest_configured_one() -> None:
    e = error_for("status = HTO")
    assert (e.line, e.column, e.suggestion) == (1, 10, "HOT")
    assert str(e).startswith("1:10: unknown status 'HTO' - did you mean HOT?\n  status = HTO\n           ^")


def test_unknown_channel_suggests_the_closest_channel() -> None:
    e = error_for("engaged facebok within 14d")
    assert (e.column, e.suggestion) == (9, "facebook")
    assert "unknown channel or kind 'facebok'" in str(e)


def test_duration_expected_after_within() -> None:
    e = error_for("created within banana")
    assert (e.column, e.expected) == (16, ["a duration (e.g. 14d)"])


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("score ~ 5", 9, "score is a number"),
        ('created > "abc"', 11, "created is a time"),
        ("stauts = HOT", 1, "unknown field 'stauts'"),
        ("reached free_trail", 9, "unknown stage"),
        ("event.text ~ x", 1, "only in the `when` of a rule"),
        ("top 0%", 1, "percentage from 1 to 100"),
        ("name is manual", 9, "status is [not] manual"),
        ("x.y = 1", 1, "unknown prefix 'x'"),
        ("created > 2026-02-30", 11, "is not a date"),
        ("order by field.budget", 10, "cannot order by budget"),
        ("score > 1 limit 2.5", 17, "whole number"),
    ],
)
def test_semantic_mistakes_point_at_the_spot(text: str, column: int, words: str) -> None:
    e = error_for(text)
    assert words in e.message
    assert e.column == column


def test_keywords_are_word_bounded_and_case_insensitive() -> None:
    e = error_for("andrew = 1")  # a name, not `and` + `rew`
    assert "unknown field 'andrew'" in e.message
    assert parse_query("STATUS = hot AND Engaged") == parse_query("status = hot and engaged")


def test_rule_file_errors_name_the_file() -> None:
    from statustui.language import check_rules, parse_rules

    text = 'rule "a"\n  on engagement\n  when status = HTO\n  then stop\n'
    with pytest.raises(LanguageError) as info:
        check_rules(parse_rules(text, "10-x.rules"), CTX)
    assert str(info.value).startswith(
        "10-x.rules:3:17: unknown status 'HTO' - did you mean HOT?\n"
        "    when status = HTO\n                  ^"
    )
    with pytest.raises(LanguageError) as info:
        parse_rules('rule "a"\n  on bananas\n', "y.rules")
    assert (info.value.source, info.value.line, info.value.column) == ("y.rules", 2, 6)


def _only_language_errors(text: str) -> None:
    try:
        compile_query(check_query(parse_query(text), CTX), CTX, "count")
    except LanguageError as e:
        assert str(e)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_random_text_only_raises_language_error(text: str) -> None:
    _only_language_errors(text)


_PIECES = [
    "(",
    ")",
    ",",
    "and",
    "or",
    "not",
    "in",
    "=",
    "~",
    '"',
    "'",
    "\\",
    ";",
    "--",
    "%",
    "14d",
    "2026-01-01",
    "-3",
    "12.5",
    "engaged",
    "status",
    "was",
    "between",
    "times",
    "order by",
    "limit",
    "field.",
    "event.",
    "DROP TABLE contact",
    "\n",
    "é",
    "\x00",
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([q for q, _ in EXAMPLES]),
    st.lists(st.tuples(st.integers(0, 80), st.integers(0, 4), st.sampled_from(_PIECES)), max_size=4),
)
def test_mutated_valid_queries_only_raise_language_error(
    query: str, edits: list[tuple[int, int, str]]
) -> None:
    for at, cut, piece in edits:
        at = min(at, len(query))
        query = query[:at] + piece + query[at + cut :]
    _only_language_errors(query)


def test_deep_nesting_is_a_language_error_not_a_crash() -> None:
    assert "nests more than 100 levels" in error_for("not " * 3000 + "unsubscribed").message
    assert error_for("(" * 3000).message == "the query ends too early"


_RULES = 'rule "a"\n  on engagement email reply\n  when event.text ~ "no" and status = NEW\n  then set status COLD, stop\n'


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 120),
            st.integers(0, 4),
            st.sampled_from([*_PIECES, "rule", "on", "then", "when", "override manual"]),
        ),
        max_size=4,
    )
)
def test_mutated_rule_files_only_raise_language_error(edits: list[tuple[int, int, str]]) -> None:
    from statustui.language import check_rules, parse_rules

    text = _RULES
    for at, cut, piece in edits:
        at = min(at, len(text))
        text = text[:at] + piece + text[at + cut :]
    try:
        check_rules(parse_rules(text, "x.rules"), CTX)
    except LanguageError as e:
        assert e.source == "x.rules"
