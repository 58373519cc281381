"""A schedule rule run set-based (one SQL statement per action) gives exactly what evaluating the same rule
contact by contact in memory gives (the engine on each contact's facts), on random small workspaces."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statustui.language import context_for, load_facts
from statustui.language.ast import OnCreate
from statustui.rules.engine import Outcome, RuleEngine
from statustui.rules.runtime import rule_set, run_rules
from statustui.services import Service
from statustui.store.bulk import insert_rows
from statustui.store.models import ContactTag
from statustui.workspace import init_workspace, open_workspace
from tests.conftest import POSTGRES_URL

NOW = 1_790_000_000
DAY = 86400
STATUSES = ("NEW", "NEUTRAL", "WARM", "HOT", "COLD", "ARCHIVE")
CONDITIONS = (
    "status = HOT and not engaged within 30d",
    "status in (HOT, WARM) and not tagged vip",
    "tagged vip or score >= 10",
    "not unsubscribed and last_engaged before 10d",
    "status is manual",
    "company is empty and status != COLD",
)
ACTIONS = (
    "set status WARM",
    "set status ARCHIVE",
    "add tag cooled",
    "remove tag vip",
    "unsubscribe",
    "resubscribe",
    "add score 5",
    "stop",
)

contact = st.fixed_dictionaries(
    {
        "status": st.sampled_from(STATUSES),
        "manual": st.booleans(),
        "vip": st.booleans(),
        "unsubscribed": st.booleans(),
        "score": st.integers(0, 20),
        "company": st.sampled_from([None, "", "Globex"]),
        "engaged_days_ago": st.sampled_from([None, 1, 20, 45]),
    }
)
rule = st.tuples(
    st.sampled_from(CONDITIONS), st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=3), st.booleans()
)


def workspace(rules: list[tuple[str, list[str], bool]]) -> Path:
    path = Path(tempfile.mkdtemp()) / "ws"
    init_workspace(path, "leadklozer")
    for f in (path / "rules").glob("*.rules"):
        f.unlink()
    text = "".join(
        f'rule "r{i}"\n  on schedule\n  when {cond}\n  then {", ".join(actions)}\n'
        + ("  override manual\n" if override else "")
        for i, (cond, actions, override) in enumerate(rules)
    )
    (path / "rules" / "10-schedule.rules").write_text(text)
    return path


def fill(service: Service, contacts: list[dict]) -> None:
    db = service.db
    with db.atomic():
        for i, c in enumerate(contacts, start=1):
            last = NOW - c["engaged_days_ago"] * DAY if c["engaged_days_ago"] else 0
            insert_rows(
                db,
                "contact",
                (
                    "id",
                    "name",
                    "email",
                    "company",
                    "status",
                    "status_manual",
                    "status_changed_at",
                    "created_at",
                    "score",
                    "score_bonus",
                    "unsubscribed",
                    "last_engaged_at",
                    "engagement_count",
                ),
                [
                    (
                        i,
                        f"C{i}",
                        f"c{i}@example.com",
                        c["company"],
                        c["status"],
                        c["manual"],
                        NOW - 90 * DAY,
                        NOW - 90 * DAY,
                        c["score"],
                        0,
                        c["unsubscribed"],
                        last,
                        1 if last else 0,
                    )
                ],
            )
            if last:
                insert_rows(
                    db,
                    "engagement",
                    ("contact_id", "channel", "kind", "occurred_at"),
                    [(i, "email", "open", last)],
                )
            if c["vip"]:
                ContactTag.insert(contact=i, tag="vip").execute()


def state(service: Service) -> dict[int, tuple]:
    tags: dict[int, list[str]] = {}
    for cid, tag in ContactTag.select(ContactTag.contact, ContactTag.tag).order_by(ContactTag.tag).tuples():
        tags.setdefault(cid, []).append(tag)
    return {
        r.id: (r.status, bool(r.status_manual), bool(r.unsubscribed), r.score, tuple(tags.get(r.id, ())))
        for r in service.contacts_by_id(list(range(1, 100)))
    }


def check(url: str, contacts: list[dict], rules: list[tuple[str, list[str], bool]]) -> None:
    path = workspace(rules)
    service = Service(open_workspace(path, url), now=NOW)
    try:
        fill(service, contacts)
        # In memory: the same rules, contact by contact, through the engine on each contact's facts.
        checked = [replace(r, trigger=OnCreate()) for r in rule_set(service).rules]
        engine = RuleEngine(checked, context_for(service))
        facts = load_facts(range(1, len(contacts) + 1))
        out = Outcome()
        for f in facts.values():
            engine.on_create(f, NOW, out)
        expected = {
            cid: (f.status, f.status_manual, f.unsubscribed, f.score, tuple(sorted(f.tags)))
            for cid, f in facts.items()
        }
        # Set-based: `statustui rules run`.
        report = run_rules(service)
        assert state(service) == expected
        assert report.changed == len(out.history)
    finally:
        service.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contacts=st.lists(contact, min_size=1, max_size=8), rules=st.lists(rule, min_size=1, max_size=3))
def test_set_based_schedule_run_equals_in_memory_sqlite(contacts: list[dict], rules: list) -> None:
    check("sqlite://:memory:", contacts, rules)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contacts=st.lists(contact, min_size=1, max_size=6), rules=st.lists(rule, min_size=1, max_size=2))
def test_set_based_schedule_run_equals_in_memory_postgres(contacts: list[dict], rules: list) -> None:
    if not POSTGRES_URL:
        import pytest

        pytest.skip("STATUSTUI_TEST_POSTGRES is not set")
    import uuid

    schema = f"p_{uuid.uuid4().hex[:10]}"
    try:
        sep = "&" if "?" in POSTGRES_URL else "?"
        check(f"{POSTGRES_URL}{sep}schema={schema}", contacts, rules)
    finally:
        from statustui.store.models import database

        database.execute_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        database.obj.close()
