"""`statustui contact add|edit|delete|forget`, `note`, `log`, `duplicates` and `merge`: one contact at a time."""

from __future__ import annotations

import argparse
import functools

from statustui.cli.common import Command, Subparsers, UsageError, add_command, add_group, open_service


def _bad_input_exits_2(command: Command) -> Command:
    """What these commands refuse is what the person typed (an unknown email, status or field, a duplicate
    email, a merge with itself): a usage error, exit status 2, nothing changed."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        from statustui.errors import ServiceError

        try:
            return command(args)
        except ServiceError as e:
            raise UsageError(str(e)) from None

    return run


def _assignments(items: list[str] | None, option: str) -> dict[str, str]:
    from statustui.contacts.fields import FieldError, parse_assignment

    found: dict[str, str] = {}
    for item in items or []:
        try:
            key, value = parse_assignment(item, option)
        except FieldError as e:
            raise UsageError(str(e)) from None
        found[key] = value
    return found


@_bad_input_exits_2
def cmd_contact_add(args: argparse.Namespace) -> int:
    from statustui.contacts.add import NewContact, add_contact

    service = open_service(args)
    new = NewContact(
        email=args.email,
        name=args.name or "",
        phone=args.phone or "",
        company=args.company or "",
        source=args.source or "",
        status=args.status or "",
        tags=args.tag or [],
        fields=_assignments(args.field, "--field"),
    )
    contact_id = add_contact(service, new)
    row = service.contacts_by_id([contact_id])[0]
    print(f"added {row.email} as {row.status} (undo: statustui undo)")
    return 0


@_bad_input_exits_2
def cmd_note(args: argparse.Namespace) -> int:
    from statustui.changes import current_actor
    from statustui.contacts.notes import add_note

    service = open_service(args)
    contact = service.find_contact(args.email)
    text = " ".join(args.text)
    add_note(service, contact.id, text, author=current_actor())
    print(f"noted on {contact.email}; see it with: statustui history {contact.email}")
    return 0


@_bad_input_exits_2
def cmd_log(args: argparse.Namespace) -> int:
    from statustui.contacts.activity import log_activity
    from statustui.timeutil import TimeError, parse_instant

    service = open_service(args)
    contact = service.find_contact(args.email)
    try:
        at = parse_instant(args.at, service.config.tz) if args.at else None
    except TimeError as e:
        raise UsageError(f"--at {args.at!r}: {e}") from None
    result = log_activity(service, contact.id, args.kind, args.channel, args.text or "", at=at)
    after = service.contacts_by_id([contact.id])[0]
    changed = f"; status {contact.status} -> {after.status}" if after.status != contact.status else ""
    print(f"logged {args.kind} with {contact.email}: score {contact.score} -> {after.score}{changed}")
    return 0 if result.ingested else 1


@_bad_input_exits_2
def cmd_duplicates(args: argparse.Namespace) -> int:
    from statustui.contacts.duplicates import find_duplicates
    from statustui.text_safety import printable

    service = open_service(args)
    groups = find_duplicates(service.db, args.by, service.config.country_code)
    if not groups:
        print(f"no duplicates by {args.by}")
        return 0
    for group in groups:
        rows = service.contacts_by_id(list(group.ids))
        print(f"{printable(group.key)}: {len(rows)} contacts")
        for row in rows:
            print(f"  {row.email:<32} {printable(row.name):<24} {row.status}")
    emails = " ".join(r.email for r in service.contacts_by_id(list(groups[0].ids)))
    print(f"\n{len(groups)} group{'s' * (len(groups) != 1)}; merge one with: statustui merge {emails}")
    return 0


@_bad_input_exits_2
def cmd_contact_edit(args: argparse.Namespace) -> int:
    from statustui.contacts.edit import Edit, edit_contact

    service = open_service(args)
    contact = service.find_contact(args.email)
    edit = Edit(_assignments(args.set, "--set"), args.add_tag or [], args.remove_tag or [])
    if not (edit.sets or edit.add_tags or edit.remove_tags):
        raise UsageError("say what to change: --set FIELD=VALUE, --add-tag T or --remove-tag T")
    changes = edit_contact(service, contact.id, edit)
    if not changes:
        print(f"{contact.email}: nothing changed (it already had those values)")
        return 0
    for change in changes:
        if change.field == "tag":
            print(f"tag {change.new} added" if change.new else f"tag {change.old} removed")
        else:
            print(f"{change.field}: {_shown(change.old)} -> {_shown(change.new)}")
    print(f"{len(changes)} change{'s' * (len(changes) != 1)} to {contact.email} (undo: statustui undo)")
    return 0


def _shown(value: str | None) -> str:
    from statustui.text_safety import printable

    return printable(value) if value else "(empty)"


@_bad_input_exits_2
def cmd_contact_delete(args: argparse.Namespace) -> int:
    from statustui.contacts.remove import delete_contacts

    service = open_service(args)
    ids = service.ids_for_emails(args.emails)
    what = args.emails[0] if len(args.emails) == 1 else f"{len(ids)} contacts"
    n = delete_contacts(service, ids, f"delete {what}")
    print(f"deleted {n} contact{'s' * (n != 1)} (undo: statustui undo)")
    return 0


@_bad_input_exits_2
def cmd_contact_forget(args: argparse.Namespace) -> int:
    import sys

    from statustui.contacts.remove import forget_contact

    service = open_service(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(
                "forget removes a person's data for good and cannot be undone; add --yes to confirm"
            )
        answer = input(f"Forget {args.email} for good (no undo)? Type the email to confirm: ")
        if answer.strip().lower() != args.email.strip().lower():
            print("nothing was changed")
            return 1
    print(forget_contact(service, args.email).summary())
    return 0


@_bad_input_exits_2
def cmd_merge(args: argparse.Namespace) -> int:
    from statustui.contacts.merge import merge_contacts

    service = open_service(args)
    keep, *others = service.ids_for_emails([args.keep, *args.others])
    result = merge_contacts(service, keep, others, args.status)
    print(result.summary() + " (undo: statustui undo)")
    return 0


def register(sub: Subparsers) -> None:
    group = add_group(sub, "contact", "add, edit, delete or forget one contact")
    p = add_command(
        group,
        "add",
        cmd_contact_add,
        "add a contact by hand (on create rules run, as for an import)",
        description="Add a contact by hand. Without --status it gets the workspace's default status.\n\n"
        "example:\n  statustui contact add --name 'Ann Lee' --email ann@example.com --phone '+1 512 555 0123' "
        "--tag buyer --field 'price range=300-400k'",
    )
    p.add_argument("--email", required=True, help="the contact's email (identifies it)")
    p.add_argument("--name", help="full name")
    p.add_argument("--phone")
    p.add_argument("--company")
    p.add_argument("--source", help="where the lead came from, e.g. zillow")
    p.add_argument("--status", help="a status of the workspace (default: the workspace's default)")
    p.add_argument("--tag", action="append", metavar="T", help="a tag (repeat for more)")
    p.add_argument("--field", action="append", metavar="KEY=VALUE", help="a custom field (repeat for more)")

    p = add_command(
        sub,
        "note",
        cmd_note,
        "write a note on a contact (shown in its timeline, found by note ~ TEXT)",
        description="Write a note on a contact. Quote it; newlines are kept.\n\n"
        "example:\n  statustui note ann@example.com 'Asked about pricing; wants a 3-bed near the school'",
    )
    p.add_argument("email", help="the contact's email")
    p.add_argument("text", nargs="+", help="the note")

    p = add_command(
        sub,
        "log",
        cmd_log,
        "log a call, meeting, email or SMS by hand (counts, score and engagement rules see it)",
        description="Log an activity with a contact as an engagement, like an imported one.\n\n"
        "example:\n  statustui log ann@example.com --channel phone --kind call --text 'left a voicemail'",
    )
    p.add_argument("email", help="the contact's email")
    p.add_argument(
        "--kind", required=True, help="an engagement kind of the workspace, e.g. call, meeting, reply"
    )
    p.add_argument("--channel", help="a channel of the workspace, e.g. phone, email, sms")
    p.add_argument("--text", help="the outcome, in a few words")
    p.add_argument("--at", metavar="ISO", help="when (default: now), e.g. 2026-11-20T15:30")

    p = add_command(
        sub,
        "duplicates",
        cmd_duplicates,
        "list groups of likely duplicate contacts",
        description="List groups of contacts that are likely one person: the same email (ignoring case and "
        "spaces), the same phone number (digits, with the workspace's country code for national numbers), "
        "or the same name and company.",
    )
    p.add_argument("--by", choices=("email", "phone", "name"), default="email", help="what to compare")

    p = add_command(
        group,
        "edit",
        cmd_contact_edit,
        "change a contact's fields and tags (recorded, undoable)",
        description="Change a contact. FIELD is name, email, phone, company, source or field.NAME (a custom "
        "field); an empty VALUE clears it. Every change is recorded with who and when, shown by "
        "`statustui history`, and reverted by `statustui undo`.\n\n"
        "example:\n  statustui contact edit ann@example.com --set company=Globex --set 'field.city=' "
        "--add-tag vip --remove-tag cold",
    )
    p.add_argument("email", help="the contact's email")
    p.add_argument("--set", action="append", metavar="FIELD=VALUE", help="set a field (repeat for more)")
    p.add_argument("--add-tag", action="append", metavar="T", help="add a tag (repeat for more)")
    p.add_argument("--remove-tag", action="append", metavar="T", help="remove a tag (repeat for more)")

    p = add_command(group, "delete", cmd_contact_delete, "delete contacts (undo brings them back whole)")
    p.add_argument("emails", nargs="+", metavar="EMAIL")

    p = add_command(
        group,
        "forget",
        cmd_contact_forget,
        "erase a person's data for good (a privacy request; cannot be undone)",
        description="Erase a contact and every trace of it: fields, tags, notes, engagements, history, "
        "copies kept for undo. Asks first; --yes skips the question.",
    )
    p.add_argument("email")
    p.add_argument("--yes", action="store_true", help="do not ask")

    p = add_command(
        sub,
        "merge",
        cmd_merge,
        "merge duplicate contacts into one (undoable)",
        description="Merge contacts into the first one: it gets the others' tags, engagements, notes and "
        "status history, and the fields it lacks; it keeps its status unless --status says otherwise; the "
        "others are removed. `statustui undo` restores all of them.\n\n"
        "example:\n  statustui merge ann@example.com ann.lee@work.example",
    )
    p.add_argument("keep", metavar="KEEP_EMAIL", help="the contact to keep")
    p.add_argument("others", nargs="+", metavar="OTHER_EMAIL", help="contacts merged into it")
    p.add_argument("--status", help="the merged contact's status (default: the kept one's)")
