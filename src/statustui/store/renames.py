"""Statuses renamed away (or merged into another), kept in the `meta` table, so a rule or query still naming
the old name is told the new one (`unknown status 'Active Lead' - did you mean Hot Lead?`)."""

from __future__ import annotations

from statustui.config import name_key
from statustui.store.models import Meta

PREFIX = "status_renamed:"


def record_renamed(old: str, new: str) -> None:
    """`old` is now `new`; names that pointed at `old` point at `new` too. Inside the caller's transaction."""
    Meta.update(value=new).where(Meta.key.startswith(PREFIX) & (Meta.value == old)).execute()
    Meta.insert(key=PREFIX + name_key(old), value=new).on_conflict(
        conflict_target=[Meta.key], update={Meta.value: new}
    ).execute()
    Meta.delete().where(Meta.key == PREFIX + name_key(new)).execute()  # renamed back: the name exists again


def forget_renamed(name: str) -> None:
    """A deleted status: nothing is suggested in its place any more."""
    Meta.delete().where(Meta.key.startswith(PREFIX) & (Meta.value == name)).execute()


def renamed_statuses() -> dict[str, str]:
    """{key of an old name: the status it is now}."""
    return {
        str(m.key).removeprefix(PREFIX): str(m.value)
        for m in Meta.select().where(Meta.key.startswith(PREFIX))
    }
