"""Completion as people expect it: only what fits at the cursor (by grammar and type), the word under the
cursor even mid-text, prefix then substring then fuzzy matches, at most ten, accepting never doubles a space,
and every candidate accepted leaves text the parser reads on from."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark.exceptions import UnexpectedInput

from statustui.language import LanguageError, ast, complete, format_query, parse_query
from statustui.language.complete import MAX_CANDIDATES, complete_at
from statustui.language.parser import parser
from tests.language.strategies import queries
from tests.language.test_errors import CTX as BASE

RULES = ["Archive unsubscribes", "Hot leads cool off"]
CTX = replace(
    BASE, tags=lambda: ["vip", "buyer", "cooled"], fields=lambda: ["budget", "city"], rules=lambda: RULES
)
STATUSES = ["NEW", "NEUTRAL", "WARM", "HOT", "COLD", "ARCHIVE"]


@pytest.mark.parametrize(
    ("before_cursor", "expected"),
    [
        ("status in (", STATUSES),  # no today, yesterday, dates or durations
        ("status in (HOT, ", STATUSES),
        ("status was ", [*STATUSES, "in"]),
        ("status changed from ", STATUSES),
        ("tagged ", ["buyer", "cooled", "vip"]),  # never `today`
        ("tag != ", ["buyer", "cooled", "vip"]),
        ("field.", ["budget", "city"]),
        ("status changed by rule ", ['"Archive unsubscribes"', '"Hot leads cool off"']),
        ('status changed by rule "Ho', ['Hot leads cool off"']),  # finishes the name and the quote
        ("created > ", ["today", "yesterday"]),  # a time compares with dates
        ("score > ", []),  # a number: nothing to list
        ("email = ", []),  # free text
        ("engaged this ", ["month", "quarter", "week", "year"]),
        ("status ", ["=", "!=", "changed", "in", "is", "not", "was"]),  # no <, no ~, no time frames
        ("name ", ["=", "!=", "~", "!~", "in", "is", "not"]),
    ],
)
def test_only_what_grammar_and_type_allow(before_cursor: str, expected: list[str]) -> None:
    words = complete(before_cursor, CTX)
    if before_cursor.endswith(" ") and before_cursor.split()[-1] in ("rule", "by"):
        words = [w for w in words if w.startswith('"')]  # the frames that may follow are offered too
    assert words == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("status = ar", ["ARCHIVE", "WARM"]),  # prefix first, then substring
        ("status = nl", ["NEUTRAL"]),  # fuzzy: the letters in order
        ("status = hot", []),  # the word itself is no candidate
        ("tagged oo", ["cooled"]),
        ("status changed by rule cool", ['"Hot leads cool off"']),
    ],
)
def test_prefix_then_substring_then_fuzzy(typed: str, expected: list[str]) -> None:
    assert complete(typed, CTX) == expected


def test_at_most_ten_candidates() -> None:
    assert len(complete("", CTX)) == MAX_CANDIDATES
    assert all(len(complete(t, CTX)) <= MAX_CANDIDATES for t in ("engaged ", "status ", "x = 1 "))


def test_the_word_under_the_cursor_is_completed_mid_text() -> None:
    text = "status = HO and tagged vip"
    completion = complete_at(text, text.index("HO") + 1, CTX)  # the cursor between H and O
    assert (completion.start, completion.end) == (9, 11)  # the whole word HO is replaced
    assert completion.candidates[0] == "HOT"
    assert completion.accept(text, "HOT") == ("status = HOT and tagged vip", 12)  # no double space


@pytest.mark.parametrize(
    ("text", "candidate", "after"),
    [
        ("status = H", "HOT", "status = HOT "),
        ("status = H and x", "HOT", "status = HOT and x"),
        ("status in (H", "HOT", "status in (HOT"),  # inside a list: `,` or `)` comes next
        ("status in (H)", "HOT", "status in (HOT)"),
        ("fi", "field.", "field."),
        ("status i", "in", "status in "),
    ],
)
def test_accepting_adds_one_space_only_where_the_next_word_needs_it(
    text: str, candidate: str, after: str
) -> None:
    cursor = len(text) - (1 if text.endswith(")") else 0) - (6 if text.endswith(" and x") else 0)
    completion = complete_at(text, cursor, CTX)
    assert candidate in completion.candidates
    assert completion.accept(text, candidate)[0] == after


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status in (HOT,", "expected: a status, e.g. NEW"),
        ("tagged ", "expected: a tag, e.g. buyer"),
        ("reached", "expected: a stage, e.g. free_trial"),
        ("field.", "expected: a custom field, e.g. budget"),
        ("engaged within", "expected: a duration (e.g. 14d)"),
        ("score >", "expected: a number"),
        ("created >", "expected: a date (e.g. 2026-11-01), today or yesterday"),
    ],
)
def test_the_error_expects_in_the_terms_of_completion(text: str, expected: str) -> None:
    with pytest.raises(LanguageError) as info:
        parse_query(text, CTX)
    assert str(info.value).splitlines()[-1] == expected


def _reads_on(text: str) -> bool:
    """The parser reads the whole text without a mistake (it may still need more at the end)."""
    try:
        for _ in parser().parse_interactive(text, start="query").iter_parse():
            pass
    except UnexpectedInput:
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(query=queries, cut=st.floats(0, 1))
def test_every_candidate_accepted_leaves_text_that_parses(query: ast.Query, cut: float) -> None:
    text = format_query(query)
    cursor = int(len(text) * cut)
    completion = complete_at(text[:cursor], cursor, CTX)
    for candidate in completion.candidates:
        accepted, _ = completion.accept(text[:cursor], candidate)
        assert _reads_on(accepted), (text[:cursor], candidate, accepted)
