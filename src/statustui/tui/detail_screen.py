"""A contact's detail (enter on a row): fields, tags, Smart Score, the timeline, the rule explanation.

The screen opens at once with the row the list already has and a loading indicator; a worker reads the rest
(fields, engagements, history, the rules' explanation) and posts it back as one `Loaded` message. Escape
leaves at once: a result for a closed screen is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from statustui.contacts.timeline import TimelineEntry, timeline
from statustui.services import HistoryEntry, Service, actor_label
from statustui.store.paging import ContactRow
from statustui.timeutil import format_instant, format_relative
from statustui.tui.db_threads import closes_connection
from statustui.tui.key_footer import KeyFooter
from statustui.tui.text import DOT, color_of, plain, plain_lines

# Explains, for one contact id, which rules apply and why (None while the rules engine offers none).
Explainer = Callable[[int], str]


@dataclass
class ContactDetail:
    """What the worker read for one contact (None explanation: no rules engine; a string: why it failed)."""

    row: ContactRow
    fields: dict[str, str]
    engagements: list[dict[str, Any]]
    history: list[HistoryEntry]
    notes_and_edits: list[TimelineEntry]
    explanation: str | None


class DetailScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", tooltip="back to the list", id="detail-back"),
        Binding(
            "s", "app.set_status", "Set status", tooltip="set this contact's status", id="detail-set-status"
        ),
        Binding("u", "app.undo", "Undo", tooltip="undo your last change", id="detail-undo"),
        Binding(
            "e",
            "app.edit_contact",
            "Edit",
            tooltip="edit name, email, phone, company, source",
            id="detail-edit",
        ),
        Binding("t", "app.edit_tags", "Tags", tooltip="add or remove tags (+tag -tag)", id="detail-tags"),
        Binding("n", "app.add_note", "Note", tooltip="write a note on this contact", id="detail-note"),
        Binding("l", "app.log_activity", "Log", tooltip="log a call, meeting, email or SMS", id="detail-log"),
        Binding(
            "delete",
            "app.delete_contacts",
            "Delete",
            tooltip="delete this contact (asks; u undoes)",
            id="detail-delete",
        ),
    ]

    def __init__(
        self,
        service: Service,
        row: ContactRow,
        explain: Explainer | None = None,
        top_score: int | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.row = row
        self.explain = explain
        self.top_score = top_score  # the app's TOP threshold, so the badge agrees with the list

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(id="detail-fields")
            yield Static("Timeline", classes="section-title")
            yield Static(id="detail-timeline")
            yield Static("Rules", classes="section-title", id="explain-title")
            yield Static(id="detail-explain")
        yield KeyFooter()

    class Loaded(Message):
        def __init__(self, detail: ContactDetail) -> None:
            super().__init__()
            self.detail = detail

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def on_mount(self) -> None:
        self.query_one("#detail-fields", Static).update(self._fields({}))
        self.query_one("#explain-title").display = False
        self.refresh_contact()
        self.query_one("#detail").focus()  # the arrow keys scroll a long timeline

    def refresh_contact(self) -> None:
        """Read the contact again (after a status change): the screen shows a loading indicator meanwhile."""
        self.query_one("#detail-timeline").loading = True
        self.read_detail(self.row.id)

    @work(thread=True, exclusive=True, group="detail")
    @closes_connection
    def read_detail(self, contact_id: int) -> None:
        try:
            rows = self.service.contacts_by_id([contact_id])
            if not rows:
                self.post_message(self.Failed("this contact no longer exists"))
                return
            fields = self.service.custom_fields(contact_id)
            engagements = self.service.engagements(contact_id)
            history = self.service.history(contact_id)
            others = [e for e in timeline(contact_id, actor_label) if e.kind != "status"]
        except Exception as e:  # the database busy or gone: said on the screen
            self.post_message(self.Failed(f"could not read this contact: {e}"))
            return
        explanation = None
        if self.explain is not None:
            try:
                explanation = self.explain(contact_id)
            except Exception as e:  # the explanation is a help, never a reason to fail the screen
                explanation = f"could not explain: {e}"
        self.post_message(
            self.Loaded(ContactDetail(rows[0], fields, engagements, history, others, explanation))
        )

    def on_detail_screen_loaded(self, event: Loaded) -> None:
        detail = event.detail
        self.row = detail.row
        self.query_one("#detail-fields", Static).update(self._fields(detail.fields))
        timeline = self.query_one("#detail-timeline", Static)
        timeline.update(self._timeline(detail))
        timeline.loading = False
        self.query_one("#explain-title").display = detail.explanation is not None
        self.query_one("#detail-explain", Static).update(plain_lines(detail.explanation or ""))

    def on_detail_screen_failed(self, event: Failed) -> None:
        timeline = self.query_one("#detail-timeline", Static)
        timeline.update(plain_lines(event.error, style="#e5484d"))
        timeline.loading = False

    def _fields(self, custom: dict[str, str]) -> Text:
        row, cfg = self.row, self.service.config
        status = cfg.status(row.status)
        color = color_of(status.color) if status else ""
        text = Text()
        text.append(f"{DOT} ", style=color)
        text.append_text(plain(row.name or "(no name)", style="bold"))
        text.append("\n")
        top = self.top_score
        badge = f"  TOP {cfg.top_percent}%" if top is not None and row.score >= top else ""
        now = self.service.now()
        pairs: list[tuple[str, Any]] = [
            ("Status", f"{row.status}{' (set by hand)' if row.status_manual else ''}"),
            ("Smart Score", f"{row.score}{badge}"),
            ("Email", row.email),
            ("Phone", row.phone),
            ("Company", row.company),
            ("Source", row.source),
            ("Created", format_instant(row.created_at, cfg.tz)),
            ("Last engaged", format_relative(row.last_engaged_at, now)),
            ("Unsubscribed", "yes" if row.unsubscribed else "no"),
            ("Tags", ", ".join(row.tags) or "-"),
        ]
        pairs += [(f"field.{name}", value) for name, value in custom.items()]
        for label, value in pairs:
            text.append(f"{label:>14}  ", style="dim")
            text.append_text(plain(value if value not in (None, "") else "-"))
            text.append("\n")
        text.rstrip()
        return text

    def _timeline(self, detail: ContactDetail) -> Text:
        tz = self.service.config.tz
        events: list[tuple[int, int, Text]] = []
        for e in detail.engagements:
            line = Text("engaged ", style="#00a2c7")
            words = " ".join(clean for clean in (e["channel"], e["kind"], e["value"]) if clean)
            line.append_text(plain(words))
            if e["text"]:
                line.append(" ")
                line.append_text(plain(f"“{e['text']}”", style="italic"))
            events.append((e["occurred_at"], 0, line))
        for h in detail.history:
            events.append((h.at, 1, self._history_line(h)))
        for entry in detail.notes_and_edits:
            line = Text("note " if entry.kind == "note" else "edit ", style="#8e4ec6")
            line.append_text(
                plain(" / ".join(entry.text.splitlines()), style="italic" if entry.kind == "note" else "")
            )
            line.append("  by ", style="dim")
            line.append_text(plain(entry.by))
            events.append((entry.at, 2, line))
        if not events:
            return Text("nothing yet", style="dim")
        events.sort(key=lambda t: (t[0], t[1]), reverse=True)
        text = Text()
        for at, _, line in events:
            text.append(f"{format_instant(at, tz)}  ", style="dim")
            text.append_text(line)
            text.append("\n")
        text.rstrip()
        return text

    def _history_line(self, h: HistoryEntry) -> Text:
        line = Text("status ", style="#d6409f")
        for name, arrow in ((h.old_status, " → "), (h.new_status, "")):
            if name is None:
                continue
            status = self.service.config.status(name)
            line.append_text(plain(name, style=color_of(status.color) if status else ""))
            line.append(arrow)
        line.append("  by ", style="dim")
        line.append_text(plain(h.actor_label))
        return line
