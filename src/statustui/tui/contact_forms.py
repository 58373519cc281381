"""Forms for working on contacts: add or edit one (checked as you type), write a note, log an activity, and
pick what a merge keeps. Each returns what the person entered; the screen that opened it does the work in a
worker, so no form waits for the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Static, TextArea

from statustui.contacts.fields import FieldError, check_email
from statustui.store.paging import ContactRow
from statustui.tui.text import plain

# Looks up who has an email (None: nobody), run in a worker thread.
EmailOwner = Callable[[str], str | None]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    value: str = ""
    suggestions: Sequence[str] = ()
    required: bool = False


class FormScreen(ModalScreen[dict[str, str] | None]):
    """A column of labelled inputs; Enter or ctrl+s saves, Escape cancels. An `email` field is checked as you
    type: its shape at once, and (with `email_owner`) whether another contact already has it."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+s", "save", "Save", id="form-save"),
    ]

    class EmailChecked(Message):
        def __init__(self, email: str, owner: str | None) -> None:
            super().__init__()
            self.email = email
            self.owner = owner

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        email_owner: EmailOwner | None = None,
        own_email: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.email_owner = email_owner
        self.own_email = own_email  # editing: the contact's own email is not "taken"
        self.email_problem: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label(plain(self.title_text), classes="dialog-question")
            for f in self.fields:
                yield Label(f.label + (" *" if f.required else ""), classes="form-label")
                suggester = SuggestFromList(f.suggestions, case_sensitive=False) if f.suggestions else None
                yield Input(value=f.value, id=f"field-{f.name}", suggester=suggester)
            yield Static(id="form-problem")
            yield Label("enter or ctrl+s saves · escape cancels", classes="form-hint")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        return {f.name: self.query_one(f"#field-{f.name}", Input).value for f in self.fields}

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "field-email":
            return
        text = event.value.strip()
        try:
            email = check_email(text)
        except FieldError as e:
            self._problem(str(e) if text else None)
            return
        self._problem(None)
        if self.email_owner is not None and email != self.own_email:
            self.check_owner(email)

    @work(thread=True, exclusive=True, group="form-email")
    def check_owner(self, email: str) -> None:
        assert self.email_owner is not None
        self.post_message(self.EmailChecked(email, self.email_owner(email)))

    def on_form_screen_email_checked(self, event: EmailChecked) -> None:
        current = self.query_one("#field-email", Input).value.strip().lower()
        if event.owner and event.email == current:
            self._problem(f"{event.email} is already the email of {event.owner}")

    def _problem(self, text: str | None) -> None:
        self.email_problem = text
        self.query_one("#form-problem", Static).update(plain(text or "", style="#e5484d"))

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        values = self.values()
        missing = [f.label for f in self.fields if f.required and not values[f.name].strip()]
        if missing:
            self.query_one("#form-problem", Static).update(
                plain(f"{missing[0]} is required", style="#e5484d")
            )
            return
        if self.email_problem:
            self.query_one("#field-email", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteEditor(ModalScreen[str | None]):
    """A multi-line note: ctrl+s saves, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note-cancel"),
        Binding("ctrl+s", "save", "Save", id="note-save"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(plain(self.title_text), classes="dialog-question")
            yield TextArea(id="note-text")
            yield Label("ctrl+s saves · escape cancels", classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one("#note-text", TextArea).text.strip()
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


MERGE_FIELDS = ("name", "email", "phone", "company", "source", "status")


@dataclass(frozen=True)
class MergeChoice:
    keep_id: int
    other_ids: list[int]
    values: dict[str, str]  # field -> the value the merged contact gets (only where the kept one differs)


class MergeScreen(ModalScreen[MergeChoice | None]):
    """The contacts side by side, one column each: `k` keeps the column under the cursor (the others merge
    into it), enter takes the value under the cursor for its field, ctrl+s merges, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="merge-cancel"),
        Binding("k", "keep", "Keep this contact", id="merge-keep"),
        Binding("ctrl+s", "merge", "Merge", id="merge-do"),
    ]

    def __init__(self, rows: Sequence[ContactRow]) -> None:
        super().__init__()
        self.rows = list(rows)
        self.keep = 0  # the column kept: the first (oldest) by default
        self.picked: dict[str, int] = {}  # field -> the column whose value it takes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog merge"):
            yield Label(
                f"Merge {len(self.rows)} contacts: k keeps a column, enter takes a value, ctrl+s merges",
                classes="dialog-question",
            )
            yield DataTable(id="merge-table", cursor_type="cell", zebra_stripes=True)

    def on_mount(self) -> None:
        self._draw()
        self.query_one(DataTable).focus()

    def _value(self, row: ContactRow, name: str) -> str:
        return str(getattr(row, name) or "")

    def _draw(self) -> None:
        table = self.query_one(DataTable)
        coordinate = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("")
        for i, row in enumerate(self.rows):
            table.add_column(("KEEP " if i == self.keep else "") + (row.email or f"#{row.id}"))
        for name in MERGE_FIELDS:
            chosen = self.picked.get(name, self.keep)
            cells = [
                ("✓ " if i == chosen and len({self._value(r, name) for r in self.rows}) > 1 else "")
                + self._value(row, name)
                for i, row in enumerate(self.rows)
            ]
            table.add_row(name, *cells)
        table.cursor_coordinate = coordinate

    def action_keep(self) -> None:
        column = self.query_one(DataTable).cursor_coordinate.column - 1
        if 0 <= column < len(self.rows):
            self.keep = column
            self.picked = {k: v for k, v in self.picked.items() if k != "email"}
            self._draw()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        row, column = event.coordinate.row, event.coordinate.column - 1
        name = MERGE_FIELDS[row]
        if 0 <= column < len(self.rows) and name != "email":  # the kept contact's email identifies it
            self.picked[name] = column
            self._draw()

    def action_merge(self) -> None:
        kept = self.rows[self.keep]
        values = {
            name: self._value(self.rows[column], name)
            for name, column in self.picked.items()
            if self._value(self.rows[column], name) != self._value(kept, name)
        }
        others = [r.id for i, r in enumerate(self.rows) if i != self.keep]
        self.dismiss(MergeChoice(kept.id, others, values))

    def action_cancel(self) -> None:
        self.dismiss(None)


def contact_fields(
    row: ContactRow | None, statuses: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[FormField]:
    """The add form (no row: with status and tags) or the edit form (a row's values)."""
    value = (lambda name: str(getattr(row, name) or "")) if row else (lambda _name: "")
    fields = [
        FormField("name", "Name", value("name")),
        FormField("email", "Email", value("email"), required=True),
        FormField("phone", "Phone", value("phone")),
        FormField("company", "Company", value("company")),
        FormField("source", "Source", value("source")),
    ]
    if row is None:
        fields.append(FormField("status", "Status (empty: the default)", "", statuses))
        fields.append(FormField("tags", "Tags (comma-separated)", "", tags))
    return fields
