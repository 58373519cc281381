"""Adding one contact by hand (`statustui contact add`, `n` in the app): checked, then created with its first
history row, tags and custom fields in one transaction, and the `on create` rules run as for an import."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from statustui.changes import open_batch, write_first_statuses
from statustui.config import name_key
from statustui.contacts.fields import FieldError, check_email, check_text, custom_field_key, to_number
from statustui.errors import ServiceError
from statustui.store.db import with_retry
from statustui.store.models import Contact, ContactField, ContactTag

if TYPE_CHECKING:
    from statustui.services import Service


@dataclass
class NewContact:
    email: str
    name: str = ""
    phone: str = ""
    company: str = ""
    source: str = ""
    status: str = ""  # empty: the workspace's default status
    tags: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # custom fields, by name


def existing_contact(email: str) -> Contact | None:
    return Contact.get_or_none(Contact.email == email)


def add_contact(service: Service, new: NewContact) -> int:
    """Create the contact; returns its id. Raises ServiceError (nothing written) for bad input."""
    try:
        email = check_email(new.email)
        values = {c: check_text(c, getattr(new, c)) for c in ("name", "phone", "company", "source")}
        fields = {custom_field_key(k): check_text(f"field.{k}", v) for k, v in new.fields.items()}
        tags = sorted({name_key(t) for t in new.tags if t.strip()})
    except FieldError as e:
        raise ServiceError(str(e)) from None
    status = (
        service.resolve_status(new.status, for_person=True) if new.status else service.config.default_status
    )
    other = existing_contact(email)
    if other is not None:
        raise ServiceError(
            f"{email} is already the email of {other.name or 'a contact'} (#{other.id}); "
            f"see it with: statustui history {email}"
        )
    db = service.db
    now = service.now()
    points = service.config.score.status_points.get(status.key, 0)

    def work() -> int:
        batch_id = open_batch(db, "add", f"add contact {email}", now)
        contact = Contact.create(
            email=email,
            name=values["name"] or "",
            phone=values["phone"],
            company=values["company"],
            source=values["source"],
            status=status.name,
            status_manual=bool(new.status),
            status_changed_at=now,
            created_at=now,
            score=points,
            unsubscribed=status.unsubscribes,
            created_batch_id=batch_id,
        )
        p = db.param
        write_first_statuses(
            db, p, f'FROM "contact" c WHERE c.id = {p}', ("person" if new.status else "default", contact.id)
        )
        if tags:
            ContactTag.insert_many(
                [(contact.id, t) for t in tags], fields=[ContactTag.contact, ContactTag.tag]
            ).execute()
        kept = [(contact.id, k, v, to_number(v)) for k, v in fields.items() if v is not None]
        if kept:
            ContactField.insert_many(
                kept,
                fields=[ContactField.contact, ContactField.name, ContactField.value, ContactField.number],
            ).execute()
        service._after_create([contact.id], batch_id)
        return int(contact.id)

    return with_retry(db, work, "add contact")
