"""The import screen (`i`): a path with completion, the preview (mapping, counts, problems, first rows), then
the import in a worker; the list shows the new contacts."""

from __future__ import annotations

import asyncio
from pathlib import Path

from conftest import N_CONTACTS
from helpers import app_test, settle, shown
from textual.pilot import Pilot
from textual.widgets import Input

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.import_screen import ImportScreen, PathSuggester

CRM = "First Name,Last Name,E-mail,Lead Status\nZed,Quinn,zed@example.com,HOT\nYul,Park,yul@example.com,\n"


async def type_path(pilot: Pilot, path: str) -> None:
    await pilot.press(*path, "enter")
    await settle(pilot)


@app_test
async def test_preview_then_import_and_the_list_shows_them(service: Service, tmp_path: Path) -> None:
    (tmp_path / "crm.csv").write_text(CRM)
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        await type_path(pilot, str(tmp_path / "crm.csv"))
        preview = shown(app, "#import-preview-text")
        assert "E-mail" in preview and "-> email" in preview
        assert "2 rows: 2 would be created" in preview and "new contacts: 1 HOT, 1 NEUTRAL" in preview
        assert "Zed | Quinn | zed@example.com | HOT" in preview  # the first rows
        assert service.contact_count() == N_CONTACTS  # the preview wrote nothing
        await pilot.press("enter")  # the Import button has the focus
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert service.contact_count() == N_CONTACTS + 2
        assert shown(app, "#count").startswith(f"{N_CONTACTS + 2} contacts")


@app_test
async def test_problems_are_shown_and_block_the_import(service: Service, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("email,status\nzed@example.com,HTO\n")
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        await type_path(pilot, str(tmp_path / "bad.csv"))
        assert "did you mean HOT?" in shown(app, "#import-preview-text")
        assert app.screen.query_one("#import-run").disabled
        app.screen.query_one("#import-path", Input).value = ""
        await type_path(pilot, str(tmp_path / "missing.csv"))
        assert "missing.csv: no such file" in shown(app, "#import-preview-text")
        await pilot.press("escape")
        assert not isinstance(app.screen, ImportScreen)
        assert service.contact_count() == N_CONTACTS


def test_the_path_completes_folders_and_importable_files_first(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("")
    (tmp_path / "people.txt").write_text("")
    (tmp_path / "pending").mkdir()
    suggester = PathSuggester()
    for typed, completed in (("pe", "pending/"), ("peo", "people.csv"), ("nothing", None)):
        found = asyncio.run(suggester.get_suggestion(f"{tmp_path}/{typed}"))
        assert found == (f"{tmp_path}/{completed}" if completed else None)
