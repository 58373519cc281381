"""`statustui search` (the core is imported inside the command functions)."""

from __future__ import annotations

import argparse
import sys

from statustui.cli.common import Subparsers, add_command, count, open_service, print_table
from statustui.text_safety import raw_stream


def cmd_search(args: argparse.Namespace) -> int:
    service = open_service(args)
    search = service.compile_search(args.query)
    if args.count:
        print(service.count(search))
        return 0
    from statustui.import_export.export import write_csv, write_json

    if args.format == "table":
        rows = service.search(search, limit=args.limit or 50)
        print_table(rows, service.now())
        total = service.count(search)
        if total > len(rows):
            print(f"... {len(rows)} of {total:,} shown (--limit N for more, or export)", file=sys.stderr)
        return 0
    if args.format == "json":  # write_json escapes what a terminal would act on: exact data, and safe
        write_json(service, search, raw_stream(sys.stdout), args.limit)
    else:  # exact to a pipe or a file; on a terminal, made safe like all other output
        write_csv(service, search, sys.stdout if sys.stdout.isatty() else raw_stream(sys.stdout), args.limit)
    return 0


def add_output_options(p: argparse.ArgumentParser, limit_help: str) -> None:
    """--format, --count and --limit: shared with `searches run`."""
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--count", action="store_true", help="print only how many contacts match")
    p.add_argument("--limit", type=count, metavar="N", help=limit_help)


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "search",
        cmd_search,
        "find contacts with a Smart Search query",
        description=(
            "Run a Smart Search query, e.g. 'status in (HOT, WARM) and engaged facebook within 14d'. "
            "An empty query '' selects everyone. See docs/language.md."
        ),
    )
    p.add_argument("query")
    add_output_options(p, "at most N rows (default: 50 for a table, all for csv/json)")
