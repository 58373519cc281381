"""Completion under the search bar, and rule files read into the shared AST (the preset files included)."""

from __future__ import annotations

import pytest

from statustui.language import (
    LanguageError,
    ast,
    check_query,
    check_rules,
    complete,
    evaluate,
    explain,
    parse_query,
    parse_rules,
)
from statustui.language.facts import ContactFacts, EngagementFact
from statustui.resources import preset_dir, preset_names
from statustui.workspace import RULES_DIR
from tests.language.test_errors import CTX
from tests.language.workspace import NOW


@pytest.mark.parametrize(
    ("before_cursor", "included", "excluded"),
    [
        ("", ["status", "engaged", "not", "tagged", "name"], ["HOT"]),
        ("fi", ["field."], ["HOT"]),
        ("sta", ["status", "status_changed"], ["score"]),
        ("status ", ["=", "in", "was", "changed", "is"], ["HOT"]),
        ("status = ", ["HOT", "NEW"], ["today", "and"]),
        ("status in (HOT, W", ["WARM"], ["HOT"]),
        ("engaged ", ["facebook", "email"], ["HOT"]),
        ("engaged wi", ["within"], ["HOT"]),
        ("engaged facebook ", ["comment"], ["facebook"]),
        ("engaged facebook a", ["at", "after", "and"], ["facebook"]),
        ("reached ", ["free_trial"], ["facebook"]),
        ("tagged ", ["vip"], []),
        ("field.", ["budget"], []),
        ("score > 5 ", ["and", "or", "order", "limit"], ["status"]),
        ("score > 5 order by ", ["score", "name"], ["tag", "field"]),
        ("status = (", [], ["HOT"]),  # not valid: nothing to offer
    ],
)
def test_completion_offers_what_may_come_next(
    before_cursor: str, included: list[str], excluded: list[str]
) -> None:
    words = complete(before_cursor, CTX)
    assert set(included) <= set(words)
    assert not set(excluded) & set(words)


PRESET_RULES = [(p, f) for p in preset_names() for f in sorted((preset_dir(p)).glob("*.rules"))]


@pytest.mark.parametrize("preset_file", PRESET_RULES, ids=[f"{p}/{f.name}" for p, f in PRESET_RULES])
def test_every_preset_rule_file_parses_and_checks(preset_file: tuple[str, object]) -> None:
    from dataclasses import replace

    from statustui.config import load_config

    preset, path = preset_file
    config = load_config(preset_dir(preset) / "statustui.toml")
    rules = parse_rules(path.read_text(), f"{RULES_DIR}/{path.name}")  # type: ignore[attr-defined]
    assert rules
    check_rules(rules, replace(CTX, config=config))


SPEC_RULES = """
rule "Second engagement makes a NEW contact NEUTRAL"
  on engagement
  when status = NEW and engaged at least 2 times
  then set status NEUTRAL

rule "Archive unsubscribes"
  on status change to ARCHIVE
  then unsubscribe

rule "Reply intent"   # comments anywhere
  on engagement email reply
  when event.text ~ "not interested" and not created within 2m
  then set status cold, add tag Cooled_Off, add score -5, stop
  override manual
"""


def test_rules_read_into_the_shared_ast() -> None:
    first, second, third = check_rules(parse_rules(SPEC_RULES, "spec.rules"), CTX)
    assert (first.name, first.file, first.line) == (
        "Second engagement makes a NEW contact NEUTRAL",
        "spec.rules",
        2,
    )
    assert first.trigger == ast.OnEngagement()
    assert first.actions == (ast.SetStatus(ast.Text("NEUTRAL")),)
    assert second.trigger == ast.OnStatusChange(None, ast.Text("ARCHIVE"))
    assert third.trigger == ast.OnEngagement(ast.Text("email"), ast.Text("reply"))
    assert third.actions == (
        ast.SetStatus(ast.Text("COLD")),
        ast.AddTag(ast.Text("cooled_off")),
        ast.AddScore(-5),
        ast.Stop(),
    )
    assert third.override_manual and not first.override_manual

    facts = ContactFacts(1, status="NEW", created_at=NOW - 3600)
    event = EngagementFact("email", "reply", NOW, text="Sorry, NOT interested.")
    assert evaluate(third.condition, facts, CTX, event)
    tree = explain(third.condition, facts, CTX, EngagementFact("email", "reply", NOW, text="yes please"))
    assert (tree.text, tree.result) == ('event.text ~ "not interested" and not created within 2m', False)
    assert [(c.text, c.result) for c in tree.children] == [
        ('event.text ~ "not interested"', False),
        ("not created within 2m", True),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rule a on schedule when event.kind = reply then stop", "only in the `when` of a rule"),
        ("rule a on create then stop\nrule A on create then stop", "already exists"),
        ("rule a on engagement faceboo then stop", "did you mean facebook"),
        ("rule a on status change to HTO then stop", "did you mean HOT"),
        ("rule a on create then set status 5", "expected a status here"),
    ],
)
def test_rule_mistakes(text: str, message: str) -> None:
    with pytest.raises(LanguageError, match=message.replace("(", r"\(")) as info:
        check_rules(parse_rules(text, "r.rules"), CTX)
    assert info.value.source == "r.rules"


def test_completion_inside_a_string_finishes_the_name_and_the_quote() -> None:
    from dataclasses import replace

    from statustui.config import StatusDef

    ctx = replace(CTX, config=CTX.config.with_statuses([*CTX.config.statuses, StatusDef("New Lead")]))
    # The search bar replaces the last partial word (\w*) with the completion.
    assert complete('status = "new l', ctx) == ['Lead"']
    assert complete("status in (HOT, 'Ne", ctx) == ["NEW'", "NEUTRAL'", "New Lead'"]


@pytest.mark.parametrize(
    ("condition", "needed"),
    [
        ("engaged exactly 1 times and status != NEW", False),
        ("status = NEW and engaged at least 2 times", False),
        ("engaged within 14d and not engaged within 2d", False),  # the latest engagement's time is kept
        ("engaged reply exactly 1 times", True),
        ("engaged facebook", True),
        ("engaged between 2026-01-01 and 2026-02-01", True),
        ("engaged within 30d at least 2 times", True),
        ("reached free_trial", True),
        ("not (score > 5 or engaged email)", True),
    ],
)
def test_rules_that_only_count_engagements_need_no_histories(condition: str, needed: bool) -> None:
    from statustui.language.facts import needs_engagements

    assert needs_engagements(check_query(parse_query(condition), CTX).expr) is needed


def test_facts_without_histories_count_but_refuse_to_filter() -> None:
    facts = ContactFacts(1, status="NEW", engagement_count=3, engagements_loaded=False)
    assert evaluate(check_query(parse_query("engaged exactly 3 times"), CTX).expr, facts, CTX)
    with pytest.raises(RuntimeError):
        evaluate(check_query(parse_query("engaged email"), CTX).expr, facts, CTX)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("status = new", ({"NEW"}, False)),
        ("status != HOT", ({"HOT"}, True)),
        ("not status = HOT", ({"HOT"}, True)),
        ("status in (HOT, WARM)", ({"HOT", "WARM"}, False)),
        ("status not in (COLD)", ({"COLD"}, True)),
        ("not status != HOT", ({"HOT"}, False)),  # != is the exact complement of =
        ("source = HOT", None),
        ("status was HOT", None),
    ],
)
def test_status_restrictions_are_recognised(condition: str, expected: tuple[set[str], bool] | None) -> None:
    got = ast.status_restriction(check_query(parse_query(condition), CTX).expr)
    assert (None if got is None else (set(got[0]), got[1])) == expected
