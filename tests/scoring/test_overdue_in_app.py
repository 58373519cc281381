"""The app shows who is past a follow-up goal: a flag by the last engagement, and the count in the sidebar."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.contact_list import ContactList
from tests.scoring.scoring_env import DAY, NOW, add_contact


def test_overdue_contacts_are_flagged_and_counted(service: Service) -> None:
    add_contact(service, "late@x.io", "HOT", last_engaged_at=NOW - 4 * DAY)  # HOT: follow up every 3d
    add_contact(service, "fresh@x.io", "HOT", last_engaged_at=NOW - DAY)
    add_contact(service, "cold@x.io", "COLD", last_engaged_at=NOW - 300 * DAY)  # COLD has no goal

    async def scenario() -> None:
        app = StatusApp(service)
        async with app.run_test(size=(120, 30)) as pilot:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert "overdue" in str(app.query_one("#overdue", Static).visual).split()
            assert str(app.query_one("#overdue", Static).visual).split()[-1] == "1"
            contacts = app.query_one(ContactList)
            lines = [contacts.render_line(y).text for y in range(3)]
            flagged = {line.split()[1] for line in lines if "⚑" in line}  # after the status dot
            assert flagged == {"late"}

    asyncio.run(scenario())
