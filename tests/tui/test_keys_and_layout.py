"""Keys from one binding list (footer, `?`, ctrl+p, [keys] remaps) and a layout that fits 80 columns."""

from __future__ import annotations

from dataclasses import replace

from conftest import NOW
from helpers import app_test, settle, wait_until
from textual.widgets._footer import FooterKey

from statustui.config import StatusDef
from statustui.language import context_for
from statustui.searches import SavedSearch, save_search
from statustui.services import Service
from statustui.store.paging import ContactRow
from statustui.tui.app import StatusApp
from statustui.tui.columns import ColumnFit, header, row_text, widths
from statustui.tui.fuzzy_picker import FuzzyPicker
from statustui.tui.help_screen import HelpScreen
from statustui.tui.keys import MAIN_SCREEN_BINDINGS
from statustui.tui.search_bar import hint


def footer_labels(app: StatusApp) -> list[tuple[str, str]]:
    return [(k.key_display, k.description) for k in app.screen.query(FooterKey)]


def help_text(app: StatusApp) -> str:
    table = app.screen.query_one("#help").query("Static").last().visual
    return "\n".join(str(cell) for column in table.columns for cell in column.cells)  # type: ignore[attr-defined]


@app_test
async def test_the_footer_shows_whole_labels_in_order_and_always_help(service: Service) -> None:
    descriptions = [b.description for b in MAIN_SCREEN_BINDINGS if b.show]
    for width, at_least in ((80, 5), (200, len(descriptions))):
        app = StatusApp(service)
        async with app.run_test(size=(width, 24)) as pilot:
            await settle(pilot)
            labels = footer_labels(app)
            shown = [description for _, description in labels]
            assert shown[-1] == "Help"
            assert shown[: len(shown) - 1][:at_least] == descriptions[:at_least]  # the essential keys first
            assert sum(len(key) + len(description) + 3 for key, description in labels) <= width
            assert "Quit" in shown or width < 200


@app_test
async def test_keys_remapped_in_the_keymap_work_and_show_everywhere(service: Service) -> None:
    app = StatusApp(service, keymap={"set-status": "t", "saved-searches": "ctrl+o"})
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert ("t", "Status") in footer_labels(app)
        await pilot.press("s")  # no longer bound: nothing opens
        await pilot.pause()
        assert not isinstance(app.screen, FuzzyPicker)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.rows)
        assert rows["t"].startswith("set the status") and rows["^o"] == "pick a saved search by name"
        await pilot.press("escape", "t")
        await pilot.pause()
        assert isinstance(app.screen, FuzzyPicker) and "Set status of" in str(
            app.screen.query_one("#palette-title").visual
        )


@app_test
async def test_an_unknown_id_in_the_keymap_is_named_with_a_did_you_mean(service: Service) -> None:
    app = StatusApp(service, keymap={"set-stauts": "t"})
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("unknown key id 'set-stauts'" in m and "did you mean set-status?" in m for m in messages)


