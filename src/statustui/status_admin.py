"""Editing a workspace's statuses (BenchmarkONE-style): add, rename, reorder, merge, delete.

The configuration is written only after the database change commits, so a failure changes neither.
A status any contact ever held cannot be deleted, only merged into another: its contacts move, each with a
history row, and past history keeps its name readable.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from statustui.config import MAX_STATUSES, STATUS_TYPES, ConfigError, StatusDef, check_color, check_duration
from statustui.store.db import with_retry
from statustui.store.models import Contact, StatusChange
from statustui.store.rows import tuples

if TYPE_CHECKING:
    from statustui.services import ChangeResult, Service


class StatusEditError(Exception):
    pass


def add_status(
    service: Service,
    name: str,
    color: str = "grey",
    type: str = "open",
    assignable: bool = True,
    follow_up: str | None = None,
    unsubscribes: bool = False,
    default: bool = False,
    position: int | None = None,
) -> StatusDef:
    config = service.config
    existing = config.status(name)
    if existing:
        raise StatusEditError(f"status {existing.name!r} already exists")
    if len(config.statuses) >= MAX_STATUSES:
        raise StatusEditError(f"a workspace has at most {MAX_STATUSES} statuses")
    if type not in STATUS_TYPES:
        raise StatusEditError(f"type {type!r} is not allowed; use one of {', '.join(STATUS_TYPES)}")
    try:
        if follow_up:
            check_duration(follow_up, "--follow-up")
        status = StatusDef(
            name=name.strip(),
            color=check_color(color, "--color"),
            type=type,
            assignable=assignable,
            follow_up=follow_up,
            unsubscribes=unsubscribes,
            default=default,
        )
    except ConfigError as e:
        raise StatusEditError(str(e)) from None
    statuses = [replace(s, default=False) if default else s for s in config.statuses]
    index = len(statuses) if position is None else _position(position, len(statuses) + 1)
    statuses.insert(index, status)
    _save(service, statuses)
    return status


def rename_status(service: Service, old: str, new: str) -> int:
    """Rename everywhere: the configuration, the contacts holding it and the history's labels."""
    status = service.resolve_status(old)
    other = service.config.status(new)
    if other and other.name != status.name:
        raise StatusEditError(
            f"status {other.name!r} already exists; use `status merge {status.name} {other.name}`"
        )
    new_name = new.strip()

    def work() -> int:
        n = Contact.update(status=new_name).where(Contact.status == status.name).execute()
        StatusChange.update(old_status=new_name).where(StatusChange.old_status == status.name).execute()
        StatusChange.update(new_status=new_name).where(StatusChange.new_status == status.name).execute()
        return n

    statuses = [replace(s, name=new_name) if s.name == status.name else s for s in service.config.statuses]
    renamed = {status.key: new_name}
    _validate(service, statuses, renamed)
    moved = with_retry(service.db, work, "rename")
    _save(service, statuses, renamed)
    return moved


def reorder_status(service: Service, name: str, position: int) -> None:
    status = service.resolve_status(name)
    statuses = [s for s in service.config.statuses if s.name != status.name]
    statuses.insert(_position(position, len(statuses) + 1), status)
    _save(service, statuses)


def merge_status(service: Service, source: str, target: str) -> ChangeResult:
    """Move every contact of `source` to `target` (history rows, undoable), then drop `source`."""
    src = service.resolve_status(source)
    dst = service.resolve_status(target)
    if src.name == dst.name:
        raise StatusEditError("a status cannot be merged into itself")
    result = service.set_status(
        dst.name,
        lambda: [i for (i,) in tuples(Contact.select(Contact.id).where(Contact.status == src.name))],
        actor="person",
        actor_name="merge",
        batch_kind="merge",
        description=f"merge {src.name} into {dst.name}",
        check_assignable=False,
    )
    statuses = [
        replace(s, default=s.default or (src.default and s.name == dst.name))
        for s in service.config.statuses
        if s.name != src.name
    ]
    _save(service, statuses, {src.key: dst.name})
    return result


def delete_status(service: Service, name: str) -> None:
    status = service.resolve_status(name)
    if status.default:
        raise StatusEditError(
            f"{status.name!r} is the default for new contacts; make another status the default "
            "first (`status add ... --default`, or edit statustui.toml)"
        )
    if service.status_ever_held(status.name):
        raise StatusEditError(
            f"{status.name!r} is or was held by contacts, so deleting it would make history "
            f"unreadable; merge it instead: `statustui status merge {status.name} OTHER`"
        )
    _save(service, [s for s in service.config.statuses if s.name != status.name])


def _position(position: int, size: int) -> int:
    if not 1 <= position <= size:
        raise StatusEditError(f"position must be from 1 to {size}, not {position}")
    return position - 1


def _validate(service: Service, statuses: list[StatusDef], moved: dict[str, str] | None = None) -> None:
    try:
        service.config.with_statuses(statuses, moved)
    except ConfigError as e:
        raise StatusEditError(str(e).split(": ", 1)[-1]) from None


def _save(service: Service, statuses: list[StatusDef], moved: dict[str, str] | None = None) -> None:
    """Write the new statuses; `moved` (old key -> new name) carries a rename or merge into the status map."""
    old_keys = {s.key: s for s in service.config.statuses}
    points = dict(service.config.score.status_points)
    _validate(service, statuses, moved)
    new_keys = {s.key for s in statuses}
    gone = [k for k in old_keys if k not in new_keys]
    added = [s.key for s in statuses if s.key not in old_keys]
    if len(gone) == 1 and len(added) == 1 and gone[0] in points:  # a rename keeps the status's score points
        points[added[0]] = points.pop(gone[0])
    points = {k: v for k, v in points.items() if k in new_keys}
    config = replace(
        service.config.with_statuses(statuses, moved),
        score=replace(service.config.score, status_points=points),
    )
    service.workspace.save_config(config)
