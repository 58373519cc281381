"""Editing a contact (`statustui contact edit`, keys in the app's detail screen): its own columns, custom
fields and tags. Each edit is a batch with journal entries (who, when, field, old and new value): the
timeline shows them and `undo` reverts them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from statustui.changes import journal, open_batch
from statustui.changes.journal import EDITABLE_COLUMNS as COLUMNS
from statustui.config import name_key
from statustui.contacts.fields import (
    FieldError,
    check_email,
    check_text,
    custom_field_key,
    to_number,
)
from statustui.errors import ServiceError
from statustui.store.db import with_retry
from statustui.store.models import Contact, ContactField, ContactTag
from statustui.store.rows import tuples
from statustui.suggest import did_you_mean

if TYPE_CHECKING:
    from statustui.services import Service


@dataclass
class Edit:
    sets: dict[str, str] = field(
        default_factory=dict
    )  # FIELD -> VALUE ('' clears); FIELD: a column or field.NAME
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Changed:
    field: str  # "name", "field.city", "tag"
    old: str | None
    new: str | None


def _checked(edit: Edit) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """(column -> new value, custom field key -> new value), every value checked; FieldError otherwise."""
    columns: dict[str, str | None] = {}
    fields: dict[str, str | None] = {}
    for raw_key, value in edit.sets.items():
        key = raw_key.strip().lower()
        if key.startswith("field."):
            fields[custom_field_key(key)] = check_text(raw_key, value)
        elif key == "email":
            columns["email"] = check_email(value)
        elif key in COLUMNS:
            columns[key] = check_text(key, value)
        else:
            allowed = [*COLUMNS, "field.NAME"]
            raise FieldError(
                f"unknown field {raw_key!r}{did_you_mean(key, COLUMNS)}; fields: {', '.join(allowed)}"
            )
    return columns, fields


def edit_contact(service: Service, contact_id: int, edit: Edit) -> list[Changed]:
    """Apply `edit` in one transaction; returns what actually changed (nothing written when nothing did)."""
    try:
        columns, fields = _checked(edit)
        add = {name_key(t) for t in edit.add_tags if t.strip()}
        remove = {name_key(t) for t in edit.remove_tags if t.strip()}
    except FieldError as e:
        raise ServiceError(str(e)) from None
    if add & remove:
        raise ServiceError(f"tag {sorted(add & remove)[0]!r} is both added and removed; pick one")
    db = service.db
    now = service.now()

    def work() -> list[Changed]:
        contact = Contact.get_or_none(Contact.id == contact_id)
        if contact is None:
            raise ServiceError(f"contact #{contact_id} no longer exists")
        if "email" in columns and columns["email"] != contact.email:
            other = Contact.get_or_none(Contact.email == columns["email"])
            if other is not None:
                raise ServiceError(
                    f"{columns['email']} is already the email of {other.name or 'another contact'}"
                )
        changes: list[Changed] = []
        entries: list[journal.Entry] = []
        updates: dict[Any, Any] = {}
        for column, new in columns.items():
            stored = (new or "") if column == "name" else new  # a contact without a name has ''
            old = getattr(contact, column)
            if stored != old:
                changes.append(Changed(column, old or None, new))
                entries.append(journal.Entry(contact_id, journal.COLUMN, column, old, stored))
                updates[getattr(Contact, column)] = stored
        mine = ContactField.contact == contact_id
        rows = tuples(
            ContactField.select(ContactField.name, ContactField.value, ContactField.number).where(mine)
        )
        current: dict[str, str] = {}
        numbers: dict[str, float | None] = {}
        for name, value, number in rows:
            current[name], numbers[name] = value, number
        for key, new in fields.items():
            old = current.get(key)
            if new != old:
                changes.append(Changed(f"field.{key}", old, new))
                entries.append(journal.Entry(contact_id, journal.FIELD, key, old, new, numbers.get(key)))
        tags = {
            t for (t,) in tuples(ContactTag.select(ContactTag.tag).where(ContactTag.contact == contact_id))
        }
        added = sorted(add - tags)
        removed = sorted(remove & tags)
        for tag in added:
            changes.append(Changed("tag", None, tag))
            entries.append(journal.Entry(contact_id, journal.TAG, tag, None, journal.PRESENT))
        for tag in removed:
            changes.append(Changed("tag", tag, None))
            entries.append(journal.Entry(contact_id, journal.TAG, tag, journal.PRESENT, None))
        if not changes:
            return []
        batch_id = open_batch(db, "edit", f"edit {contact.email}", now)
        journal.record(db, batch_id, entries)
        if updates:
            Contact.update(updates).where(Contact.id == contact_id).execute()
        for key, new in fields.items():
            if new == current.get(key):
                continue
            ContactField.delete().where(
                (ContactField.contact == contact_id) & (ContactField.name == key)
            ).execute()
            if new is not None:
                ContactField.insert(contact=contact_id, name=key, value=new, number=to_number(new)).execute()
        if added:
            ContactTag.insert_many(
                [(contact_id, t) for t in added], fields=[ContactTag.contact, ContactTag.tag]
            ).execute()
        if removed:
            ContactTag.delete().where(
                (ContactTag.contact == contact_id) & ContactTag.tag.in_(removed)
            ).execute()
        return changes

    return with_retry(db, work, "edit")
