"""Every example of the language contract (spec section 2) returns the right contacts, on SQLite and PostgreSQL,
through the page SQL, the count SQL and the in-memory evaluator alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.language.workspace import DAY, NOW, Workspace, open_workspace


@pytest.fixture
def ws(db_url: str, tmp_path: Path) -> Workspace:
    w = open_workspace(db_url, tmp_path)
    ann = w.contact("ann", "NEW", tags=("vip",))
    w.engage(ann, "facebook", "comment", 3)
    bob = w.contact("bob", "NEW")
    w.engage(bob, "facebook", "comment", 20)
    cat = w.contact("cat", "WARM")
    w.engage(cat, "facebook", "like", 1)
    w.engage(cat, None, "stage", 4, value="free_trial")
    w.change(cat, "NEUTRAL", "HOT", 40)
    w.change(cat, "HOT", "WARM", 5)
    dan = w.contact("dan", "HOT")
    w.engage(dan, "phone", "call", 10)
    eve = w.contact("eve", "NEUTRAL")
    w.engage(eve, "facebook_ads", "comment", 2)
    w.change(eve, "NEW", "NEUTRAL", 3)
    fay = w.contact("fay", "NEUTRAL")
    w.engage(fay, "facebook_ads", "like", 2)
    w.change(fay, "NEW", "NEUTRAL", 30)
    w.contact("gus", "COLD", score=100)
    w.contact("hal", "HOT", score=100, unsubscribed=True)
    w.contact("ivy", "NEUTRAL")
    jay = w.contact("jay", "NEUTRAL")
    w.engage(jay, "email", "open", 100)
    kim = w.contact("kim", "NEUTRAL", created=NOW - 200 * DAY, score=40)  # 2026-05-04
    lou = w.contact("lou", "NEUTRAL", created=NOW - 600 * DAY, score=30)  # 2025-03-30
    for c in (kim, lou):
        w.engage(c, "email", "reply", 50)
        w.engage(c, "email", "reply", 60)
    w.contact("max", "ARCHIVE")
    w.finish()
    return w


EXAMPLES = [
    ("status = NEW and engaged facebook within 14d", ["ann"]),
    ("status in (HOT, WARM) and reached free_trial", ["cat"]),
    ("status in (HOT, WARM) and engaged phone call within 30d", ["dan"]),
    ("status = NEUTRAL and engaged facebook_ads comment within 1w", ["eve"]),
    ("top 10% and status != COLD order by score desc", ["hal"]),
    ("not engaged within 90d and status not in (COLD, ARCHIVE)", ["hal", "ivy", "jay"]),
    ("(status = HOT or tagged vip) and not unsubscribed", ["ann", "dan"]),
    ("status changed from NEW to NEUTRAL within 7d", ["eve"]),
    ("status was HOT within 30d and status != HOT", ["cat"]),
    ("engaged email reply at least 2 times and created after 2026-01-01", ["kim"]),
]


def test_every_spec_example_selects_the_right_contacts(ws: Workspace) -> None:
    wrong = []
    for query, expected in EXAMPLES:
        for how, ids in (
            ("page", ws.sql_ids(query, "page")),
            ("count", ws.sql_ids(query, "count")),
            ("memory", ws.memory_ids(query)),
        ):
            if sorted(ws.names(ids)) != expected:
                wrong.append(f"{query!r} ({how}): {sorted(ws.names(ids))} != {expected}")
    assert not wrong, "\n".join(wrong)


def test_results_follow_order_by_and_default_order(ws: Workspace) -> None:
    assert ws.names(ws.sql_ids("score >= 30 order by score desc, name")) == ["gus", "hal", "kim", "lou"]
    assert ws.names(ws.sql_ids("score >= 30 order by score, name desc limit 3")) == ["lou", "kim", "hal"]
    # Statuses sort in their configured (pipeline) order: NEW, NEUTRAL, WARM, HOT, COLD, ARCHIVE.
    assert ws.names(ws.sql_ids("score >= 30 order by status, name")) == ["kim", "lou", "hal", "gus"]
    # Default: most recently engaged first, ties newest contact first; never engaged last.
    assert ws.names(ws.sql_ids("status = NEUTRAL")) == ["fay", "eve", "lou", "kim", "jay", "ivy"]
