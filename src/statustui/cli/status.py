"""`statustui status list|add|rename|reorder|merge|delete` (the core is imported inside the command functions)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from statustui.cli.common import Subparsers, add_command, add_group, count, open_service

if TYPE_CHECKING:
    from statustui.status_admin import StatusEditResult

DRY_RUN_HELP = "print the diff of each rule file and saved search it would rewrite; change nothing"


def cmd_status_list(args: argparse.Namespace) -> int:
    service = open_service(args)
    counts = service.status_counts()
    for i, s in enumerate(service.config.statuses, start=1):
        flags = [s.type]
        if s.default:
            flags.append("default")
        if not s.assignable:
            flags.append("rules only")
        if s.follow_up:
            flags.append(f"follow up {s.follow_up}")
        if s.unsubscribes:
            flags.append("unsubscribes")
        print(f"{i:>3}. {s.name:<24} {s.color:<8} {counts[s.name]:>9,}  {', '.join(flags)}")
    return 0


def cmd_status_add(args: argparse.Namespace) -> int:
    from statustui.status_admin import add_status

    s = add_status(
        open_service(args),
        args.name,
        color=args.color,
        type=args.type,
        assignable=not args.rules_only,
        follow_up=args.follow_up,
        unsubscribes=args.unsubscribes,
        default=args.default,
        position=args.position,
    )
    print(f"added status {s.name}")
    return 0


def _print_rewrites(result: StatusEditResult, dry_run: bool) -> None:
    for rewrite in result.rewrites:
        print(rewrite.diff(), end="")
    files = ", ".join(r.path.name for r in result.rewrites) or "none"
    verb = "would rewrite" if dry_run else "rewrote"
    print(f"{verb} the files naming it: {files}")


def cmd_status_rename(args: argparse.Namespace) -> int:
    from statustui.status_admin import rename_status

    result = rename_status(open_service(args), args.old, args.new, dry_run=args.dry_run)
    _print_rewrites(result, args.dry_run)
    if args.dry_run:
        print(
            f"dry run: would rename {args.old} to {args.new} ({result.moved} contacts); nothing was changed"
        )
    else:
        print(f"renamed {args.old} to {args.new} ({result.moved} contacts)")
    return 0


def cmd_status_reorder(args: argparse.Namespace) -> int:
    from statustui.status_admin import reorder_status

    reorder_status(open_service(args), args.name, args.position)
    print(f"moved {args.name} to position {args.position}")
    return 0


def cmd_status_merge(args: argparse.Namespace) -> int:
    from statustui.status_admin import merge_status

    result = merge_status(open_service(args), args.source, args.target, dry_run=args.dry_run)
    _print_rewrites(result, args.dry_run)
    if args.dry_run:
        print(
            f"dry run: would move {result.moved} contacts from {args.source} to {args.target}; nothing was changed"
        )
    else:
        print(
            f"merged {args.source} into {args.target}: {result.moved} contacts moved (undo: statustui undo)"
        )
    return 0


def cmd_status_delete(args: argparse.Namespace) -> int:
    from statustui.status_admin import delete_status

    result = delete_status(open_service(args), args.name, dry_run=args.dry_run)
    _print_rewrites(result, args.dry_run)
    print(
        f"dry run: would delete status {args.name}; nothing was changed"
        if args.dry_run
        else f"deleted status {args.name}"
    )
    return 0


def register(sub: Subparsers) -> None:
    st = add_group(sub, "status", "list and edit the workspace's statuses")
    add_command(st, "list", cmd_status_list, "statuses with their counts")
    p = add_command(st, "add", cmd_status_add, "add a status")
    p.add_argument("name")
    p.add_argument("--color", default="grey", help="a color name or #rrggbb (default grey)")
    p.add_argument("--type", default="open", choices=("open", "won", "lost"))
    p.add_argument("--follow-up", metavar="DURATION", help="follow-up goal, e.g. 7d")
    p.add_argument("--unsubscribes", action="store_true", help="entering it unsubscribes the contact")
    p.add_argument("--rules-only", action="store_true", help="a person may not set it by hand")
    p.add_argument("--default", action="store_true", help="make it the default for new contacts")
    p.add_argument("--position", type=count, metavar="N", help="place it at position N (1 = first)")
    p = add_command(
        st, "rename", cmd_status_rename, "rename a status everywhere, rule files and saved searches included"
    )
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
    p = add_command(st, "reorder", cmd_status_reorder, "move a status to another position")
    p.add_argument("name")
    p.add_argument("position", type=count)
    p = add_command(
        st, "merge", cmd_status_merge, "move every contact of one status into another and remove the first"
    )
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="INTO")
    p.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
    p = add_command(st, "delete", cmd_status_delete, "delete a status no contact ever held")
    p.add_argument("name")
    p.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
