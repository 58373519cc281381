"""`statustui import contacts|events` (the core is imported inside the command functions: start-up time)."""

from __future__ import annotations

import argparse
from pathlib import Path

from statustui.cli.common import (
    Subparsers,
    add_command,
    add_group,
    done_progress,
    open_service,
    parse_map,
    progress,
)


def cmd_import_contacts(args: argparse.Namespace) -> int:
    service = open_service(args)
    report = service.import_contacts(
        Path(args.file), args.default_status, parse_map(args.map), progress=progress("importing contacts")
    )
    done_progress()
    print(report.summary())
    return 0


def cmd_import_events(args: argparse.Namespace) -> int:
    service = open_service(args)
    report = service.import_events(Path(args.file), progress=progress("importing events"))
    done_progress()
    print(report.summary())
    return 0


def register(sub: Subparsers) -> None:
    imp = add_group(sub, "import", "import contacts or engagements")
    p = add_command(
        imp,
        "contacts",
        cmd_import_contacts,
        "import contacts from CSV",
        description=(
            "Import contacts from a CSV file with a header row. Columns: name, email (required), phone, company, "
            "source, status, created_at (ISO 8601), tags (';'-separated); any other column becomes a custom field "
            "(field.NAME in searches). Email identifies a contact: an existing one is updated. Any bad row means "
            "nothing is imported, and every problem is listed with its row and column."
        ),
    )
    p.add_argument("file", help="FILE.csv (UTF-8)")
    p.add_argument("--default-status", metavar="S", help="status for new contacts without one in the file")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COL=FIELD",
        help="read column COL as FIELD, e.g. --map 'E-mail=email' (repeatable)",
    )
    p = add_command(
        imp,
        "events",
        cmd_import_events,
        "import engagements from JSONL or CSV",
        description=(
            "Import engagements, one per line: email, kind, at (ISO 8601), and optional channel, value, text. "
            'JSONL example: {"email": "ann@example.com", "channel": "facebook", "kind": "comment", '
            '"at": "2026-11-01T09:30"}. Rules run on them in time order. All or nothing.'
        ),
    )
    p.add_argument("file", help="FILE.jsonl or FILE.csv")
