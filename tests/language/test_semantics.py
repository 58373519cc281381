"""What each construct means, on a hand-made workspace: empty values, negation, text matching, custom fields,
time frames in the workspace's time zone, history, follow-up goals. SQL (both forms) and evaluator agree."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from statustui.store.models import Contact
from tests.language.workspace import DAY, NOW, Workspace, open_workspace

INJECTION = "x'); DROP TABLE contact; --"


@pytest.fixture
def ws(db_url: str, tmp_path: Path) -> Workspace:
    w = open_workspace(db_url, tmp_path)
    # Berlin: 2026-11-20 12:00 UTC is 13:00 local; local midnight is 23:00 UTC the day before.
    w.config = replace(w.config, timezone="Europe/Berlin")
    ann = w.contact(
        "Ann Smith",
        "HOT",
        company="Globex",
        phone="555",
        tags=("vip",),
        fields={"budget": 600000, "plan": "Gold"},
        status_manual=True,
        score=50,
    )
    w.engage(ann, "email", "reply", 1)
    w.engage(ann, "email", "reply", 2)
    bob = w.contact("bob", "NEW", company="", fields={"budget": "n/a"}, score=10)
    w.engage(bob, "facebook", "comment", 40)
    w.contact("Cat 100%_off", "NEUTRAL", company="globex inc", score=20)  # never engaged
    dan = w.contact(INJECTION, "WARM", company=None, unsubscribed=True, score=30)
    w.engage(dan, "phone", "call", 0.5)
    w.change(dan, "NEUTRAL", "HOT", 20, actor="rule", actor_name="Heat up")
    w.change(dan, "HOT", "WARM", 10, actor="person")
    # Created 2026-11-18 23:30 UTC = 2026-11-19 00:30 in Berlin.
    w.contact("eve", "NEUTRAL", created=NOW - 2 * DAY + 11 * 3600 + 1800, score=0)
    w.finish()
    return w


CASES = [
    # Empty values: NULL and '' alike; `!=` and `not in` include the empties; `not` is the complement.
    ("company = globex", ["Ann Smith"]),
    ("company != Globex", ["Cat 100%_off", INJECTION, "bob", "eve"]),
    ("company not in (globex, 'GLOBEX INC')", [INJECTION, "bob", "eve"]),
    ("company is empty", [INJECTION, "bob", "eve"]),
    ("not company is empty", ["Ann Smith", "Cat 100%_off"]),
    ("phone is not empty", ["Ann Smith"]),
    ("company = ''", [INJECTION, "bob", "eve"]),
    # Contains: case-insensitive; % and _ are plain characters.
    ("name ~ SMI", ["Ann Smith"]),
    ('name ~ "%"', ["Cat 100%_off"]),
    ('name ~ "_"', ["Cat 100%_off"]),
    ('name !~ "a"', ["bob", "eve"]),
    # Quotes, semicolons and SQL are data.
    (f'name = "{INJECTION}"', [INJECTION]),
    ('name ~ "\'); drop"', [INJECTION]),
    ("name = 'x\\'); DROP TABLE contact; --'", [INJECTION]),
    # Numbers, custom fields (a number when it reads as one; missing reads as empty text).
    ("score between 10 and 30", ["Cat 100%_off", INJECTION, "bob"]),
    ("score not between 10 and 30", ["Ann Smith", "eve"]),
    ("field.budget > 500000", ["Ann Smith"]),
    ("field.budget != 600000", ["Cat 100%_off", INJECTION, "bob", "eve"]),
    ("field.budget = 'N/A'", ["bob"]),
    ("field.plan ~ old", ["Ann Smith"]),
    ("field.plan is empty", ["Cat 100%_off", INJECTION, "bob", "eve"]),
    ("field.nothing = x", []),
    # Tags.
    ("tag = VIP", ["Ann Smith"]),
    ("tag != vip", ["Cat 100%_off", INJECTION, "bob", "eve"]),
    ("tagged nobody_has_it", []),
    ("tag is empty", ["Cat 100%_off", INJECTION, "bob", "eve"]),
    # Engagement counts, including zero.
    ("engaged reply exactly 2 times", ["Ann Smith"]),
    ("engaged exactly 0 times", ["Cat 100%_off", "eve"]),
    ("engaged email at most 1 times", ["Cat 100%_off", INJECTION, "bob", "eve"]),
    ("engaged 1 times", [INJECTION, "bob"]),
    ("engaged before 30d", ["bob"]),
    ("not engaged", ["Cat 100%_off", "eve"]),
    ("last_engaged is empty", ["Cat 100%_off", "eve"]),
    ("last_engaged before 30d", ["bob"]),
    # Time frames in the workspace's time zone; `between` includes both whole days.
    ("created after 2026-11-19", ["eve"]),
    ("created between 2026-11-19 and 2026-11-19", ["eve"]),
    ("created between 2026-11-18 and 2026-11-18", []),
    ("created within 2d", ["eve"]),
    ("created > 2026-11-19T00:45", []),
    ("created >= yesterday", ["eve"]),
    # Status history, manual, unsubscribed, overdue (HOT 3d, NEW 2d, WARM 7d, NEUTRAL 14d goals).
    ("status was HOT within 15d", ["Ann Smith", INJECTION]),
    ("status was HOT before 25d", ["Ann Smith"]),
    ("status was HOT between 18d and 12d", ["Ann Smith", INJECTION]),  # held across the whole frame
    ("status was NEUTRAL between 18d and 12d", ["Cat 100%_off"]),
    ("status was in (new, neutral) within 1w", ["Cat 100%_off", "bob", "eve"]),
    # Held it in the frame but not now: compiled as "left it in the frame" (example 9's fast form).
    ("status was HOT within 15d and status != HOT", [INJECTION]),
    ("status was HOT within 5d and status != HOT", []),
    ("not status = HOT and status was HOT after 25d", [INJECTION]),
    ("status was in (HOT, WARM) within 15d and status not in (HOT, WARM)", []),
    ("status was HOT within 15d and status != WARM", ["Ann Smith"]),
    ("status changed by rule 'heat up'", [INJECTION]),
    ("status changed to WARM by person within 2w", [INJECTION]),
    ("status changed from hot", [INJECTION]),
    ("status is manual", ["Ann Smith"]),
    ("status is not manual", ["Cat 100%_off", INJECTION, "bob", "eve"]),
    ("unsubscribed", [INJECTION]),
    ("overdue", ["Cat 100%_off", "bob", "eve"]),
    ("top 20%", ["Ann Smith"]),
    ("top 40% and not status = hot", [INJECTION]),
]


def test_each_construct_selects_what_a_person_expects(ws: Workspace) -> None:
    # One workspace for all cases (building it per case would dominate the suite's time on PostgreSQL).
    wrong = []
    for query, expected in CASES:
        got = {
            how: sorted(ws.names(ids))
            for how, ids in (
                ("page", ws.sql_ids(query, "page")),
                ("count", ws.sql_ids(query, "count")),
                ("memory", ws.memory_ids(query)),
            )
        }
        wrong += [
            f"{query!r} ({how}): {names} != {sorted(expected)}"
            for how, names in got.items()
            if names != sorted(expected)
        ]
    assert not wrong, "\n".join(wrong)
    assert Contact.select().count() == 5  # nothing typed ever changes the data
