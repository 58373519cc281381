"""Every query docs/language.md shows in its query sections parses, checks against a LeadKlozer workspace and
selects the same contacts through the page SQL, the count SQL and the evaluator, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

from tests.language.workspace import DAY, Workspace, open_workspace

DOC = Path(__file__).resolve().parents[2] / "docs" / "language.md"
# A span is a whole query when it starts like a condition and names no placeholder of the syntax lines.
_STARTS = re.compile(
    r"^(\(|not |status\b|name |email |phone |company |source |score |tag |tagged |created |last_engaged |"
    r"status_changed |field\.\w+ |engaged|reached |top |unsubscribed$|overdue)"
)
_PLACEHOLDERS = re.compile(
    r"\b(FIELD|V|TIMEFIELD|TIMEFRAME|CHANNEL|KIND|COUNT|STAGE|N|ACTOR|NAME|KEY|A|B|D|T|X)\b"
)
RULES = ("Hot leads cool off", "Archive unsubscribes")


def doc_queries() -> list[str]:
    """The inline-code queries of the sections from "Words, values and time" up to "Saved searches" (the
    section of mistakes shows wrong queries on purpose)."""
    text = DOC.read_text(encoding="utf-8")
    body = text[text.index("## Words, values and time") : text.index("## Saved searches")]
    spans = re.findall(r"`([^`\n]+)`", body)
    found = [
        s
        for s in spans
        if _STARTS.match(s)
        and not _PLACEHOLDERS.search(s)
        and (" " in s or s in ("overdue", "unsubscribed"))
        and "[" not in s  # `status is [not] manual`: a syntax line
        and s != "status was"  # a phrase in the prose
    ]
    return list(dict.fromkeys(found))


QUERIES = doc_queries()


def test_the_doc_shows_every_form() -> None:
    assert len(QUERIES) >= 60
    for form in (
        "email = david.lee@gmail.com",
        "email ~ @gmail.com",
        "created this month",
        "last_engaged last week",
        "status_changed yesterday",
        "engaged on 2026-11-02",
        "status changed to WARM by rule this year",
        "overdue and status = HOT",
    ):
        assert form in QUERIES, form


def _workspace(db_url: str, tmp_path: Path) -> Workspace:
    ws = open_workspace(db_url, tmp_path)
    ws.rules = RULES
    ann = ws.contact(
        "Ann Smith",
        "HOT",
        email="david.lee@gmail.com",
        company="Globex",
        tags=("vip", "buyer"),
        score=60,
        fields={"budget": 600000, "plan": "gold", "city": "Berlin"},
    )
    ws.engage(ann, "facebook", "comment", 2)
    ws.engage(ann, "email", "reply", 10)
    ws.engage(ann, "email", "reply", 40)
    ws.engage(ann, None, "stage", 5, value="free_trial")
    ws.change(ann, "WARM", "HOT", 3, actor="rule", actor_name="Hot leads cool off")
    bob = ws.contact("bob", "WARM", email="bob@example.com", phone="555", source="zillow", score=20)
    ws.engage(bob, "phone", "call", 1)
    ws.change(bob, "HOT", "WARM", 20, actor="rule", actor_name="Hot leads cool off")
    ws.contact("cat", "NEW", created=ws.now - 3 * DAY, unsubscribed=True, status_manual=True)
    ws.contact("dan", "COLD", company="", created=ws.now - 500 * DAY, follow_up=DAY)
    ws.finish()
    return ws


def test_every_doc_query_runs_alike_in_both_back_ends(db_url: str, tmp_path: Path) -> None:
    ws = _workspace(db_url, tmp_path)
    wrong, selecting = [], 0
    for query in QUERIES:
        expected = ws.memory_ids(query)
        selecting += bool(expected)
        for purpose in ("page", "count"):
            if set(ws.sql_ids(query, purpose)) != expected:
                wrong.append(f"{query!r} ({purpose})")
    assert not wrong, wrong
    assert selecting >= len(QUERIES) // 2  # the workspace is no empty one where every query trivially agrees
