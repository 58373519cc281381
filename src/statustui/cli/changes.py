"""`statustui set-status`, `history` and `undo` (the core is imported inside the command functions)."""

from __future__ import annotations

import argparse

from statustui.cli.common import Subparsers, UsageError, add_command, open_service


def cmd_set_status(args: argparse.Namespace) -> int:
    service = open_service(args)
    if bool(args.email) == (args.query is not None):
        raise UsageError("give either --email E (one or more) or --query Q ('' selects everyone)")
    if args.email:
        result = service.set_status(args.status, service.ids_for_emails(args.email))
    else:  # the query runs under the write lock (a mistake in it is reported before)
        search = service.compile_search(args.query)
        result = service.set_status(args.status, lambda: service.search_ids(search))
    status = service.resolve_status(args.status).name
    print(
        f"{result.changed} contact{'s' * (result.changed != 1)} now {status}"
        + (f"; {result.skipped} already were" if result.skipped else "")
        + (" (undo: statustui undo)" if result.changed else "")
    )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from statustui.contacts.timeline import timeline
    from statustui.services import actor_label
    from statustui.text_safety import printable
    from statustui.timeutil import format_instant

    service = open_service(args)
    contact = service.find_contact(args.email)
    print(
        f"{printable(contact.name)} <{contact.email}>: {contact.status}"
        + (" (set by a person)" if contact.status_manual else "")
    )
    for entry in timeline(contact.id, actor_label):
        first, *more = entry.text.splitlines() or [""]
        when = format_instant(entry.at, service.config.tz)
        shown = f"note: {first}" if entry.kind == "note" else first
        print(f"  {when}  {printable(shown):<32}  by {printable(entry.by)}")
        for line in more:  # a note's further lines, under its first
            print(f"  {' ' * len(when)}        {printable(line)}")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    service = open_service(args)
    print(service.undo().summary())
    return 0


def register(sub: Subparsers) -> None:
    p = add_command(sub, "set-status", cmd_set_status, "set the status of contacts (by email or by query)")
    p.add_argument("status")
    p.add_argument("--email", nargs="+", metavar="E", help="one or more contacts' emails")
    p.add_argument("--query", metavar="Q", help="every contact this query selects")

    p = add_command(sub, "history", cmd_history, "how a contact got its status")
    p.add_argument("email")

    add_command(
        sub,
        "undo",
        cmd_undo,
        "revert your last change (a set-status, an import, a rules run), exactly and only it",
    )
