"""`statustui import contacts|events` and `statustui export` (the core is imported inside the command
functions: start-up time)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from statustui.cli.common import (
    Subparsers,
    UsageError,
    add_command,
    add_group,
    done_progress,
    open_service,
    parse_map,
    progress,
)


def cmd_import_contacts(args: argparse.Namespace) -> int:
    from statustui.import_export.contacts import ContactImportOptions
    from statustui.import_export.status_map import parse_status_map

    service = open_service(args)
    options = ContactImportOptions(
        default_status=args.default_status,
        mapping=parse_map(args.map),
        status_map=parse_status_map(args.status_map or ""),
        encoding=args.encoding,
        dry_run=args.dry_run,
    )
    report = service.import_contacts(Path(args.file), options, progress=progress("importing contacts"))
    done_progress()
    print("\n".join(report.mapping))
    if args.dry_run:
        print("dry run - nothing was written")
    print(report.summary())
    if args.dry_run:
        for line in report.preview_lines():
            print(line)
        if report.problems:
            print(f"{len(report.problems)} problem{'s' * (len(report.problems) != 1)}:", file=sys.stderr)
            print("\n".join(report.problems), file=sys.stderr)
            return 1
    return 0


def cmd_import_events(args: argparse.Namespace) -> int:
    from statustui.import_export.events import EventImportOptions

    service = open_service(args)
    options = EventImportOptions(
        skip_unknown=args.skip_unknown,
        create_missing=args.create_missing,
        encoding=args.encoding,
        without_rules=args.without_rules,
    )
    report = service.import_events(Path(args.file), options, progress=progress("importing events"))
    done_progress()
    print(report.summary())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from statustui.import_export.events_export import export_events
    from statustui.import_export.export import export

    service = open_service(args)
    if args.query is not None and args.what not in ("contacts", "events"):
        raise UsageError(
            f"export {args.what!r} {args.query!r}: write `export QUERY`, `export contacts QUERY` or "
            "`export events QUERY`"
        )
    query = args.what if args.query is None else args.query
    events = args.query is not None and args.what == "events"
    try:
        n = (export_events if events else export)(service, service.compile_search(query), Path(args.output))
    except ValueError as e:
        raise UsageError(str(e)) from None
    print(f"{n} {'engagements' if events else 'contacts'} written to {args.output}")
    return 0


def register(sub: Subparsers) -> None:
    imp = add_group(sub, "import", "import contacts or engagements")
    p = add_command(
        imp,
        "contacts",
        cmd_import_contacts,
        "import contacts from CSV (or the JSON an export writes)",
        description=(
            "Import contacts from a CSV file with a header row (or the JSON an export writes). Columns: name, "
            "email (required), phone, company, source, status, created_at (ISO 8601), tags (';' or "
            "','-separated); other CRMs' headers (First Name, E-mail, Lead Status, Date Added, ...) are "
            "recognised and the mapping is printed; any other column becomes a custom field (field.NAME in "
            "searches). Email identifies a contact: an existing one is updated. Any bad row means nothing is "
            "imported, and every problem is listed with its row and column. See docs/import-export.md."
        ),
    )
    p.add_argument("file", help="FILE.csv, FILE.json or FILE.jsonl (an export of statustui reads back whole)")
    p.add_argument("--default-status", metavar="S", help="status for new contacts without one in the file")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COL=FIELD",
        help="read column COL as FIELD (name, email, phone, company, source, status, created_at, tags or "
        "field.NAME), e.g. --map 'Work Mail=email' (repeatable)",
    )
    p.add_argument(
        "--status-map",
        metavar="'VALUE=STATUS, ...'",
        help="read another system's status values as statuses, e.g. --status-map 'Active Lead=HOT, Closed=COLD'",
    )
    p.add_argument(
        "--encoding", metavar="E", help="the file's encoding (default: detected; UTF-8, UTF-16, Windows-1252)"
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show the mapping, what would be created, updated and changed, and every problem; write nothing",
    )
    p = add_command(
        imp,
        "events",
        cmd_import_events,
        "import engagements from JSONL or CSV",
        description=(
            "Import engagements, one per line: email, kind, at (ISO 8601), and optional channel, value, text. "
            'JSONL example: {"email": "ann@example.com", "channel": "facebook", "kind": "comment", '
            '"at": "2026-11-01T09:30"}. An id (or external_id) field names the engagement in the system it '
            "comes from. An engagement the workspace already has (same id; without one, same contact, time, "
            "channel, kind, value and text) is skipped, so importing a file twice changes nothing. Rules run "
            "on them in time order. All or nothing."
        ),
    )
    p.add_argument("file", help="FILE.jsonl or FILE.csv")
    unknown = p.add_mutually_exclusive_group()
    unknown.add_argument(
        "--skip-unknown",
        action="store_true",
        help="import the lines of known contacts; the others go to FILE.rejected.jsonl (or .csv) beside it",
    )
    unknown.add_argument(
        "--create-missing",
        action="store_true",
        help="create the contacts the file names and the workspace lacks (default status; on create rules run)",
    )
    p.add_argument("--encoding", metavar="E", help="a CSV file's encoding (default: detected)")
    p.add_argument(
        "--without-rules",
        action="store_true",
        help="while the rule files have errors: store the engagements marked pending; `statustui rules run "
        "--pending` applies the engagement rules to them later, in time order",
    )

    p = add_command(
        sub,
        "export",
        cmd_export,
        "write a query's contacts (or their engagements) to CSV, JSON or JSON Lines",
        description=(
            "`export QUERY -o FILE` writes every column of the contacts QUERY selects, their tags and custom "
            "fields (field.NAME); `import contacts FILE` reads it back whole. `export events QUERY -o "
            "FILE.jsonl` writes those contacts' engagements in the `import events` format. See "
            "docs/import-export.md."
        ),
    )
    p.usage = "statustui export [contacts|events] QUERY -o FILE"
    p.add_argument(
        "what",
        metavar="QUERY",
        help="a Smart Search query ('' for everyone), or `contacts` or `events` then one",
    )
    p.add_argument("query", nargs="?", metavar="QUERY", help=argparse.SUPPRESS)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.csv, FILE.json or FILE.jsonl")
