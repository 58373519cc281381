"""Editing a workspace's statuses (BenchmarkONE-style): add, rename, reorder, merge, delete.

The configuration is written only after the database change commits, so a failure changes neither.
A status any contact ever held cannot be deleted, only merged into another: its contacts move, each with a
history row, and past history keeps its name readable.

Rename, merge and delete carry through to the rule files and saved searches that name the status
(`rules.rename`): they are rewritten in the same step, and a file that cannot be rewritten refuses the
whole change. `dry_run` computes the rewrites and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

from statustui.config import MAX_STATUSES, STATUS_TYPES, ConfigError, StatusDef, check_color, check_duration
from statustui.rules.rename import (
    FileRewrite,
    RewriteError,
    StatusEdit,
    discard,
    put_in_place,
    rule_file_rewrites,
    scenario_rewrites,
    searches_rewrite,
    write_rewrites,
)
from statustui.store.db import with_retry
from statustui.store.models import Contact, StatusChange
from statustui.store.renames import forget_renamed, record_renamed
from statustui.store.rows import tuples

if TYPE_CHECKING:
    from statustui.services import ChangeResult, Service


T = TypeVar("T")


class StatusEditError(Exception):
    pass


@dataclass
class StatusEditResult:
    """What a rename, merge or delete did (or, dry, would do): contacts moved and the files rewritten."""

    moved: int = 0
    rewrites: list[FileRewrite] = field(default_factory=list)
    batch_id: int | None = None


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


def rename_status(service: Service, old: str, new: str, dry_run: bool = False) -> StatusEditResult:
    """Rename everywhere: the configuration, the contacts holding it, the history's labels, the rule files
    and saved searches naming it."""
    status = service.resolve_status(old)
    other = service.config.status(new)
    if other and other.name != status.name:
        raise StatusEditError(
            f"status {other.name!r} already exists; use `status merge {status.name} {other.name}`"
        )
    new_name = new.strip()
    statuses = [replace(s, name=new_name) if s.name == status.name else s for s in service.config.statuses]
    renamed = {status.key: new_name}
    _validate(service, statuses, renamed)
    rewrites = _rewrites(service, StatusEdit(status.name, new_name))
    if dry_run:
        return StatusEditResult(Contact.select().where(Contact.status == status.name).count(), rewrites)

    def work() -> int:
        n = Contact.update(status=new_name).where(Contact.status == status.name).execute()
        StatusChange.update(old_status=new_name).where(StatusChange.old_status == status.name).execute()
        StatusChange.update(new_status=new_name).where(StatusChange.new_status == status.name).execute()
        record_renamed(status.name, new_name)
        return n

    moved = _with_files(rewrites, lambda: with_retry(service.db, work, "rename"))
    _save(service, statuses, renamed)
    return StatusEditResult(moved, rewrites)


def reorder_status(service: Service, name: str, position: int) -> None:
    status = service.resolve_status(name)
    statuses = [s for s in service.config.statuses if s.name != status.name]
    statuses.insert(_position(position, len(statuses) + 1), status)
    _save(service, statuses)


def merge_status(service: Service, source: str, target: str, dry_run: bool = False) -> StatusEditResult:
    """Move every contact of `source` to `target` (history rows, undoable), then drop `source`; rule files
    and saved searches naming `source` name `target` instead."""
    src = service.resolve_status(source)
    dst = service.resolve_status(target)
    if src.name == dst.name:
        raise StatusEditError("a status cannot be merged into itself")
    rewrites = _rewrites(service, StatusEdit(src.name, dst.name))
    if dry_run:
        return StatusEditResult(Contact.select().where(Contact.status == src.name).count(), rewrites)

    def move() -> ChangeResult:
        result = service.set_status(
            dst.name,
            lambda: [i for (i,) in tuples(Contact.select(Contact.id).where(Contact.status == src.name))],
            actor="person",
            actor_name="merge",
            batch_kind="merge",
            description=f"merge {src.name} into {dst.name}",
            check_assignable=False,
        )
        with_retry(service.db, lambda: record_renamed(src.name, dst.name), "merge")
        return result

    result = _with_files(rewrites, move)
    statuses = [
        replace(s, default=s.default or (src.default and s.name == dst.name))
        for s in service.config.statuses
        if s.name != src.name
    ]
    _save(service, statuses, {src.key: dst.name})
    return StatusEditResult(result.changed, rewrites, result.batch_id)


def delete_status(service: Service, name: str, dry_run: bool = False) -> StatusEditResult:
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
    rewrites = _rewrites(service, StatusEdit(status.name, None))
    if not dry_run:
        _with_files(rewrites, lambda: with_retry(service.db, lambda: forget_renamed(status.name), "delete"))
        _save(service, [s for s in service.config.statuses if s.name != status.name])
    return StatusEditResult(0, rewrites)


def _rewrites(service: Service, edit: StatusEdit) -> list[FileRewrite]:
    """Every rule file, scenario and the saved searches, rewritten for `edit`; refuses when one cannot be."""
    try:
        rules_dir = service.workspace.rules_dir
        rewrites = rule_file_rewrites(rules_dir, service.config, edit)
        rewrites += scenario_rewrites(rules_dir, service.config, edit)
        searches = searches_rewrite(service.workspace.searches_path, service.config, edit)
    except RewriteError as e:
        raise StatusEditError(f"nothing was changed: {e}") from None
    return rewrites + ([searches] if searches else [])


def _with_files(rewrites: list[FileRewrite], change: Callable[[], T]) -> T:
    """Run the database `change` with the rewritten files staged beside their targets; they replace the
    targets only once it has committed, and are dropped when it fails."""
    staged = write_rewrites(rewrites)
    try:
        result = change()
    except BaseException:
        discard(staged)
        raise
    put_in_place(staged)
    return result


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