@app_test
async def test_the_main_screen_keys_do_nothing_over_the_rules_view(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        rules_screen = app.screen
        await pilot.press("r", "g", "s", "slash")
        await pilot.pause()
        assert app.screen is rules_screen
        assert "Status" not in [d for _, d in footer_labels(app)]


@app_test
async def test_the_command_palette_lists_every_status_and_saved_search(service: Service) -> None:
    many = [StatusDef(name=f"Stage {i}", color="blue") for i in range(12)]
    service.workspace.config = replace(service.config, statuses=(*service.config.statuses, *many))
    save_search(
        service.workspace.searches_path, SavedSearch("Hot ones", "status = HOT"), context_for(service)
    )
    app = StatusApp(service)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Saved search: Hot ones" in titles
        assert all(f"Show status: {s.name}" in titles for s in service.config.statuses)
        assert {"Search", "Status", "Undo", "Reports", "Rules", "Help"} <= set(titles)


@app_test
async def test_o_picks_a_saved_search_by_a_fuzzy_part_of_its_name(service: Service) -> None:
    ctx = context_for(service)
    save_search(service.workspace.searches_path, SavedSearch("Warm leads", "status = WARM"), ctx)
    save_search(service.workspace.searches_path, SavedSearch("Cold ones", "status = COLD"), ctx)
    app = StatusApp(service)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o", "w", "r", "m", "enter")
        await settle(pilot)
        assert app.search_bar.input.value.startswith("status = WARM")
        await wait_until(pilot, lambda: app.total == service.status_counts()["WARM"])
        assert app.total == service.status_counts()["WARM"]


def test_the_placeholder_is_a_hint_in_the_workspace_s_own_statuses(service: Service) -> None:
    assert hint(service.config) == "/ to search, e.g. status = NEW and engaged within 14d (tab completes)"
    spaced = replace(service.config, statuses=(StatusDef(name="Hot Lead", color="red"),))
    assert 'status = "Hot Lead"' in hint(spaced)


def contact(name: str, company: str | None, status: str, source: str | None) -> ContactRow:
    return ContactRow(
        id=1, name=name, email=None, phone=None, company=company, source=source, status=status,
        status_manual=False, score=5, unsubscribed=False, created_at=0, last_engaged_at=0, status_changed_at=0,
    )  # fmt: skip


def test_an_empty_company_collapses_and_the_name_gets_the_room(service: Service) -> None:
    rows = [contact("Christopher Montgomery-Smith", None, "NEW", "zillow")]
    fit = ColumnFit.measure(rows, service.config)
    name, company, *_ = widths(80, fit)
    assert company == 0 and name >= len(rows[0].name)
    assert "Company" not in header(80, None, False, fit).plain
    assert "Christopher Montgomery-Smith" in row_text(rows[0], service.config, 80, 0, None, False, fit).plain
    for total in (80, 120, 200):
        assert sum(w + 1 for w in widths(total, fit) if w) + 4 == total


def test_status_names_show_whole_up_to_twenty_characters(service: Service) -> None:
    long = ["Not Contacted", "Lead to Review", "Twenty chars exactly"]
    config = replace(service.config, statuses=tuple(StatusDef(name=n, color="green") for n in long))
    rows = [contact("Ann Smith", "Globex", n, None) for n in long]
    fit = ColumnFit.measure(rows, config)
    for row in rows:
        assert row.status in row_text(row, config, 80, 0, None, False, fit).plain
    assert header(80, "last_engaged", True, fit).plain.split() == [
        *("Name", "Company", "Status", "Score", "Last", "engaged↓")
    ]


@app_test
async def test_keys_in_statustui_toml_remap_the_app(service: Service) -> None:
    path = service.workspace.config_path
    path.write_text(path.read_text() + '\n[keys]\nreports = "R"\nhelp = "f1"\n')
    reopened = Service.open(service.workspace.path, database_url=service.workspace.database_url, now=NOW)
    app = StatusApp(reopened)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert ("R", "Reports") in footer_labels(app) and ("f1", "Help") in footer_labels(app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
    reopened.close()


@app_test
async def test_the_sidebar_shows_long_status_names_whole(service: Service) -> None:
    names = ["Not Contacted", "Lead to Review", "No Further Action"]
    statuses = (*service.config.statuses, *(StatusDef(name=n, color="teal") for n in names))
    service.workspace.config = replace(service.config, statuses=statuses)
    app = StatusApp(service)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        options = app.query_one("#status-options")
        lines = [options.render_line(y).text for y in range(len(statuses))]
        assert all(any(name in line for line in lines) for name in names)


def test_on_80_columns_the_source_gives_its_room_to_the_name(service: Service) -> None:
    statuses = tuple(StatusDef(name=n, color="green") for n in ["Not Contacted", "No Further Action"])
    config = replace(service.config, statuses=statuses)
    rows = [contact("Patricia Rodriguez", "Umbrella", "Not Contacted", "facebook_ads")]
    fit = ColumnFit.measure(rows, config)
    line = row_text(rows[0], config, 80, 0, None, False, fit).plain
    assert "Patricia Rodriguez" in line and "Umbrella" in line and "Not Contacted" in line
    assert "facebook" not in line and "Source" not in header(80, None, False, fit).plain
    assert "facebook_ads" in row_text(rows[0], config, 120, 0, None, False, fit).plain
