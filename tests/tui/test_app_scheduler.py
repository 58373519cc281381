"""While the app is open, the schedule rules run once per schedule turn by the app's clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from statustui.import_export.events import EventImportOptions
from statustui.rules.pending import pending_count
from statustui.rules.scheduler import turn_start
from statustui.services import Service
from statustui.store.models import Contact, ContactTag
from statustui.tui.app import StatusApp
from statustui.tui.scheduler import AppScheduler
from tests.tui.conftest import NOW
from tests.tui.helpers import app_test, settle, wait_until

COOL = 'rule "Hot cools"\n  on schedule\n  when status = HOT\n  then set status WARM, add tag cooled\n'
EVERY = 15 * 60  # rules.schedule_every's default


def hot() -> int:
    return Contact.select().where(Contact.status == "HOT").count()


@app_test
async def test_the_app_runs_a_schedule_rule_each_turn(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    (service.workspace.rules_dir / "30-cool.rules").write_text(COOL)
    assert hot() > 0
    original = AppScheduler.__init__

    def fast(self: AppScheduler, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.tick_seconds = 0.05

    monkeypatch.setattr(AppScheduler, "__init__", fast)
    app = StatusApp(service)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.scheduler.last_run == NOW)
        assert hot() == 0
        cooled = ContactTag.select().where(ContactTag.tag == "cooled").count()
        assert cooled > 0
        assert app.scheduler.next_at == turn_start(NOW, EVERY) + EVERY
        # A contact turns HOT again (as an import would): the rule waits for the next turn, then cools it.
        Contact.update(status="HOT").where(Contact.id == Contact.get(Contact.status == "WARM").id).execute()
        await ticks(pilot, app, 5)
        assert hot() == 1
        service.fixed_now = NOW + EVERY
        await wait_until(pilot, lambda: app.scheduler.last_run == NOW + EVERY)
        assert hot() == 0
        assert app.scheduler.next_at == turn_start(NOW + EVERY, EVERY) + EVERY


async def ticks(pilot: Pilot, app: StatusApp, n: int) -> None:
    for _ in range(n):
        await pilot.pause(app.scheduler.tick_seconds)
        await settle(pilot)


@app_test
async def test_the_app_gives_pending_engagements_their_rules_once_the_rules_are_fixed(
    service: Service, tmp_path: Path
) -> None:
    broken = service.workspace.rules_dir / "90-half.rules"
    broken.write_text('rule "Half"\n  on engagement\n  when status = HTO\n  then set status NEW\n')
    (tmp_path / "ev.jsonl").write_text(
        '{"email": "c6@example.com", "channel": "facebook", "kind": "like", "at": "2026-09-20T10:00"}\n'
    )
    service.import_events(tmp_path / "ev.jsonl", EventImportOptions(without_rules=True))
    assert pending_count() == 1 and Contact.get(Contact.email == "c6@example.com").status == "NEUTRAL"
    app = StatusApp(service)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert pending_count() == 1  # still broken: nothing runs
        broken.unlink()
        await wait_until(pilot, lambda: pending_count() == 0)
        assert Contact.get(Contact.email == "c6@example.com").status == "NEW"
