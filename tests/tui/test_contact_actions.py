"""Working on contacts in the app: add with checks as you type, edit, tags, a note, a logged call, delete
with the count, merge side by side; each undone with `u`. On SQLite and PostgreSQL."""

from __future__ import annotations

from helpers import app_test, settle, shown, wait_until

from statustui.contacts.notes import notes_of
from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.contact_forms import FormScreen, MergeScreen
from statustui.tui.contact_list import ContactList
from statustui.tui.detail_screen import DetailScreen


def email_of(service: Service, email: str) -> list[str]:
    return [r.email for r in service.search(f'email = "{email}"')]


@app_test
async def test_n_adds_a_contact_checking_the_email_as_you_type(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Zoe Park", "tab", *"zoe@")
        await pilot.pause()
        assert "not an email address" in shown(app, "#form-problem")
        await pilot.press(*"example.com")
        await settle(pilot)
        assert shown(app, "#form-problem") == ""
        for _ in range(len("zoe@example.com")):
            await pilot.press("backspace")
        await pilot.press(*"c1@example.com")  # another contact's email
        await wait_until(pilot, lambda: "already the email of" in shown(app, "#form-problem"))
        assert "already the email of" in shown(app, "#form-problem")
        await pilot.press("enter")  # refused while the problem stands
        assert isinstance(app.screen, FormScreen)
        for _ in range(len("c1@example.com")):
            await pilot.press("backspace")
        await pilot.press(*"zoe@example.com", "enter")
        await wait_until(pilot, lambda: bool(email_of(service, "zoe@example.com")))
        zoe = service.search('email = "zoe@example.com"')[0]
        assert (zoe.name, zoe.status) == ("Zoe Park", "NEUTRAL")
        await pilot.press("u")
        await wait_until(pilot, lambda: not email_of(service, "zoe@example.com"))
        assert email_of(service, "zoe@example.com") == []


@app_test
async def test_detail_keys_edit_tag_note_and_log(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        row = app.query_one(ContactList).current
        assert row is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab")  # to Company
        company = app.screen.query_one("#field-company")
        company.value = "Vandelay"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: service.contacts_by_id([row.id])[0].company == "Vandelay")
        assert service.contacts_by_id([row.id])[0].company == "Vandelay"
        await pilot.press("t", *"vip -nothing", "enter")
        await wait_until(pilot, lambda: "vip" in service.contacts_by_id([row.id])[0].tags)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Wants a 3-bed", "ctrl+s")
        await wait_until(pilot, lambda: bool(notes_of(row.id)))
        assert [n.text for n in notes_of(row.id)] == ["Wants a 3-bed"]
        before = service.contacts_by_id([row.id])[0]
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+s")  # a phone call, the form's default
        await wait_until(pilot, lambda: service.contacts_by_id([row.id])[0].last_engaged_at == service.now())
        after = service.contacts_by_id([row.id])[0]
        assert after.score > before.score
        await wait_until(pilot, lambda: "Wants a 3-bed" in shown(app, "#detail-timeline"))
        timeline = shown(app, "#detail-timeline")
        assert "company: (empty) -> Vandelay" in timeline or "-> Vandelay" in timeline
        await pilot.press("u")  # the logged call goes
        await wait_until(pilot, lambda: service.contacts_by_id([row.id])[0].score == before.score)
        assert service.contacts_by_id([row.id])[0].score == before.score


@app_test
async def test_delete_asks_with_the_count_and_undo_brings_them_back(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        total = service.count("")
        await pilot.press("space", "space", "delete")
        await pilot.pause()
        assert "Delete 2 selected contacts (2 contacts)?" in str(
            app.screen.query_one(".dialog-question").visual
        )
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert service.count("") == total
        await pilot.press("delete", "y")
        await wait_until(pilot, lambda: service.count("") == total - 2)
        assert service.count("") == total - 2
        await pilot.press("u")
        await wait_until(pilot, lambda: service.count("") == total)
        assert service.count("") == total


@app_test
async def test_m_merges_the_selection_side_by_side(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        first, second = service.search("", 2)
        total = service.count("")
        await pilot.press("m")  # nothing selected: says how
        await pilot.pause()
        assert not isinstance(app.screen, MergeScreen)
        await pilot.press("space", "space", "m")
        await wait_until(pilot, lambda: isinstance(app.screen, MergeScreen))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: service.count("") == total - 1)
        assert service.count("") == total - 1
        await pilot.press("u")
        await wait_until(pilot, lambda: service.count("") == total)
        assert {r.id for r in service.contacts_by_id([first.id, second.id])} == {first.id, second.id}
