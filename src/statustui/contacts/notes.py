"""Notes on a contact: free text a person writes (what was said, how it sounded), shown in the timeline
and searchable with `note ~ "pricing"`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from statustui.contacts.fields import FieldError, check_text
from statustui.errors import ServiceError
from statustui.store.db import with_retry
from statustui.store.models import Note
from statustui.store.rows import tuples

if TYPE_CHECKING:
    from statustui.services import Service


@dataclass(frozen=True)
class NoteEntry:
    id: int
    at: int
    author: str
    text: str


def add_note(service: Service, contact_id: int, text: str, author: str) -> int:
    """Store a note (multi-line text kept as written, trimmed); returns its id."""
    try:
        body = check_text("note", text)
    except FieldError as e:
        raise ServiceError(str(e)) from None
    if body is None:
        raise ServiceError("note: the text is empty; write what you want to remember")
    now = service.now()
    return with_retry(
        service.db,
        lambda: int(Note.insert(contact=contact_id, at=now, author=author, text=body).execute()),
        "note",
    )


def notes_of(contact_id: int) -> list[NoteEntry]:
    """A contact's notes, oldest first."""
    q = (
        Note.select(Note.id, Note.at, Note.author, Note.text)
        .where(Note.contact == contact_id)
        .order_by(Note.at, Note.id)
    )
    return [NoteEntry(*row) for row in tuples(q)]
