"""Hypothesis strategies: random queries as ASTs (printed to text by the canonical printer) and random small
workspaces using the leadklozer preset's names. Text is ASCII: SQLite's LOWER() folds ASCII only."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from statustui.language import ast
from tests.language.workspace import DAY, Workspace, preset_config

CONFIG = preset_config()
STATUSES = CONFIG.status_names
CHANNELS = list(CONFIG.vocabulary.channels[:4])
KINDS = ["comment", "reply", "call", "stage", "transaction"]
STAGES = list(CONFIG.vocabulary.stages[:3])
TAGS = ["vip", "cooled", "hot_prospect"]
# Characters that matter: LIKE wildcards, quotes, escapes, a statement separator, case.
# Short values from few characters, so generated queries often hit generated contacts.
TEXT = st.text(alphabet="aA %_'\";\\", max_size=3)
# What queries look for: mostly one character, so they often hit the generated contacts.
NEEDLE = st.one_of(st.sampled_from(["", "a", "A", "%", "_", "'", "\\", "a a"]), TEXT)

# Bare emails and domains (written without quotes by the printer), and the addresses contacts have.
ADDRESSES = [
    "gmail.com",
    "@gmail.com",
    "ann0@gmail.com",
    "Ann.Lee1@Gmail.com",
    "ex.co.uk",
    "x@localhost",
    "a.b",
]
LOCALS = ["ann", "Ann.Lee", "bo+x", "x"]
DOMAINS = ["gmail.com", "GMAIL.COM", "ex.co.uk", "localhost", "mail.gmail.com"]

text_fields = st.sampled_from(["name", "email", "phone", "company", "source"])
time_fields = st.sampled_from(["created", "last_engaged", "status_changed"])


def _spelled(name: str) -> st.SearchStrategy[str]:
    """A configured name as a user may type it: as configured, lower case or as its key."""
    return st.sampled_from([name, name.lower(), name.upper()])


statuses = st.sampled_from(STATUSES).flatmap(_spelled).map(lambda s: ast.Text(s))
tags = st.sampled_from([*TAGS, "unknown_tag"]).map(lambda t: ast.Text(t))
durations = st.builds(ast.Duration, st.integers(1, 120), st.sampled_from(["h", "d", "w", "mo"]))
dates = st.one_of(
    st.sampled_from(["today", "yesterday"]),
    st.builds(
        lambda d, t: f"2026-{d // 28 + 1:02d}-{d % 28 + 1:02d}" + (f"T{t:02d}:30" if t < 24 else ""),
        st.integers(0, 11 * 28 - 1),
        st.integers(0, 30),
    ),
).map(ast.Date)
points = st.one_of(durations, dates)
days = st.builds(lambda d: f"2026-{d // 28 + 1:02d}-{d % 28 + 1:02d}", st.integers(0, 11 * 28 - 1))
calendar_frames = st.one_of(
    st.builds(ast.TimeFrame, st.sampled_from(["today", "yesterday"])),
    st.builds(
        lambda op, unit: ast.TimeFrame(op, unit=unit),
        st.sampled_from(["this", "last"]),
        st.sampled_from(["week", "month", "quarter", "year"]),
    ),
    st.builds(
        lambda d: ast.TimeFrame("on", ast.Date(d)), st.one_of(days, st.sampled_from(["today", "yesterday"]))
    ),
)
frames = st.one_of(
    calendar_frames,
    st.builds(ast.TimeFrame, st.just("within"), durations),
    st.builds(ast.TimeFrame, st.sampled_from(["before", "after"]), points),
    st.builds(ast.TimeFrame, st.just("between"), points, points),
)
counts = st.builds(ast.Count, st.sampled_from(["at_least", "at_most", "exactly"]), st.integers(0, 3))
actors = st.one_of(
    st.builds(ast.Actor, st.sampled_from(["person", "import", "api"])),
    st.builds(ast.Actor, st.just("rule"), st.one_of(st.none(), st.sampled_from(["Cool off", "x"]))),
)


def _field(name: str, scope: str = "contact") -> ast.Field:
    return ast.Field(name, scope)  # type: ignore[arg-type]


# Text, tag and custom-field tests: where NULL, '' and case matter most.
_text_leaves = [
    st.builds(
        lambda f, op, v: ast.Compare(_field(f), op, ast.Text(v)),
        text_fields,
        st.sampled_from(["=", "!=", "~", "!~"]),
        NEEDLE,
    ),
    st.builds(
        lambda op, v: ast.Compare(_field("email"), op, ast.Text(v)),
        st.sampled_from(["=", "!=", "~", "!~"]),
        st.sampled_from(ADDRESSES),
    ),
    st.builds(
        lambda vs, neg: ast.InList(_field("email"), tuple(ast.Text(v) for v in vs), neg),
        st.lists(st.sampled_from(ADDRESSES), min_size=1, max_size=3),
        st.booleans(),
    ),
    st.builds(lambda op, t: ast.Compare(_field("tag"), op, t), st.sampled_from(["=", "!="]), tags),
    st.builds(
        lambda op, v: ast.Compare(_field("note"), op, ast.Text(v)), st.sampled_from(["~", "!~"]), NEEDLE
    ),
    st.builds(
        lambda op, v: ast.Compare(_field("plan", "custom"), op, ast.Text(v)),
        st.sampled_from(["=", "!=", "~", "!~"]),
        st.sampled_from(["", "gold", "Gold", "old", "50%"]),
    ),
    st.builds(
        lambda f, vs, neg: ast.InList(_field(f), tuple(ast.Text(v) for v in vs), neg),
        text_fields,
        st.lists(NEEDLE, min_size=1, max_size=3),
        st.booleans(),
    ),
    st.builds(
        lambda vs, neg: ast.InList(_field("tag"), tuple(vs), neg),
        st.lists(tags, min_size=1, max_size=2),
        st.booleans(),
    ),
    st.builds(
        lambda f, neg: ast.IsEmpty(f, neg),
        st.sampled_from(
            [
                _field("company"),
                _field("phone"),
                _field("tag"),
                _field("note"),
                _field("last_engaged"),
                _field("plan", "custom"),
            ]
        ),
        st.booleans(),
    ),
]
leaves = st.one_of(
    *_text_leaves,
    st.builds(lambda op, v: ast.Compare(_field("status"), op, v), st.sampled_from(["=", "!="]), statuses),
    st.builds(
        lambda op, n: ast.Compare(_field("score"), op, ast.Number(n)),
        st.sampled_from(["=", "!=", "<", "<=", ">", ">="]),
        st.integers(-5, 60),
    ),
    st.builds(
        lambda f, op, d: ast.Compare(_field(f), op, d),
        time_fields,
        st.sampled_from(["<", "<=", ">", ">="]),
        dates,
    ),
    st.builds(
        lambda op, n: ast.Compare(_field("budget", "custom"), op, ast.Number(n)),
        st.sampled_from(["=", "!=", "<", ">="]),
        st.integers(0, 1000),
    ),
    st.builds(
        lambda vs, neg: ast.InList(_field("status"), tuple(vs), neg),
        st.lists(statuses, min_size=1, max_size=3),
        st.booleans(),
    ),
    st.builds(
        lambda f, lo, hi, neg: ast.Between(f, ast.Number(lo), ast.Number(hi), neg),
        st.sampled_from([_field("score"), _field("budget", "custom")]),
        st.integers(0, 500),
        st.integers(0, 1000),
        st.booleans(),
    ),
    st.builds(lambda f, fr: ast.TimeCompare(_field(f), fr), time_fields, frames),
    st.builds(ast.Tagged, tags),
    st.builds(
        lambda c, k, fr, n: ast.Engaged(c and ast.Text(c), k and ast.Text(k), fr, n),
        st.one_of(st.none(), st.sampled_from(CHANNELS)),
        st.one_of(st.none(), st.sampled_from(KINDS)),
        st.one_of(st.none(), frames),
        st.one_of(st.none(), counts),
    ).map(lambda e: ast.Engaged(e.kind, None, e.frame, e.count) if e.channel is None and e.kind else e),
    st.builds(
        lambda s, fr: ast.Reached(ast.Text(s), fr), st.sampled_from(STAGES), st.one_of(st.none(), frames)
    ),
    st.builds(ast.Top, st.integers(1, 100)),
    st.builds(
        lambda ss, fr: ast.StatusWas(tuple(ss), fr, len(ss) > 1),
        st.lists(statuses, min_size=1, max_size=2),
        st.one_of(st.none(), frames),
    ),
    st.builds(
        ast.StatusChanged,
        st.one_of(st.none(), statuses),
        st.one_of(st.none(), statuses),
        st.one_of(st.none(), actors),
        st.one_of(st.none(), frames),
    ),
    st.builds(ast.StatusManual, st.booleans()),
    st.just(ast.Unsubscribed()),
    st.just(ast.Overdue()),
)


def _combined(leaf: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda items: ast.And(tuple(items)), st.lists(inner, min_size=2, max_size=3)),
            st.builds(lambda items: ast.Or(tuple(items)), st.lists(inner, min_size=2, max_size=3)),
            st.builds(ast.Not, inner),
        ),
        max_leaves=6,
    )


expressions = _combined(leaves)
text_expressions = _combined(st.one_of(*_text_leaves))
queries = st.builds(
    ast.Query,
    st.one_of(st.none(), expressions),
    st.lists(
        st.builds(
            lambda f, d: ast.OrderKey(_field(f), d),
            st.sampled_from(["name", "score", "created", "status"]),
            st.booleans(),
        ),
        max_size=2,
    ).map(tuple),
    st.one_of(st.none(), st.integers(0, 20)),
)

_engagement = st.tuples(
    st.sampled_from([*CHANNELS, None]),
    st.sampled_from(KINDS),
    st.integers(0, 400),
    st.sampled_from([None, *STAGES, "FREE_TRIAL"]),
)
_change = st.tuples(
    st.sampled_from([None, *STATUSES]),
    st.sampled_from(STATUSES),
    st.integers(0, 400),
    st.sampled_from(["person", "rule", "import", "api", "default"]),
    st.sampled_from([None, "Cool off", "COOL OFF", "x"]),
)
contacts = st.fixed_dictionaries(
    {
        "name": TEXT,
        "company": st.one_of(st.none(), TEXT),
        "email": st.one_of(st.none(), st.tuples(st.sampled_from(LOCALS), st.sampled_from(DOMAINS))),
        "phone": st.one_of(st.none(), st.just(""), TEXT),
        "status": st.sampled_from(STATUSES),
        "score": st.integers(0, 50),
        "manual": st.booleans(),
        "unsubscribed": st.booleans(),
        "follow_up": st.one_of(st.none(), st.integers(0, 30)),  # days: the contact's own follow-up goal
        "created": st.integers(0, 400),
        "changed": st.integers(0, 400),
        "tags": st.sets(st.sampled_from(TAGS), max_size=2),
        "notes": st.lists(TEXT, max_size=2),
        "fields": st.fixed_dictionaries(
            {},
            optional={
                "budget": st.one_of(st.integers(0, 1000), st.just("n/a")),
                "plan": st.sampled_from(["", "gold", "Gold plan", "50%"]),
            },
        ),
        "engagements": st.lists(_engagement, max_size=4),
        "history": st.lists(_change, max_size=3),
    }
)
workspaces = st.lists(contacts, min_size=1, max_size=7)


def fill(ws: Workspace, data: list[dict[str, Any]], day: float = 1.0) -> None:
    """Write a generated workspace (after clearing the last one); `day` scales the generated days ago (23/24:
    the times drift through every hour of the day)."""
    ws.clear()
    for i, c in enumerate(data):
        # Unique, as the store requires: the contact's number goes after the local part.
        email = c["email"] and f"{c['email'][0]}{i}@{c['email'][1]}"
        cid = ws.contact(
            c["name"],
            c["status"],
            created=ws.now - int(c["created"] * day * DAY),
            score=c["score"],
            tags=tuple(c["tags"]),
            fields=c["fields"],
            company=c["company"],
            phone=c["phone"],
            email=email,
            status_manual=c["manual"],
            unsubscribed=c["unsubscribed"],
            follow_up=None if c["follow_up"] is None else c["follow_up"] * DAY,
        )
        for text in c["notes"]:
            ws.note(cid, text)
        for channel, kind, days, value in c["engagements"]:
            ws.engage(cid, channel, kind, days * day, value if kind == "stage" else None)
        for old, new, days, actor, actor_name in c["history"]:
            ws.change(cid, old, new, days * day, actor, actor_name)
    ws.finish()
