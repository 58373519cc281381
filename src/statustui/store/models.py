"""The peewee models: contacts, their tags and custom fields, engagements, status history, batches.

Times are whole seconds since the Unix epoch (UTC) in BIGINT columns: the same comparisons, sorting and
arithmetic on SQLite and PostgreSQL, and fast to bulk-load. `last_engaged_at = 0` means never engaged, so
ordering and keyset paging need no NULL rules (SQLite and PostgreSQL sort NULLs differently).
Empty text fields are stored as NULL; the language treats NULL and '' alike.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CompositeKey,
    DatabaseProxy,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Contact(BaseModel):
    id = AutoField()
    name = TextField(default="")
    email = TextField(null=True, unique=True)  # lower case; identifies a contact on import
    phone = TextField(null=True)
    company = TextField(null=True)
    source = TextField(null=True)
    status = TextField()  # the status's configured name, e.g. "New Lead"
    status_manual = BooleanField(default=False)  # a person set the current status
    status_changed_at = BigIntegerField()
    created_at = BigIntegerField()
    score = IntegerField(default=0)  # Smart Score: engagement points + status points + score_bonus
    score_bonus = IntegerField(default=0)  # points added by rules (`add score N`)
    unsubscribed = BooleanField(default=False)
    last_engaged_at = BigIntegerField(default=0)  # 0: never engaged
    engagement_count = IntegerField(default=0)
    follow_up = BigIntegerField(null=True)  # its own follow-up goal in seconds; None: its status's
    # The batch that created it (an import, an add): undo of that batch deletes it. One column instead of a
    # journal row per contact, so a million-row import writes no million-row journal.
    created_batch_id = BigIntegerField(null=True)

    class Meta:
        indexes = (
            (("status",), False),
            (("last_engaged_at", "id"), False),
            (("score", "id"), False),
            (("created_at",), False),
            (("status_changed_at",), False),
            (("created_batch_id",), False),
        )


class ContactTag(BaseModel):
    contact = ForeignKeyField(Contact, backref="tag_rows", on_delete="CASCADE", column_name="contact_id")
    tag = TextField()  # the tag's key: lower case

    class Meta:
        primary_key = CompositeKey("contact", "tag")
        indexes = ((("tag", "contact"), False),)


class ContactField(BaseModel):
    """A custom field (`field.NAME`): text as given, and its number when it reads as one."""

    contact = ForeignKeyField(Contact, backref="field_rows", on_delete="CASCADE", column_name="contact_id")
    name = TextField()  # lower case
    value = TextField()
    number = FloatField(null=True)

    class Meta:
        primary_key = CompositeKey("contact", "name")
        indexes = ((("name", "number"), False), (("name", "value"), False))


class Engagement(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(
        Contact, backref="engagements", on_delete="CASCADE", column_name="contact_id", index=False
    )
    channel = TextField(null=True)  # absent where none fits, e.g. a transaction
    kind = TextField()
    occurred_at = BigIntegerField()
    value = TextField(null=True)  # a stage's name, a reply's intent label, a transaction's state
    text = TextField(null=True)
    external_id = TextField(null=True)  # its id in the system it was imported from: imported once
    batch_id = BigIntegerField(null=True)  # the batch that added it: undo deletes it

    class Meta:
        indexes = (
            (("batch_id",), False),
            (("contact", "occurred_at"), False),
            (("channel", "occurred_at", "contact"), False),
            (("kind", "occurred_at", "contact"), False),
        )


# Unique among the engagements that have one; a partial index, so the many without one cost no index entry.
Engagement.add_index(
    Engagement.index(Engagement.external_id, unique=True, where=Engagement.external_id.is_null(False))
)


class Batch(BaseModel):
    """One command that changed data (a set-status, an import, a rules run, an edit), for undo: its status
    history rows, the rows it created or added (`created_batch_id`, `engagement.batch_id`), and its journal."""

    id = AutoField()
    kind = TextField()  # set-status, import, rules, merge, undo, ...
    at = BigIntegerField()
    description = TextField(default="")
    undone_by = IntegerField(null=True)  # the undo batch's id
    actor = TextField(null=True)  # the person who ran it (changes.batches.current_actor); `undo` takes theirs


class StatusChange(BaseModel):
    """The status history: append-only; undo writes new rows."""

    id = AutoField()
    contact = ForeignKeyField(
        Contact, backref="status_changes", on_delete="CASCADE", column_name="contact_id", index=False
    )
    at = BigIntegerField()
    old_status = TextField(null=True)  # NULL for the first status a contact gets
    new_status = TextField()
    actor = TextField()  # person, rule, import, api, default
    actor_name = TextField(null=True)  # the rule's name for actor = rule
    manual = BooleanField(default=False)  # the new status counts as set by a person
    old_manual = BooleanField(null=True)  # what undo restores
    old_unsubscribed = BooleanField(null=True)
    old_changed_at = BigIntegerField(null=True)  # the contact's status_changed_at before: undo restores it
    batch = ForeignKeyField(Batch, null=True, column_name="batch_id", on_delete="SET NULL", index=False)
    engagement_id = BigIntegerField(null=True)  # the engagement that triggered the change (a rule's)

    class Meta:
        table_name = "status_history"
        indexes = (
            (("contact", "at"), False),
            (("at",), False),
            (("batch",), False),
        )


class RuleSkip(BaseModel):
    """A status change a rule did not make because a person set the status (no `override manual`): the
    latest per contact and rule, for `statustui rules explain`."""

    contact_id = IntegerField()
    rule = TextField()
    at = BigIntegerField()
    status = TextField()  # the status the rule would have set

    class Meta:
        table_name = "rule_skip"
        primary_key = CompositeKey("contact_id", "rule")


class Note(BaseModel):
    """A note a person wrote on a contact: free text, shown in the timeline, searched with `note ~`."""

    id = AutoField()
    contact = ForeignKeyField(
        Contact, backref="notes", on_delete="CASCADE", column_name="contact_id", index=False
    )
    at = BigIntegerField()
    author = TextField(default="")
    text = TextField()

    class Meta:
        indexes = ((("contact", "at"), False),)


class JournalEntry(BaseModel):
    """What a batch changed besides statuses, for its undo (changes.journal): a custom field, a tag, the
    unsubscribe flag or the rule bonus of one contact, old value -> new value (NULL: absent)."""

    id = AutoField()
    batch_id = BigIntegerField()
    contact_id = BigIntegerField()
    kind = TextField()  # field, tag, unsubscribed, score_bonus
    name = TextField(default="")  # the field's or tag's key
    old_value = TextField(null=True)
    new_value = TextField(null=True)
    old_number = FloatField(null=True)  # a field's old number, as contact_field.number

    class Meta:
        table_name = "journal"
        indexes = ((("batch_id", "kind"), False),)


def _trash_of(model: type[BaseModel]) -> type[BaseModel]:
    """`trash_TABLE`: the same columns without keys or constraints, plus the deleting batch's id. A deleted
    contact's rows wait here, so that undo of its deletion puts them back exactly (same ids)."""
    attrs: dict[str, object] = {}
    for f in model._meta.sorted_fields:
        plain = BigIntegerField if isinstance(f, AutoField | ForeignKeyField) else type(f)
        attrs[f.name] = plain(null=True, column_name=f.column_name)
    attrs["trash_batch_id"] = BigIntegerField(index=True)
    attrs["Meta"] = type("Meta", (), {"table_name": f"trash_{model._meta.table_name}", "primary_key": False})
    return type(f"Trash{model.__name__}", (BaseModel,), attrs)


# In the order their rows are put back (a contact before what refers to it).
TRASH: dict[type[BaseModel], type[BaseModel]] = {
    m: _trash_of(m) for m in (Contact, ContactTag, ContactField, Engagement, StatusChange, Note)
}


class PendingEngagement(BaseModel):
    """An engagement stored while the rule files had errors (`import events --without-rules`): the engagement
    rules have not seen it yet; `statustui rules run --pending` applies them and removes the row."""

    engagement_id = BigIntegerField(primary_key=True)

    class Meta:
        table_name = "pending_engagement"


class Meta(BaseModel):
    key = TextField(primary_key=True)
    value = TextField()


ALL_MODELS: list[type[BaseModel]] = [
    Contact,
    ContactTag,
    ContactField,
    Engagement,
    Batch,
    StatusChange,
    RuleSkip,
    Note,
    JournalEntry,
    *TRASH.values(),
    PendingEngagement,
    Meta,
]
