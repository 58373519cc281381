"""No event left behind: events imported `--without-rules` while a rule file is broken, then given their
engagement rules by `rules run --pending`, end as if they had been imported with working rules."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from statustui.store.db import open_database
from tests.postgres_schemas import drop_schema
from tests.rules.helpers import Workspace, make_workspace


@pytest.fixture
def other_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database beside db_url's: another SQLite file, or another PostgreSQL schema."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other.db'}"
        return
    url = db_url.replace("schema=t_", "schema=o_")
    yield url
    drop_schema(url)


BROKEN = 'rule "Half written"\n  on engagement\n  when status = HTO\n  then set status NEW\n'
CONTACTS = 12


def events(preset: str) -> list[dict[str, str]]:
    """A month of replies, likes, calls, forms, stages and purchases, some labelled, for CONTACTS contacts."""
    rng = random.Random(preset)
    labels = [None, "interested", "question", "auto_reply", "helped", "not_interested"]
    texts = [None, "I am interested", "out of the office", "what does it cost?", "yes"]
    kinds = ["reply", "like", "call", "form", "purchase", "stage", "transaction", "click", "comment"]
    out = []
    for i in range(60):
        kind = rng.choice(kinds)
        event = {
            "email": f"c{rng.randrange(CONTACTS)}@example.com",
            "kind": kind,
            "channel": rng.choice(["email", "facebook", "phone", "website"]),
            "at": f"2026-03-{1 + i // 3:02d}T{9 + i % 3:02d}:{rng.randrange(60):02d}",
        }
        if kind == "reply":
            label, text = rng.choice(labels), rng.choice(texts)
            event.update({k: v for k, v in (("value", label), ("text", text)) if v})
        elif kind == "stage":
            event["value"] = rng.choice(["quote_requested", "demo_scheduled", "free_trial"])
        elif kind == "transaction":
            event["value"] = rng.choice(["opened", "closed"])
        out.append(event)
    rng.shuffle(out)  # the file's order is not time order
    return out


def outcome(ws: Workspace) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    db = open_database(ws.db_url)
    try:
        contacts = db.execute_sql(
            "SELECT email, status, status_manual, status_changed_at, score, unsubscribed, last_engaged_at, "
            'engagement_count FROM "contact" ORDER BY email'
        ).fetchall()
        history = db.execute_sql(
            'SELECT c.email, h.at, h.old_status, h.new_status, h.actor, h.actor_name FROM "status_history" h '
            'JOIN "contact" c ON c.id = h.contact_id ORDER BY c.email, h.at, h.id'
        ).fetchall()
        return [tuple(r) for r in contacts], [tuple(r) for r in history]
    finally:
        db.close()


@pytest.mark.parametrize("preset", ["leadklozer", "kvcore", "conversica", "benchmarkone"])
def test_pending_events_get_the_statuses_a_working_import_gives(
    tmp_path: Path, db_url: str, other_url: str, capsys: pytest.CaptureFixture[str], preset: str
) -> None:
    contacts = "email,created_at\n" + "".join(f"c{i}@example.com,2026-02-20\n" for i in range(CONTACTS))
    lines = "".join(json.dumps(e) + "\n" for e in events(preset))
    working = make_workspace(tmp_path / "working", db_url, capsys, preset)
    working.contacts(contacts)
    (working.path / "events.jsonl").write_text(lines)
    working.ok("import", "events", str(working.path / "events.jsonl"))
    expected = outcome(working)

    (tmp_path / "later").mkdir()
    later = make_workspace(tmp_path / "later", other_url, capsys, preset)
    later.contacts(contacts)
    (later.path / "rules" / "90-half.rules").write_text(BROKEN)
    (later.path / "events.jsonl").write_text(lines)
    assert later.run("import", "events", str(later.path / "events.jsonl")).code == 2
    later.ok("import", "events", str(later.path / "events.jsonl"), "--without-rules")
    (later.path / "rules" / "90-half.rules").unlink()
    later.ok("rules", "run", "--pending")
    assert outcome(later) == expected
    assert any(h[4] == "rule" for h in expected[1]), (
        "the events should make the preset's rules change statuses"
    )
