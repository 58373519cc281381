"""A small workspace for the language tests: the leadklozer preset's names, contacts written straight to the
database, and both back ends run side by side."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import Database, fn

from statustui.config import WorkspaceConfig, load_config
from statustui.language import (
    LanguageContext,
    check_query,
    compile_query,
    evaluate,
    load_facts,
    parse_query,
)
from statustui.resources import preset_dir
from statustui.store.db import open_database
from statustui.store.models import Contact, ContactField, ContactTag, Engagement, Note, StatusChange
from statustui.store.ranking import top_threshold

NOW = 1_795_176_000  # 2026-11-20 12:00:00 UTC
DAY = 86400


def preset_config() -> WorkspaceConfig:
    return load_config(preset_dir("leadklozer") / "statustui.toml")


@dataclass
class Workspace:
    """An open test database and the language context for it."""

    db: Database
    config: WorkspaceConfig = field(default_factory=preset_config)
    now: int = NOW
    rules: tuple[str, ...] | None = None  # the rule names `by rule "NAME"` may use; None: not checked

    @property
    def ctx(self) -> LanguageContext:
        tags = lambda: [t for (t,) in ContactTag.select(ContactTag.tag).distinct().tuples()]  # noqa: E731
        fields = lambda: [n for (n,) in ContactField.select(ContactField.name).distinct().tuples()]  # noqa: E731
        rules = self.rules
        return LanguageContext(
            self.config,
            self.now,
            tags=tags,
            fields=fields,
            top_threshold=top_threshold,
            rules=None if rules is None else lambda: rules,
        )

    def clear(self) -> None:
        for model in (StatusChange, Engagement, ContactField, ContactTag, Note, Contact):
            model.delete().execute()

    def contact(
        self,
        name: str,
        status: str = "NEUTRAL",
        *,
        created: int | None = None,
        score: int = 0,
        tags: tuple[str, ...] = (),
        fields: dict[str, Any] | None = None,
        **columns: Any,
    ) -> int:
        at = self.now - 400 * DAY if created is None else created
        contact = Contact.create(
            name=name, status=status, status_changed_at=at, created_at=at, score=score, **columns
        )
        for tag in tags:
            ContactTag.create(contact=contact.id, tag=tag)
        for key, value in (fields or {}).items():
            number = float(value) if isinstance(value, int | float) else None
            ContactField.create(contact=contact.id, name=key, value=str(value), number=number)
        return contact.id

    def engage(
        self,
        contact_id: int,
        channel: str | None,
        kind: str,
        days_ago: float,
        value: str | None = None,
        text: str | None = None,
    ) -> None:
        Engagement.create(
            contact=contact_id,
            channel=channel,
            kind=kind,
            occurred_at=int(self.now - days_ago * DAY),
            value=value,
            text=text,
        )

    def note(self, contact_id: int, text: str, days_ago: float = 1) -> None:
        Note.create(contact=contact_id, at=int(self.now - days_ago * DAY), author="ann", text=text)

    def change(
        self,
        contact_id: int,
        old: str | None,
        new: str,
        days_ago: float,
        actor: str = "person",
        actor_name: str | None = None,
    ) -> None:
        at = int(self.now - days_ago * DAY)
        StatusChange.create(
            contact=contact_id, at=at, old_status=old, new_status=new, actor=actor, actor_name=actor_name
        )
        Contact.update(status=new, status_changed_at=at).where(Contact.id == contact_id).execute()

    def finish(self) -> None:
        """Maintain last_engaged_at and engagement_count as the store does (the latest engagement, or 0)."""
        latest = Engagement.select(fn.COALESCE(fn.MAX(Engagement.occurred_at), 0)).where(
            Engagement.contact == Contact.id
        )
        count = Engagement.select(fn.COUNT(Engagement.id)).where(Engagement.contact == Contact.id)
        Contact.update(last_engaged_at=latest, engagement_count=count).execute()

    # -- running a query both ways -------------------------------------------------------------------------
    def sql_ids(self, text: str, purpose: str = "page") -> list[int]:
        """The contacts the compiled SQL selects, in the query's order (limit applied)."""
        ctx = self.ctx
        compiled = compile_query(check_query(parse_query(text), ctx), ctx, purpose)  # type: ignore[arg-type]
        query = Contact.select(Contact.id)
        if compiled.where is not None:
            query = query.where(compiled.where)
        query = query.order_by(*[e.desc() if d else e.asc() for _, e, d in compiled.order])
        if compiled.limit is not None:
            query = query.limit(compiled.limit)
        return [i for (i,) in query.tuples()]

    def memory_ids(self, text: str) -> set[int]:
        """The contacts the in-memory evaluator accepts (no order, no limit)."""
        ctx = self.ctx
        checked = check_query(parse_query(text), ctx)
        ids = [i for (i,) in Contact.select(Contact.id).tuples()]
        return {i for i, facts in load_facts(ids).items() if evaluate(checked.expr, facts, ctx)}

    def names(self, ids: list[int] | set[int]) -> list[str]:
        by_id = dict(Contact.select(Contact.id, Contact.name).tuples())
        return [by_id[i] for i in ids]


def open_workspace(db_url: str, tmp_path: Path | None = None) -> Workspace:
    return Workspace(open_database(db_url, base_dir=tmp_path))
