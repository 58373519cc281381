"""Importing events into a workspace without engagement rules (the set-based path) keeps every contact's
engagement count, last engagement and Smart Score exactly what its engagements say (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from statustui.scoring.recompute import recompute_scores
from statustui.services import Service
from statustui.workspace import init_workspace

NOW = 1_790_000_000  # 2026-09-21T...; events from January are older than the preset's 90-day `recent_within`


def test_events_without_rules_update_counts_last_times_and_scores(tmp_path: Path, db_url: str) -> None:
    ws = init_workspace(tmp_path / "ws")
    for rule_file in (ws / "rules").glob("*.rules"):
        rule_file.unlink()
    service = Service.open(ws, database_url=db_url, now=NOW)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "email,status\n" + "".join(f"p{i}@example.com,{('NEW', 'HOT')[i % 2]}\n" for i in range(30))
    )
    service.import_contacts(contacts)
    events = tmp_path / "events.jsonl"
    lines = [
        f'{{"email": "P{i % 20}@example.com", "kind": "{("like", "reply", "click")[i % 3]}", '
        f'"channel": "{("facebook", "email")[i % 2]}", "at": "2026-{1 + i % 9:02d}-{1 + i % 27:02d}T10:00"}}'
        for i in range(90)
    ]
    events.write_text("\n".join(lines) + "\n")
    assert service.import_events(events).ingested == 90

    def columns() -> dict[str, tuple[int, int, int]]:
        return {
            r.email: (
                r.score,
                r.last_engaged_at,
                service.db.execute_sql(
                    'SELECT COUNT(*) FROM "engagement" WHERE contact_id = ?'.replace("?", service.db.param),
                    (r.id,),
                ).fetchone()[0],
            )
            for r in service.search("", limit=100)
        }

    imported = columns()
    stored = dict(service.db.execute_sql('SELECT email, engagement_count FROM "contact"').fetchall())
    assert {email: n for email, (_, _, n) in imported.items()} == stored
    assert stored["p0@example.com"] == 5 and stored["p25@example.com"] == 0
    last = dict(
        service.db.execute_sql(
            'SELECT c.email, MAX(e.occurred_at) FROM "contact" c JOIN "engagement" e '
            "ON e.contact_id = c.id GROUP BY c.email"
        ).fetchall()
    )
    assert {e: t for e, (_, t, _) in imported.items() if t} == last
    recompute_scores(service)  # the scores a full recompute gives from the same engagements
    assert columns() == imported
    assert len({score for score, _, _ in imported.values()}) > 3
    service.close()
