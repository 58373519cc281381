"""A contact's timeline: status changes, edits (from the journal) and notes, oldest first, each with who and
when; `statustui history` prints it and the app's detail screen shows it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from statustui.changes import journal
from statustui.store.models import Batch, JournalEntry, Note, StatusChange
from statustui.store.rows import tuples

EDIT_KINDS = (journal.COLUMN, journal.FIELD, journal.TAG)
# Batches whose journal entries are a person's edits (an import's or a rule's changes are not shown as edits).
EDIT_BATCHES = ("edit", "merge")


@dataclass(frozen=True)
class TimelineEntry:
    at: int
    kind: str  # status, edit, note
    text: str  # "NEW -> HOT", "company: Globex -> Initech", the note
    by: str  # "you (ana)", "rule 'Cool off'", "import", a person's name


def _value(value: str | None) -> str:
    return value if value else "(empty)"


def _edit_text(kind: str, name: str, old: str | None, new: str | None) -> str:
    if kind == journal.TAG:
        return f"tag {name} {'added' if new else 'removed'}"
    label = f"field.{name}" if kind == journal.FIELD else name
    return f"{label}: {_value(old)} -> {_value(new)}"


def timeline(contact_id: int, actor_label: Callable[[str, str | None], str]) -> list[TimelineEntry]:
    """`actor_label` says a status change's actor as a person reads it (\"rule 'Cool off'\")."""
    entries: list[TimelineEntry] = []
    history = (
        StatusChange.select(
            StatusChange.at,
            StatusChange.old_status,
            StatusChange.new_status,
            StatusChange.actor,
            StatusChange.actor_name,
        )
        .where(StatusChange.contact == contact_id)
        .order_by(StatusChange.at, StatusChange.id)
    )
    for at, old, new, actor, actor_name in tuples(history):
        text = f"{old} -> {new}" if old else f"started as {new}"
        entries.append(TimelineEntry(at, "status", text, actor_label(actor, actor_name)))
    edits = (
        JournalEntry.select(
            Batch.at,
            Batch.actor,
            JournalEntry.kind,
            JournalEntry.name,
            JournalEntry.old_value,
            JournalEntry.new_value,
        )
        .join(Batch, on=(Batch.id == JournalEntry.batch_id))
        .where(
            (JournalEntry.contact_id == contact_id)
            & JournalEntry.kind.in_(EDIT_KINDS)
            & Batch.kind.in_(EDIT_BATCHES)
        )
        .order_by(JournalEntry.id)
    )
    for at, actor, kind, name, old, new in tuples(edits):
        entries.append(TimelineEntry(at, "edit", _edit_text(kind, name, old, new), actor or "a person"))
    for at, author, text in tuples(
        Note.select(Note.at, Note.author, Note.text).where(Note.contact == contact_id)
    ):
        entries.append(TimelineEntry(at, "note", text, author or "a person"))
    return sorted(entries, key=lambda e: e.at)  # stable: same-time entries keep status, edit, note order
