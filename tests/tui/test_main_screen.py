"""The main screen: the list, the sidebar, the palette, selection, undo and the detail."""

from __future__ import annotations

from conftest import HOSTILE_COMPANY, HOSTILE_NAME, N_CONTACTS
from helpers import app_test, list_lines, settle, shown, wait_until

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.contact_list import ContactList
from statustui.tui.detail_screen import DetailScreen


@app_test
async def test_first_screen_lists_contacts_with_count_and_sidebar_counts(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert shown(app, "#count").startswith(f"{N_CONTACTS} contacts")
        lines = list_lines(app)
        first = service.search("", 1)[0]
        assert first.name in lines[0] and "8h ago" in lines[0]
        sidebar = app.query_one("#status-options").render_line(3).text
        assert "HOT" in sidebar and str(service.status_counts()["HOT"]) in sidebar


@app_test
async def test_markup_and_escape_sequences_in_contact_data_show_literally(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        hostile = next(line for line in list_lines(app) if "Mallory" in line)
        assert "[bold red]Mallory[/] ?[31mred?[0m" in hostile
        assert HOSTILE_COMPANY[:20] in hostile


@app_test
async def test_markup_in_a_name_stays_literal_in_the_detail_palette_and_notification(
    service: Service,
) -> None:
    order = [r.name for r in service.search("", N_CONTACTS)]
    app = StatusApp(service)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.query_one(ContactList).cursor = order.index(HOSTILE_NAME)
        await pilot.press("enter")
        await settle(pilot)
        assert "[bold red]Mallory[/] ?[31mred?[0m" in shown(app, "#detail-fields")
        await pilot.press("escape", "s")
        await pilot.pause()
        assert "Set status of [bold red]Mallory[/]" in str(app.screen.query_one("#palette-title").visual)
        await pilot.press("enter")
        await settle(pilot)
        notes = [n for n in app._notifications if "Mallory" in n.message]
        assert notes and not notes[0].markup and notes[0].message.startswith("[bold red]Mallory[/] ?[31mred")


@app_test
async def test_palette_sets_the_highlighted_contact_and_undo_restores_it(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row = app.query_one(ContactList).current
        assert row is not None and row.status != "HOT"
        await pilot.press("s", "h", "o", "t", "enter")
        await settle(pilot)
        assert service.contacts_by_id([row.id])[0].status == "HOT"
        assert "HOT" in list_lines(app)[0]
        await pilot.press("u")
        await settle(pilot)
        assert service.contacts_by_id([row.id])[0].status == row.status


@app_test
async def test_palette_sets_a_selection_of_many_and_undo_restores_them(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = service.search("", 4)
        await pilot.press("space", "space", "space", "space")
        assert "4 selected" in shown(app, "#count")
        await pilot.press("s", "c", "o", "l", "d", "enter")
        await pilot.pause()
        assert "Set 4 selected contacts to COLD?" in str(app.screen.query_one(".dialog-question").visual)
        await pilot.press("y")
        await settle(pilot)
        after = {r.id: r.status for r in service.contacts_by_id([r.id for r in rows])}
        assert set(after.values()) == {"COLD"}
        await pilot.press("u")
        await settle(pilot)
        restored = {r.id: r.status for r in service.contacts_by_id([r.id for r in rows])}
        assert restored == {r.id: r.status for r in rows}


@app_test
async def test_select_all_asks_with_the_count_then_changes_every_result(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert f"Select all {N_CONTACTS} contacts" in str(app.screen.query_one(".dialog-question").visual)
        await pilot.press("y", "s", "w", "a", "r", "m", "enter")
        await pilot.pause()
        question = str(app.screen.query_one(".dialog-question").visual)
        assert f"Set all {N_CONTACTS} contacts of this search to WARM?" in question
        await pilot.press("y")
        await settle(pilot)
        assert service.status_counts()["WARM"] == N_CONTACTS
        await pilot.press("u")
        await settle(pilot)
        assert service.status_counts()["WARM"] < N_CONTACTS


@app_test
async def test_palette_offers_only_statuses_a_person_may_set(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        options = app.screen.query_one("#palette-options")
        offered = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert offered == [s.name for s in service.config.statuses if s.assignable]
        await pilot.press("escape")


@app_test
async def test_detail_shows_fields_and_a_timeline_with_actors(service: Service) -> None:
    first = service.search("", 1)[0]
    service.set_status("HOT", [first.id])
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        timeline = shown(app, "#detail-timeline")
        assert "engaged email reply" in timeline
        assert "engaged facebook comment “love it [b]really[/b]”" in timeline
        assert f"status {first.status} → HOT  by you" in timeline
        assert first.email in shown(app, "#detail-fields")
        assert "Second engagement makes a NEW contact NEUTRAL" in shown(app, "#detail-explain")
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)


@app_test
async def test_end_jumps_to_the_last_row(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        await pilot.press("end")
        await pilot.pause()
        last = service.search("", N_CONTACTS)[-1]
        current = app.query_one(ContactList).current
        assert current is not None and current.id == last.id
        assert last.name in "\n".join(list_lines(app))


@app_test
async def test_a_column_key_sorts_and_again_reverses(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        best = max(r.score for r in service.search("", N_CONTACTS))
        await wait_until(pilot, lambda: app.query_one(ContactList).current.score == best)  # type: ignore[union-attr]
        assert app.query_one(ContactList).current.score == best  # type: ignore[union-attr]
        assert "Score ↓" in app.query_one("#column-header").render().plain  # type: ignore[union-attr]
        await pilot.press("P")
        await settle(pilot)
        worst = min(r.score for r in service.search("", N_CONTACTS))
        await wait_until(pilot, lambda: app.query_one(ContactList).current.score == worst)  # type: ignore[union-attr]
        assert app.query_one(ContactList).current.score == worst  # type: ignore[union-attr]
        await pilot.click("#column-header", offset=(4, 0))  # a click on "Name" sorts by name
        await settle(pilot)
        first_name = service.search(service.sorted_by(service.compile_search(""), "name", False), 1)[0].name
        await wait_until(pilot, lambda: app.query_one(ContactList).current.name == first_name)  # type: ignore[union-attr]
        assert app.query_one(ContactList).current.name == first_name  # type: ignore[union-attr]


@app_test
async def test_another_process_changing_the_data_shows_up(service: Service) -> None:
    app = StatusApp(service, poll_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = service.search("", 1)[0]
        before = service.status_counts()["ARCHIVE"]
        service.set_status("ARCHIVE", [first.id])  # as another process would: straight to the database
        await wait_until(pilot, lambda: "ARCHIVE" in list_lines(app)[0])
        assert "ARCHIVE" in list_lines(app)[0]
        sidebar = app.query_one("#status-options").render_line(5).text
        assert f"{before + 1}" in sidebar
