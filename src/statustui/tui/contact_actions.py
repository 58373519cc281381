"""The app's actions on contacts themselves: add (`n`), edit (`e`), tags (`t`), note (`n` in the detail), log
an activity (`l`), delete (`delete`) and merge (`m`). Forms collect the input; the work runs in a worker and
the list, counts and an open detail refresh after it; `u` undoes each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App

from statustui.changes import current_actor
from statustui.contacts.activity import log_activity
from statustui.contacts.add import NewContact, add_contact, existing_contact
from statustui.contacts.edit import Edit, edit_contact
from statustui.contacts.merge import merge_contacts
from statustui.contacts.notes import add_note
from statustui.contacts.remove import delete_contacts
from statustui.tui.contact_forms import (
    FormField,
    FormScreen,
    MergeChoice,
    MergeScreen,
    NoteEditor,
    contact_fields,
)
from statustui.tui.db_threads import worker_connection
from statustui.tui.detail_screen import DetailScreen
from statustui.tui.messages import Busy, WorkEnded
from statustui.tui.prompts import AskText, Confirm

if TYPE_CHECKING:
    from statustui.services import Search, Service
    from statustui.store.paging import ContactRow
    from statustui.tui.contact_list import ContactList


class ContactActions(App[None]):
    """The app's contact actions (StatusApp builds on it): each reads the detail's contact or the selection."""

    if TYPE_CHECKING:  # what StatusApp provides
        service: Service

        @property
        def contacts(self) -> ContactList: ...

        def _target(self) -> tuple[str, Search | list[int], int] | None: ...

        def from_worker(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None: ...

    def _one_contact(self) -> ContactRow | None:
        """The detail's contact, else the highlighted row (edits are one contact at a time)."""
        if isinstance(self.screen, DetailScreen):
            return self.screen.row
        row = self.contacts.current
        if row is None:
            self.notify(
                "no contact here: the list is empty or its rows are still loading", severity="warning"
            )
        return row

    def _email_owner(self, email: str) -> str | None:
        with worker_connection(self.service.db):
            other = existing_contact(email)
            return f"{other.name or 'a contact'} (#{other.id})" if other else None

    @work(thread=True, group="contact-change")
    def run_change(self, doing: str, change: Callable[[], str], leave_detail: bool = False) -> None:
        """Run `change` (returns what to tell the person) off the UI thread; a refusal is shown, not raised."""
        self.post_message(Busy(doing))
        try:
            with worker_connection(self.service.db):
                message = change()
        except Exception as e:  # refused (a named ServiceError) or the database busy: said, never a crash
            self.post_message(WorkEnded(str(e), "error"))
            return
        finally:
            self.post_message(Busy(None))
        if leave_detail:  # its contact is gone
            self.from_worker(self._leave_detail)
        self.post_message(WorkEnded(message, changed=True))

    def _leave_detail(self) -> None:
        if isinstance(self.screen, DetailScreen):
            self.pop_screen()

    # -- add and edit ------------------------------------------------------------------------------------
    def action_new_contact(self) -> None:
        statuses = self.service.config.status_names
        fields = contact_fields(None, statuses)

        def entered(values: dict[str, str] | None) -> None:
            if values is None:
                return
            tags = [t for t in values.pop("tags", "").replace(";", ",").split(",") if t.strip()]
            new = NewContact(
                email=values["email"],
                name=values["name"],
                phone=values["phone"],
                company=values["company"],
                source=values["source"],
                status=values["status"],
                tags=tags,
            )

            def change() -> str:
                add_contact(self.service, new)
                return f"added {new.email.strip().lower()} · u undoes"

            self.run_change("adding a contact…", change)

        self.push_screen(FormScreen("New contact", fields, self._email_owner), entered)

    def action_edit_contact(self) -> None:
        row = self._one_contact()
        if row is None:
            return

        def entered(values: dict[str, str] | None) -> None:
            if values is None:
                return

            def change() -> str:
                done = edit_contact(self.service, row.id, Edit(sets=values))
                return (
                    f"{len(done)} change{'s' * (len(done) != 1)} saved · u undoes"
                    if done
                    else "nothing changed"
                )

            self.run_change("saving…", change)

        form = FormScreen(
            f"Edit {row.email}", contact_fields(row), self._email_owner, own_email=row.email or ""
        )
        self.push_screen(form, entered)

    def action_edit_tags(self) -> None:
        row = self._one_contact()
        if row is None:
            return

        def entered(text: str | None) -> None:
            words = (text or "").replace(",", " ").split()
            add = [w.lstrip("+") for w in words if not w.startswith("-")]
            remove = [w[1:] for w in words if w.startswith("-") and len(w) > 1]
            if not (add or remove):
                return

            def change() -> str:
                done = edit_contact(self.service, row.id, Edit(add_tags=add, remove_tags=remove))
                return (
                    f"tags: {len(done)} change{'s' * (len(done) != 1)} · u undoes"
                    if done
                    else "tags unchanged"
                )

            self.run_change("saving tags…", change)

        question = f"Tags of {row.email} (now: {', '.join(row.tags) or 'none'}): vip adds, -cold removes"
        self.push_screen(AskText(question), entered)

    # -- notes and activity -------------------------------------------------------------------------------
    def action_add_note(self) -> None:
        row = self._one_contact()
        if row is None:
            return

        def written(text: str | None) -> None:
            if not text:
                return

            def change() -> str:
                add_note(self.service, row.id, text, current_actor())
                return f"note saved on {row.email}"

            self.run_change("saving the note…", change)

        self.push_screen(NoteEditor(f"Note on {row.email}"), written)

    def action_log_activity(self) -> None:
        row = self._one_contact()
        if row is None:
            return
        vocab = self.service.config.vocabulary
        fields = [
            FormField("kind", "Kind (call, meeting, reply...)", "call", vocab.kinds, required=True),
            FormField("channel", "Channel (phone, email, sms...)", "phone", vocab.channels),
            FormField("text", "Outcome (optional)"),
        ]

        def entered(values: dict[str, str] | None) -> None:
            if values is None:
                return

            def change() -> str:
                log_activity(self.service, row.id, values["kind"], values["channel"] or None, values["text"])
                return f"logged {values['kind']} with {row.email} · u undoes"

            self.run_change("logging…", change)

        self.push_screen(FormScreen(f"Log an activity with {row.email}", fields), entered)

    # -- delete and merge ---------------------------------------------------------------------------------
    def action_delete_contacts(self) -> None:
        target = self._target()
        if target is None:
            self.notify("no contact to delete", severity="warning")
            return
        label, ids, count = target

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def change() -> str:
                id_list = self.service.search_ids(ids) if not isinstance(ids, list) else ids
                n = delete_contacts(self.service, id_list, f"delete {label}")
                return f"deleted {n:,} contact{'s' * (n != 1)} · u undoes"

            self.run_change(f"deleting {label}…", change, leave_detail=True)

        self.push_screen(
            Confirm(f"Delete {label} ({count:,} contact{'s' * (count != 1)})? u undoes it"), confirmed
        )

    def action_merge_contacts(self) -> None:
        ids = sorted(self.contacts.selection.ids)
        if len(ids) < 2:
            self.notify("select two or more contacts (space) to merge them", severity="warning")
            return
        self.open_merge(ids)

    @work(thread=True, exclusive=True, group="merge-read")
    def open_merge(self, ids: list[int]) -> None:
        with worker_connection(self.service.db):
            rows = self.service.contacts_by_id(ids)
        self.from_worker(self.push_screen, MergeScreen(rows), self._merge_chosen)

    def _merge_chosen(self, choice: MergeChoice | None) -> None:
        if choice is None:
            return
        n = len(choice.other_ids) + 1
        self.run_change(
            f"merging {n} contacts…",
            lambda: (
                merge_contacts(self.service, choice.keep_id, choice.other_ids, values=choice.values).summary()
                + " · u undoes"
            ),
        )
