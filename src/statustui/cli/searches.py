"""`statustui searches list|save|run|delete` over the workspace's searches.toml (the core is imported inside
the command functions: start-up time)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from statustui.cli.common import Subparsers, add_command, add_group, open_service, print_cells
from statustui.cli.search import add_output_options, cmd_search


def _open(args: argparse.Namespace) -> tuple[Any, Path, Any]:
    from statustui.language import context_for

    service = open_service(args)
    return service, service.workspace.searches_path, context_for(service)


def cmd_searches_list(args: argparse.Namespace) -> int:
    from statustui.searches import list_searches
    from statustui.text_safety import printable

    _service, path, ctx = _open(args)
    statuses = list_searches(path, ctx)
    if not statuses:
        print("no saved searches (statustui searches save NAME QUERY)")
    broken = 0
    for st in statuses:
        about = f"  - {st.search.description}" if st.search.description else ""
        print(printable(f"{st.search.name}: {st.search.full_query}{about}"))  # the file's text is data
        if st.error is not None:
            broken += 1
            print("  BROKEN: " + "\n  ".join(printable(line) for line in str(st.error).splitlines()))
    return 1 if broken else 0


def cmd_searches_save(args: argparse.Namespace) -> int:
    from statustui.searches import SavedSearch, save_search

    _service, path, ctx = _open(args)
    columns = tuple(c.strip() for c in args.columns.split(",") if c.strip()) if args.columns else None
    replaced = save_search(
        path, SavedSearch(args.name, args.query, args.description, args.sort, columns), ctx
    )
    print(f"{'replaced' if replaced else 'saved'} search {args.name!r}")
    return 0


def cmd_searches_run(args: argparse.Namespace) -> int:
    from statustui.searches import find_search

    service, path, ctx = _open(args)
    saved = find_search(path, args.name)
    args.query = saved.full_query
    if saved.columns and args.format == "table" and not args.count:
        return _print_view(service, saved, ctx, args.limit or 50)
    return cmd_search(args)


def _print_view(service: Any, saved: Any, ctx: Any, limit: int) -> int:
    """A saved view as a table of its own columns."""
    import sys

    from statustui.searches import check_columns, column_text
    from statustui.store.paging import fetch_page

    check_columns(saved.columns, ctx)
    search = service.compile_search(saved.full_query)
    rows = fetch_page(
        search.where, search.order, min(limit, search.limit or limit), fields=saved.custom_fields
    )
    now, tz = service.now(), service.config.tz
    header = tuple(c.removeprefix("field.").upper() for c in saved.columns)
    print_cells([header, *(tuple(column_text(r, c, now, tz) for c in saved.columns) for r in rows)])
    total = service.count(search)
    if total > len(rows):
        print(f"... {len(rows)} of {total:,} shown (--limit N for more, or export)", file=sys.stderr)
    return 0


def cmd_searches_delete(args: argparse.Namespace) -> int:
    from statustui.searches import delete_search

    _service, path, _ctx = _open(args)
    print(f"deleted search {delete_search(path, args.name).name!r}")
    return 0


def register(sub: Subparsers) -> None:
    sg = add_group(sub, "searches", "saved searches (searches.toml)")
    add_command(sg, "list", cmd_searches_list, "saved searches, and which no longer compile")
    p = add_command(
        sg, "save", cmd_searches_save, "save a query under a name (replaces one of the same name)"
    )
    p.add_argument("name")
    p.add_argument("query")
    p.add_argument("--description", help="what it is for")
    p.add_argument("--sort", help="order-by keys when the query has none, e.g. 'score desc'")
    p.add_argument(
        "--columns",
        help="the columns `searches run` shows, in order, e.g. 'name,status,field.city,last_engaged'",
    )
    p = add_command(sg, "run", cmd_searches_run, "run a saved search")
    p.add_argument("name")
    add_output_options(p, "at most N rows")
    p = add_command(sg, "delete", cmd_searches_delete, "delete a saved search")
    p.add_argument("name")
