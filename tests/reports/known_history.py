"""A small, known status history in a kvCORE workspace, written through the service as the app would."""

from __future__ import annotations

from pathlib import Path

from statustui.reports.queries import WEEK, week_start
from statustui.services import Service
from statustui.store.models import Contact, StatusChange
from statustui.workspace import init_workspace

NOW = 1_790_000_000  # Monday 2026-09-21 14:13:20 UTC
T0 = week_start(NOW) - 3 * WEEK  # Monday 2026-08-31 00:00 UTC
DAY = 86400


def build(root: Path, db_url: str) -> Service:
    """Five contacts created at T0 (d at T0 + 15d) in New Lead, then:

    a: +1d Active Lead (person), +8d Client (rule "won deal")
    b: +2d Active Lead (rule "engaged"), +16d Archive (person)
    c: no change
    d: created +15d, +15d 1h Active Lead (rule "engaged")
    e: created without a first history row (older data), +3d Archive (api)
    """
    path = init_workspace(root / "ws", "kvcore")
    for rule_file in path.glob("rules/*.rules"):  # the history below is all there is
        rule_file.unlink()
    service = Service.open(path, database_url=db_url, now=NOW)
    ids: dict[str, int] = {}
    for name, created in (("a", T0), ("b", T0), ("c", T0), ("d", T0 + 15 * DAY), ("e", T0)):
        ids[name] = Contact.insert(
            email=f"{name}@x.io", name=name, status="New Lead", created_at=created, status_changed_at=created
        ).execute()
        if name != "e":
            StatusChange.insert(
                contact=ids[name], at=created, old_status=None, new_status="New Lead", actor="import"
            ).execute()
    for at, status, who, actor, rule in (
        (T0 + DAY, "Active Lead", "a", "person", None),
        (T0 + 2 * DAY, "Active Lead", "b", "rule", "engaged"),
        (T0 + 3 * DAY, "Archive", "e", "api", None),
        (T0 + 8 * DAY, "Client", "a", "rule", "won deal"),
        (T0 + 15 * DAY + 3600, "Active Lead", "d", "rule", "engaged"),
        (T0 + 16 * DAY, "Archive", "b", "person", None),
    ):
        service.fixed_now = at
        service.set_status(status, [ids[who]], actor=actor, actor_name=rule)
    service.fixed_now = NOW
    return service
