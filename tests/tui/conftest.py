"""A small, fixed workspace for the app's tests: 60 contacts, a fixed `now`, one contact with hostile text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from statustui.services import Service
from statustui.store.models import Contact, Engagement
from statustui.workspace import init_workspace

NOW = 1_790_000_000  # 2026-09-21, fixed so "3d ago" and the snapshots never drift
N_CONTACTS = 60
FIRST = ["Ann", "Ben", "Cleo", "Dev", "Eva", "Finn", "Gus", "Hana", "Ivo", "Jun"]
LAST = ["Smith", "Okafor", "Novak", "Rossi", "Kim", "Silva"]
STATUSES = ["NEW", "NEUTRAL", "WARM", "HOT", "COLD"]
SOURCES = ["zillow", "website", "referral", None]
HOSTILE_NAME = "[bold red]Mallory[/] \x1b[31mred\x1b[0m"
HOSTILE_COMPANY = "[link=http://x]Evil[/link] [Corp]"


def contact_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(N_CONTACTS):
        name = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"
        rows.append(
            {
                "name": name,
                "email": f"c{i}@example.com",
                "company": ["Globex", "Initech", None][i % 3],
                "source": SOURCES[i % len(SOURCES)],
                "status": STATUSES[i % len(STATUSES)],
                "status_changed_at": NOW - 86400 * 30,
                "created_at": NOW - 86400 * (40 + i),
                "score": (i * 37) % 100,
                "last_engaged_at": NOW - 3600 * (i * 7 + 1) if i % 9 else 0,
            }
        )
    rows[5]["name"], rows[5]["company"] = HOSTILE_NAME, HOSTILE_COMPANY
    return rows


@pytest.fixture
def service(db_url: str, tmp_path: Path) -> Iterator[Service]:
    path = init_workspace(tmp_path / "ws", "leadklozer")
    svc = Service.open(path, database_url=db_url, now=NOW)
    Contact.insert_many(contact_rows()).execute()
    first = Contact.select(Contact.id).order_by(Contact.last_engaged_at.desc(), Contact.id.desc()).first()
    Engagement.insert_many(
        [
            {
                "contact": first.id,
                "channel": "facebook",
                "kind": "comment",
                "occurred_at": NOW - 7200,
                "text": "love it [b]really[/b]",
            },
            {"contact": first.id, "channel": "email", "kind": "reply", "occurred_at": NOW - 3600},
        ]
    ).execute()
    yield svc
    svc.close()
