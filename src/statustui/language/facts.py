"""What the in-memory evaluator knows about one contact, and loading it for many contacts in a few queries.

The rules engine loads facts per batch of events and then keeps them in memory: it appends engagements and
history rows and changes status, tags, fields and score on these objects as its rules act.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, is_dataclass
from dataclasses import fields as dataclass_fields

from peewee import SQL, Expression, Field

from statustui.language import ast
from statustui.store.models import Contact, ContactField, ContactTag, Engagement, Note, StatusChange, database

# SQLite allows 32,766 bound variables a statement; load in chunks well below that.
CHUNK = 5000


@dataclass
class EngagementFact:
    """One engagement; also what an engagement trigger's `event` looks like."""

    channel: str | None
    kind: str
    occurred_at: int
    value: str | None = None
    text: str | None = None


@dataclass
class HistoryFact:
    at: int
    old_status: str | None
    new_status: str
    actor: str
    actor_name: str | None = None


@dataclass
class FieldFact:
    """A custom field: the text as given and its number when it reads as one."""

    value: str
    number: float | None = None


@dataclass
class ContactFacts:
    id: int
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    source: str | None = None
    status: str = ""
    status_manual: bool = False
    status_changed_at: int = 0
    created_at: int = 0
    score: int = 0
    unsubscribed: bool = False
    last_engaged_at: int = 0  # 0: never engaged
    tags: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()  # the texts of its notes, oldest first
    fields: dict[str, FieldFact] = field(default_factory=dict)
    engagements: list[EngagementFact] = field(default_factory=list)
    history: list[HistoryFact] = field(default_factory=list)
    # How many engagements the contact has (the maintained column); with `engagements_loaded` False the list
    # holds only those added in memory since loading, which is enough for conditions that never look at
    # an engagement's channel, kind or time (see needs_engagements).
    engagement_count: int | None = None
    engagements_loaded: bool = True
    follow_up: int | None = None  # the contact's own follow-up goal in seconds

    @property
    def engaged_times(self) -> int:
        return len(self.engagements) if self.engagement_count is None else self.engagement_count


_COLUMNS = (
    Contact.id,
    Contact.name,
    Contact.email,
    Contact.phone,
    Contact.company,
    Contact.source,
    Contact.status,
    Contact.status_manual,
    Contact.status_changed_at,
    Contact.created_at,
    Contact.score,
    Contact.unsubscribed,
    Contact.last_engaged_at,
    Contact.engagement_count,
    Contact.follow_up,
)


def load_facts(contact_ids: Iterable[int], engagements: bool = True) -> dict[int, ContactFacts]:
    """Facts for the given contacts (unknown ids are left out): five queries per chunk of 5,000.

    `engagements=False` skips reading each contact's engagement history (most of the cost at a million
    contacts) when the conditions to decide only count engagements."""
    ids = list(dict.fromkeys(contact_ids))
    facts: dict[int, ContactFacts] = {}
    for start in range(0, len(ids), CHUNK):
        _load_chunk(ids[start : start + CHUNK], facts, engagements)
    return facts


def needs_engagements(node: object) -> bool:
    """Whether deciding `node` (an expression, or any AST) reads engagements beyond their number: a
    channel, a kind, a time frame other than the latest engagement's, or a stage reached."""
    if isinstance(node, ast.Reached):
        return True
    if isinstance(node, ast.Engaged) and not (node.latest_only or node.counts_all):
        return True
    if is_dataclass(node):
        return any(needs_engagements(getattr(node, f.name)) for f in dataclass_fields(node))
    if isinstance(node, tuple | list):
        return any(needs_engagements(item) for item in node)
    return False


def _id_in(column: Field, ids: list[int]) -> Expression:
    """`column IN (1, 2, ...)` as one literal: the ids are integers we hold, and peewee building a bound
    parameter node per id cost more than the queries themselves (5 lists of 5,000 per chunk)."""
    return Expression(column, "IN", SQL("(" + ",".join(str(int(i)) for i in ids) + ")"))


def _load_chunk(ids: list[int], facts: dict[int, ContactFacts], with_engagements: bool) -> None:
    # Raw driver rows (database.execute): peewee's per-row processing tripled the time of a big load.
    for row in database.execute(Contact.select(*_COLUMNS).where(_id_in(Contact.id, ids))):
        (
            cid,
            name,
            email,
            phone,
            company,
            source,
            status,
            manual,
            changed_at,
            created_at,
            score,
            unsub,
            last_engaged,
            count,
            follow_up,
        ) = row
        facts[cid] = ContactFacts(
            cid,
            name,
            email,
            phone,
            company,
            source,
            status,
            bool(manual),
            changed_at,
            created_at,
            score,
            bool(unsub),
            last_engaged,
            engagement_count=None if with_engagements else count,
            engagements_loaded=with_engagements,
            follow_up=follow_up,
        )
    tags: dict[int, set[str]] = {}
    for cid, tag in database.execute(
        ContactTag.select(ContactTag.contact, ContactTag.tag).where(_id_in(ContactTag.contact, ids))
    ):
        tags.setdefault(cid, set()).add(tag)
    for cid, contact_tags in tags.items():
        if cid in facts:
            facts[cid].tags = frozenset(contact_tags)
    notes: dict[int, list[str]] = {}
    for cid, text in database.execute(
        Note.select(Note.contact, Note.text).where(_id_in(Note.contact, ids)).order_by(Note.at, Note.id)
    ):
        notes.setdefault(cid, []).append(text)
    for cid, texts in notes.items():
        if cid in facts:
            facts[cid].notes = tuple(texts)
    fields = ContactField.select(
        ContactField.contact, ContactField.name, ContactField.value, ContactField.number
    )
    for cid, name, value, number in database.execute(fields.where(_id_in(ContactField.contact, ids))):
        if cid in facts:
            facts[cid].fields[name] = FieldFact(value, number)
    engagements = Engagement.select(
        Engagement.contact,
        Engagement.channel,
        Engagement.kind,
        Engagement.occurred_at,
        Engagement.value,
        Engagement.text,
    )
    # Per contact in time order, which is the (contact_id, occurred_at) index's own order: no sort.
    rows = (
        database.execute(
            engagements.where(_id_in(Engagement.contact, ids)).order_by(
                Engagement.contact, Engagement.occurred_at, Engagement.id
            )
        )
        if with_engagements
        else ()
    )
    for cid, channel, kind, at, value, text in rows:
        if cid in facts:
            facts[cid].engagements.append(EngagementFact(channel, kind, at, value, text))
    history = StatusChange.select(
        StatusChange.contact,
        StatusChange.at,
        StatusChange.old_status,
        StatusChange.new_status,
        StatusChange.actor,
        StatusChange.actor_name,
    )
    for cid, at, old, new, actor, actor_name in database.execute(
        history.where(_id_in(StatusChange.contact, ids)).order_by(
            StatusChange.contact, StatusChange.at, StatusChange.id
        )
    ):
        if cid in facts:
            facts[cid].history.append(HistoryFact(at, old, new, actor, actor_name))
