"""The one API the app and the command line call: a workspace, its database, and everything done to them.

Nothing here knows about the screen. Every status change writes its history row in the same transaction;
changes of many contacts are set-based SQL and form a batch that `undo` can revert.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from peewee import ColumnBase, fn

from statustui.changes import (
    UndoResult,
    close_batch,
    current_actor,
    last_batch,
    new_stage,
    open_batch,
    revert,
    stage_contacts,
    write_status_changes,
)
from statustui.changes.actors import actor_label
from statustui.changes.batches import FORGET_KIND
from statustui.config import StatusDef, WorkspaceConfig
from statustui.errors import ServiceError
from statustui.scoring.points import engagement_points, score_date
from statustui.scoring.top import is_top_name, top_refusal
from statustui.store.bulk import apply_engagement_stats, create_temp_table, insert_engagements, insert_rows
from statustui.store.db import DEFAULT_CACHE_KIB, open_database, with_retry
from statustui.store.models import Contact, ContactField, ContactTag, Engagement, StatusChange
from statustui.store.paging import (
    ROW_COLUMNS,
    ContactRow,
    Cursor,
    OrderKey,
    Search,
    fetch_before,
    fetch_last,
    fetch_offset,
    fetch_page,
    rows_from,
)
from statustui.store.ranking import top_threshold
from statustui.store.rows import dicts, tuples
from statustui.suggest import did_you_mean
from statustui.workspace import Workspace, open_workspace

DEFAULT_ORDER: list[OrderKey] = [
    ("last_engaged", Contact.last_engaged_at, True),
    ("id", Contact.id, True),
]
# The app's sort-by-column keys: never NULL, as keyset paging needs.
SORT_KEYS: dict[str, ColumnBase] = {
    "name": Contact.name,
    "company": fn.COALESCE(Contact.company, ""),
    "status": Contact.status,
    "score": Contact.score,
    "last_engaged": Contact.last_engaged_at,
    "source": fn.COALESCE(Contact.source, ""),
}
# SQLite allows 32,766 bound variables a statement; stay well below for id lists.
ID_CHUNK = 5000


@dataclass
class ChangeResult:
    changed: int
    batch_id: int | None
    skipped: int = 0
    message: str = ""


@dataclass
class IngestResult:
    ingested: int
    status_changes: int = 0


@dataclass
class HistoryEntry:
    at: int
    old_status: str | None
    new_status: str
    actor: str
    actor_name: str | None
    manual: bool
    batch_id: int | None

    @property
    def actor_label(self) -> str:
        return actor_label(self.actor, self.actor_name)


class Service:
    def __init__(
        self, workspace: Workspace, now: int | None = None, cache_kib: int = DEFAULT_CACHE_KIB
    ) -> None:
        self.workspace = workspace
        self.fixed_now = now
        self.db = open_database(workspace.database_url, base_dir=workspace.path, cache_kib=cache_kib)

    @classmethod
    def open(
        cls,
        directory: str | Path | None = None,
        database_url: str | None = None,
        now: int | None = None,
        cache_kib: int = DEFAULT_CACHE_KIB,
    ) -> Service:
        return cls(open_workspace(directory, database_url), now=now, cache_kib=cache_kib)

    @property
    def config(self) -> WorkspaceConfig:
        return self.workspace.config

    def now(self) -> int:
        return self.fixed_now if self.fixed_now is not None else int(time.time())

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()

    # -- statuses ------------------------------------------------------------
    def resolve_status(self, name: str, *, for_person: bool = False) -> StatusDef:
        status = self.config.status(name)
        if status is None:
            if is_top_name(name):
                raise ServiceError(top_refusal(self.config))

            hint = did_you_mean(name, self.config.status_names)
            raise ServiceError(
                f"unknown status {name!r}{hint}; statuses: {', '.join(self.config.status_names)}"
            )
        if for_person and not status.assignable:
            raise ServiceError(f"status {status.name!r} cannot be set by hand (it is set by rules)")
        return status

    def status_counts(self) -> dict[str, int]:
        """Contacts per status, in the configured order (statuses nobody holds show 0)."""
        counts = dict(tuples(Contact.select(Contact.status, fn.COUNT(Contact.id)).group_by(Contact.status)))
        return {s.name: counts.get(s.name, 0) for s in self.config.statuses}

    def status_ever_held(self, name: str) -> bool:
        if Contact.select().where(Contact.status == name).exists():
            return True
        return (
            StatusChange.select()
            .where((StatusChange.new_status == name) | (StatusChange.old_status == name))
            .exists()
        )

    def overdue_count(self) -> int:
        """Contacts past their status's follow-up goal (the sidebar's overdue entry): the language's `overdue`."""
        return self.count("overdue")

    # -- contacts ------------------------------------------------------------
    def contact_count(self) -> int:
        return self.db.execute_sql('SELECT COUNT(*) FROM "contact"').fetchone()[0]

    def find_contact(self, email: str) -> ContactRow:
        rows = self.contacts_by_id(self.ids_for_emails([email]))
        if not rows:
            raise ServiceError(f"no contact with email {email!r}")
        return rows[0]

    def contacts_by_id(self, ids: Sequence[int]) -> list[ContactRow]:
        found: list[ContactRow] = []
        for chunk in _chunks(list(ids)):
            found.extend(
                rows_from(Contact.select(*ROW_COLUMNS).where(Contact.id.in_(chunk)).order_by(Contact.id), 0)
            )
        return found

    def custom_fields(self, contact_id: int) -> dict[str, str]:
        q = ContactField.select(ContactField.name, ContactField.value).where(
            ContactField.contact == contact_id
        )
        return dict(tuples(q.order_by(ContactField.name)))

    def engagements(self, contact_id: int, limit: int = 200) -> list[dict[str, Any]]:
        q = (
            Engagement.select(
                Engagement.channel, Engagement.kind, Engagement.occurred_at, Engagement.value, Engagement.text
            )
            .where(Engagement.contact == contact_id)
            .order_by(Engagement.occurred_at.desc())
            .limit(limit)
        )
        return list(dicts(q))

    def ids_for_emails(self, emails: Iterable[str]) -> list[int]:
        keys = [e.strip().lower() for e in emails]
        found: dict[str, int] = {}
        for chunk in _chunks(keys):
            found.update(tuples(Contact.select(Contact.email, Contact.id).where(Contact.email.in_(chunk))))
        missing = [e for e in keys if e not in found]
        if missing:
            raise ServiceError(
                f"no contact with email {', '.join(repr(m) for m in missing[:5])}"
                + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            )
        return [found[e] for e in keys]

    def all_tags(self) -> list[str]:
        return [t for (t,) in tuples(ContactTag.select(ContactTag.tag).distinct().order_by(ContactTag.tag))]

    def all_field_names(self) -> list[str]:
        q = ContactField.select(ContactField.name).distinct().order_by(ContactField.name)
        return [n for (n,) in tuples(q)]

    # -- search --------------------------------------------------------------
    def compile_search(self, text: str) -> Search:
        """Parse, check and compile a query (raises the language's error for bad input)."""
        if not text.strip():
            return Search(text, None, DEFAULT_ORDER, None, None)
        from statustui.language import (
            compile_search,  # start-up: history, undo, set-status --email need no parser
        )

        return compile_search(self, text)

    def search(self, text: str | Search, limit: int = 100, after: Cursor | None = None) -> list[ContactRow]:
        s = text if isinstance(text, Search) else self.compile_search(text)
        if s.limit is not None:
            limit = min(limit, s.limit)
        return fetch_page(s.where, s.order, limit, after)

    def count(self, text: str | Search) -> int:
        s = text if isinstance(text, Search) else self.compile_search(text)
        where = s.count_where if s.count_where is not None else s.where
        sql = Contact.select(fn.COUNT(Contact.id))
        if where is not None:
            sql = sql.where(where)
        n = sql.scalar() or 0
        return min(n, s.limit) if s.limit is not None else n

    def search_ids(self, text: str | Search) -> list[int]:
        s = text if isinstance(text, Search) else self.compile_search(text)
        q = Contact.select(Contact.id)
        where = s.count_where if s.count_where is not None else s.where
        if where is not None:
            q = q.where(where)
        if s.limit is not None:
            q = q.order_by(*[e.desc() if d else e.asc() for _, e, d in s.order]).limit(s.limit)
        return [i for (i,) in tuples(q)]

    # -- paging for the app's list: keyset forward (`search(after=)`), these for jumps ---------------
    def page_at(self, search: Search, offset: int, limit: int) -> list[ContactRow]:
        """Rows `offset`.. of a result (OFFSET: only for a jump into the middle)."""
        if search.limit is not None:
            limit = max(0, min(limit, search.limit - offset))
        return fetch_offset(search.where, search.order, offset, limit) if limit else []

    def page_before(self, search: Search, before: Cursor, limit: int) -> list[ContactRow]:
        """The `limit` rows just before the row with cursor `before` (scrolling up after a jump)."""
        return fetch_before(search.where, search.order, limit, before)

    def page_last(self, search: Search, limit: int, total: int) -> list[ContactRow]:
        """The last `limit` rows of a result of `total` rows: as cheap as the first page."""
        if search.limit is not None:  # reading backwards would start past the limit
            return self.page_at(search, max(0, total - limit), limit)
        return fetch_last(search.where, search.order, limit)

    def sorted_by(self, search: Search, key: str, descending: bool) -> Search:
        """The same search ordered by one of SORT_KEYS (the app's sort-by-column)."""
        return replace(search, order=[(key, SORT_KEYS[key], descending), ("id", Contact.id, descending)])

    def top_score_threshold(self) -> int | None:
        """The lowest Smart Score in the workspace's top N% (the TOP badge)."""
        return top_threshold(self.config.top_percent)

    def change_marker(self) -> tuple[int, int, int]:
        """Cheap to read, and different after another process's status change, import or new engagement."""
        row = self.db.execute_sql(
            'SELECT (SELECT COALESCE(MAX(id), 0) FROM "status_history"), (SELECT COUNT(*) FROM "contact"), '
            '(SELECT COALESCE(MAX(id), 0) FROM "engagement")'
        ).fetchone()
        return (row[0], row[1], row[2])

    # -- status changes ------------------------------------------------------
    def set_status(
        self,
        status_name: str,
        contacts: Sequence[int] | Callable[[], Sequence[int]],
        *,
        actor: str = "person",
        actor_name: str | None = None,
        batch_kind: str = "set-status",
        description: str = "",
        check_assignable: bool = True,
    ) -> ChangeResult:
        """Give `contacts` a status in one transaction: history rows, the new status, score and unsubscribe.

        `contacts` may be a function (a query's ids): it runs inside the transaction, after the write lock is
        taken, so a contact another writer changed meanwhile is judged by its new state."""
        status = self.resolve_status(status_name, for_person=check_assignable and actor == "person")
        at = self.now()

        def work() -> ChangeResult:
            ids = list(dict.fromkeys(contacts() if callable(contacts) else contacts))
            batch_id = open_batch(self.db, batch_kind, description or f"set status {status.name}", at)
            new_stage(self.db)
            for chunk in _chunks(ids):
                stage_contacts(
                    self.db,
                    Contact.id.in_(chunk),
                    at,
                    status.name,
                    manual=actor == "person",
                    actor=actor,
                    actor_name=actor_name,
                )
            changed = write_status_changes(self.db, self.config, batch_id)
            if changed == 0:  # changed nothing: `undo` goes on to the command before
                close_batch(self.db, batch_id)
                return ChangeResult(0, None, skipped=len(ids))
            # The rules run in the same transaction: a crash leaves neither the change without its
            # consequences nor the consequences without the change.
            self._after_status_change(batch_id)
            return ChangeResult(changed, batch_id, skipped=len(ids) - changed)

        return with_retry(self.db, work, "status change")

    def _after_status_change(self, batch_id: int | None) -> None:
        """`on status change` rules; their changes join the same batch, so one undo reverts both."""
        from statustui.rules.runtime import after_status_change  # start-up: a search loads no rules

        after_status_change(self, batch_id)

    def _after_create(self, ids: list[int], batch_id: int) -> None:
        """`on create` rules for new contacts; their changes join the creating batch."""
        from statustui.rules.runtime import after_create  # start-up: a search loads no rules

        after_create(self, ids, batch_id)

    # -- engagements ---------------------------------------------------------
    def add_engagements(self, rows: Iterable[Sequence[Any]], batch_id: int | None = None) -> IngestResult:
        """Record engagements (contact_id, channel, kind, at, value, text), in time order, inside the caller's
        transaction and batch (a new one without `batch_id`): the rows, then each contact's last_engaged_at,
        engagement count and score. With valid engagement rules, the rules engine ingests them instead, event
        by event in time order."""
        from statustui.rules.runtime import engine_for, ingest  # start-up: a search loads no rules

        if batch_id is None:
            batch_id = open_batch(self.db, "engagements", "add engagements", self.now())
        engine = engine_for(self)
        if engine is not None and engine.engagement_rules:
            result = ingest(self, engine, rows, batch_id)
            return IngestResult(ingested=result.ingested, status_changes=result.status_changes)
        stats: dict[int, list[int]] = {}
        config = self.config
        as_of = score_date(self.now())

        def counted() -> Iterable[Sequence[Any]]:
            for row in rows:
                contact_id, channel, kind, at = row[0], row[1], row[2], row[3]
                entry = stats.get(contact_id)
                if entry is None:
                    stats[contact_id] = [at, 1, engagement_points(config, channel, kind, at, as_of)]
                else:
                    entry[0] = max(entry[0], at)
                    entry[1] += 1
                    entry[2] += engagement_points(config, channel, kind, at, as_of)
                yield row

        n = insert_engagements(self.db, counted(), batch_id)
        create_temp_table(
            self.db, "stage_stats", "contact_id BIGINT PRIMARY KEY, last_at BIGINT, n INTEGER, points INTEGER"
        )
        insert_rows(
            self.db,
            "stage_stats",
            ("contact_id", "last_at", "n", "points"),
            ((cid, *v) for cid, v in stats.items()),
        )
        apply_engagement_stats(self.db, "stage_stats")
        self.db.execute_sql('DROP TABLE "stage_stats"')
        return IngestResult(ingested=n)

    def import_contacts(self, path: Path, options: Any = None, progress: Any = None) -> Any:
        """`options`: an import_export.contacts.ContactImportOptions (None: the defaults)."""
        from statustui.import_export.contacts import import_contacts  # start-up: only imports load it

        return import_contacts(self, path, options, progress)

    def import_events(self, path: Path, options: Any = None, progress: Any = None) -> Any:
        """`options`: an import_export.events.EventImportOptions (None: the defaults)."""
        from statustui.import_export.events import import_events  # start-up: only imports load it

        return import_events(self, path, options, progress)

    def history(self, contact_id: int) -> list[HistoryEntry]:
        q = (
            StatusChange.select(
                StatusChange.at,
                StatusChange.old_status,
                StatusChange.new_status,
                StatusChange.actor,
                StatusChange.actor_name,
                StatusChange.manual,
                StatusChange.batch,
            )
            .where(StatusChange.contact == contact_id)
            .order_by(StatusChange.at, StatusChange.id)
        )
        return [HistoryEntry(*t) for t in tuples(q)]

    def undo(self) -> UndoResult:
        """Revert the caller's last batch not yet undone, exactly (changes.undo), as a new batch."""
        at = self.now()

        def work() -> UndoResult:
            last = last_batch(current_actor())
            if last is None:
                raise ServiceError("nothing to undo")
            if last.kind == FORGET_KIND:  # what it removed is gone; reverting the one before would surprise
                raise ServiceError(
                    f"your last change (#{last.id}) forgot a contact for good: it cannot be undone, and undo "
                    "does not silently revert the change before it"
                )
            return revert(self.db, self.config, last, at)

        return with_retry(self.db, work, "undo")


def _chunks(items: list[Any], size: int = ID_CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
