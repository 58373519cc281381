"""The command line: `statustui [COMMAND]`. A thin layer over the service API; it never imports Textual
unless it opens the app.

Exit status: 0 on success, 2 for a usage or query error (message on stderr, with the position), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from statustui import __version__

EXAMPLES = """\
examples:
  statustui --demo                              open the app on a demo workspace
  statustui init leads --preset kvcore          create a workspace in ./leads
  statustui -w leads import contacts people.csv
  statustui -w leads import events activity.jsonl
  statustui -w leads search 'status in (HOT, WARM) and engaged facebook within 14d'
  statustui -w leads set-status HOT --email ann@example.com
  statustui -w leads export 'tagged vip' -o vip.csv

A workspace is a folder with statustui.toml; give it with -w/--workspace or $STATUSTUI_WORKSPACE,
or run commands inside it. `statustui COMMAND --help` tells more.
"""


class UsageError(Exception):
    """Bad arguments: exit status 2."""


# -- helpers -------------------------------------------------------------------------------------------------
def _service(args: argparse.Namespace, **options: Any) -> Any:
    from statustui.services import Service

    return Service.open(args.workspace, args.database, now=args.now, **options)


def _progress(what: str) -> Callable[[int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        print(f"\r{what}: {done:,} rows", end="", file=sys.stderr, flush=True)

    return show


def _done_progress() -> None:
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)


def _parse_now(text: str) -> int:
    from datetime import UTC

    from statustui.timeutil import TimeError, parse_instant

    try:
        return parse_instant(text, UTC)
    except TimeError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _parse_map(items: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        column, sep, target = item.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise UsageError(f"--map {item!r}: write COLUMN=FIELD, e.g. --map 'E-mail=email'")
        mapping[column] = target
    return mapping


def _print_table(rows: list[Any], now: int, out: Any = None) -> None:
    from statustui.text_safety import printable
    from statustui.timeutil import format_relative

    out = out or sys.stdout
    table = [("STATUS", "NAME", "EMAIL", "COMPANY", "SCORE", "LAST ENGAGED", "SOURCE")]
    for r in rows:
        table.append(
            (
                r.status + (" *" if r.status_manual else ""),
                r.name,
                r.email or "",
                r.company or "",
                str(r.score),
                format_relative(r.last_engaged_at, now),
                r.source or "",
            )
        )
    table = [tuple(printable(c)[:40] for c in row) for row in table]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)


# -- commands ------------------------------------------------------------------------------------------------
def cmd_app(args: argparse.Namespace) -> int:
    if args.demo:
        from statustui.demo import demo_workspace

        args.workspace = str(demo_workspace())
    from statustui.tui import APP_CACHE_KIB, run_app

    service = _service(args, cache_kib=APP_CACHE_KIB)

    run_app(service)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from statustui.workspace import init_workspace

    path = init_workspace(args.dir, args.preset)
    print(
        f"created a {args.preset} workspace in {path}\n"
        f"next: statustui -w {args.dir} import contacts FILE.csv   (or open it: statustui -w {args.dir})"
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from statustui.demo import build_demo

    def progress(what: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rbuilding demo: {what} {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    if args.contacts < 1:
        raise UsageError("--contacts must be at least 1")
    path = build_demo(
        args.dir,
        args.contacts,
        preset=args.preset,
        now=args.now,
        progress=progress,
        database_url=args.database,
    )
    _done_progress()
    print(f"demo workspace with {args.contacts:,} contacts in {path}; open it: statustui -w {args.dir}")
    return 0


def cmd_import_contacts(args: argparse.Namespace) -> int:
    service = _service(args)
    report = service.import_contacts(
        Path(args.file), args.default_status, _parse_map(args.map), progress=_progress("importing contacts")
    )
    _done_progress()
    print(report.summary())
    return 0


def cmd_import_events(args: argparse.Namespace) -> int:
    service = _service(args)
    report = service.import_events(Path(args.file), progress=_progress("importing events"))
    _done_progress()
    print(report.summary())
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    service = _service(args)
    search = service.compile_search(args.query)
    if args.count:
        print(service.count(search))
        return 0
    from statustui.import_export.export import all_rows, write_csv, write_json

    if args.format == "table":
        rows = service.search(search, limit=args.limit or 50)
        _print_table(rows, service.now())
        total = service.count(search)
        if total > len(rows):
            print(f"... {len(rows)} of {total:,} shown (--limit N for more, or export)", file=sys.stderr)
        return 0
    rows_iter = all_rows(service, search)
    if args.limit is not None:
        from itertools import islice

        rows_iter = islice(rows_iter, args.limit)
    (write_csv if args.format == "csv" else write_json)(rows_iter, sys.stdout, service.config.tz)
    return 0


def cmd_set_status(args: argparse.Namespace) -> int:
    service = _service(args)
    if bool(args.email) == (args.query is not None):
        raise UsageError("give either --email E (one or more) or --query Q ('' selects everyone)")
    ids = service.ids_for_emails(args.email) if args.email else service.search_ids(args.query)
    result = service.set_status(args.status, ids)
    status = service.resolve_status(args.status).name
    print(
        f"{result.changed} contact{'s' * (result.changed != 1)} now {status}"
        + (f"; {result.skipped} already were" if result.skipped else "")
        + (" (undo: statustui undo)" if result.changed else "")
    )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from statustui.text_safety import printable
    from statustui.timeutil import format_instant

    service = _service(args)
    contact = service.find_contact(args.email)
    print(
        f"{printable(contact.name)} <{contact.email}>: {contact.status}"
        + (" (set by a person)" if contact.status_manual else "")
    )
    for h in service.history(contact.id):
        change = f"{h.old_status} -> {h.new_status}" if h.old_status else f"started as {h.new_status}"
        print(f"  {format_instant(h.at, service.config.tz)}  {change:<32}  by {printable(h.actor_label)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from statustui.import_export.export import export

    service = _service(args)
    try:
        n = export(service, service.compile_search(args.query), Path(args.output))
    except ValueError as e:
        raise UsageError(str(e)) from None
    print(f"{n} contacts written to {args.output}")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    service = _service(args)
    result = service.undo()
    print(
        f"{result.message}: {result.changed} contacts restored"
        + (f", {result.skipped} kept (changed since)" if result.skipped else "")
    )
    return 0


def cmd_score_recompute(args: argparse.Namespace) -> int:
    from statustui.scoring.recompute import recompute_scores

    n = recompute_scores(_service(args), rebase=args.rebase)
    print(f"{n:,} scores recomputed" + (" (score date moved to now)" if args.rebase else ""))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from statustui.reports.charts import render_plain, report_charts
    from statustui.reports.queries import build_report
    from statustui.timeutil import TimeError, parse_instant

    service = _service(args)
    try:
        since = parse_instant(args.since, service.config.tz) if args.since else None
    except TimeError as e:
        raise UsageError(f"--since: {e}") from None
    width = min(shutil.get_terminal_size((80, 24)).columns, 120)
    print(render_plain(report_charts(build_report(service, since), service.config, width)), end="")
    return 0


def cmd_status_list(args: argparse.Namespace) -> int:
    service = _service(args)
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
        _service(args),
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


def cmd_status_rename(args: argparse.Namespace) -> int:
    from statustui.status_admin import rename_status

    n = rename_status(_service(args), args.old, args.new)
    print(
        f"renamed {args.old} to {args.new} ({n} contacts); saved searches and rule files that name "
        f"{args.old} need the new name: statustui rules check, statustui searches list"
    )
    return 0


def cmd_status_reorder(args: argparse.Namespace) -> int:
    from statustui.status_admin import reorder_status

    reorder_status(_service(args), args.name, args.position)
    print(f"moved {args.name} to position {args.position}")
    return 0


def cmd_status_merge(args: argparse.Namespace) -> int:
    from statustui.status_admin import merge_status

    result = merge_status(_service(args), args.source, args.target)
    print(f"merged {args.source} into {args.target}: {result.changed} contacts moved (undo: statustui undo)")
    return 0


def cmd_status_delete(args: argparse.Namespace) -> int:
    from statustui.status_admin import delete_status

    delete_status(_service(args), args.name)
    print(f"deleted status {args.name}")
    return 0


# -- parser --------------------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="statustui",
        description="A keyboard-first contact status manager. Without a command, opens the app.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"statustui {__version__}")
    parser.add_argument(
        "-w",
        "--workspace",
        metavar="DIR",
        help="the workspace folder (env STATUSTUI_WORKSPACE; "
        "default: the current folder if it holds statustui.toml)",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        default=None,
        help="override the database: sqlite:///path.db or postgresql://user@host:port/db "
        "(env STATUSTUI_DATABASE)",
    )
    parser.add_argument(
        "--now",
        metavar="ISO",
        type=_parse_now,
        default=None,
        help="fix 'now' (e.g. 2026-11-01T09:00Z) for reproducible runs",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a demo workspace (created on first use)"
    )
    parser.set_defaults(func=cmd_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str,
        func: Callable[[argparse.Namespace], int],
        help: str,
        parent: Any = sub,
        description: str | None = None,
    ) -> argparse.ArgumentParser:
        p = parent.add_parser(
            name,
            help=help,
            description=description or help,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(func=func)
        return p

    def group(name: str, help: str) -> Any:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=lambda _args, p=p: (p.print_help(), 2)[1])
        return p.add_subparsers(title="commands", metavar="COMMAND")

    from statustui.resources import preset_names

    p = command("init", cmd_init, "create a workspace from a preset")
    p.add_argument("dir", nargs="?", default=".", help="folder to create it in (default: here)")
    p.add_argument(
        "--preset",
        default="leadklozer",
        choices=preset_names(),
        help="statuses, colors and rules of the system you come from (default: leadklozer)",
    )

    p = command("demo", cmd_demo, "build a realistic demo workspace (contacts with a year of activity)")
    p.add_argument("dir", help="folder for the demo workspace")
    p.add_argument(
        "--contacts", type=int, default=10_000, metavar="N", help="how many contacts (default 10000)"
    )
    p.add_argument("--preset", default="leadklozer", choices=preset_names())

    imp = group("import", "import contacts or engagements")
    p = command(
        "contacts",
        cmd_import_contacts,
        "import contacts from CSV",
        parent=imp,
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
    p = command(
        "events",
        cmd_import_events,
        "import engagements from JSONL or CSV",
        parent=imp,
        description=(
            "Import engagements, one per line: email, kind, at (ISO 8601), and optional channel, value, text. "
            'JSONL example: {"email": "ann@example.com", "channel": "facebook", "kind": "comment", '
            '"at": "2026-11-01T09:30"}. Rules run on them in time order. All or nothing.'
        ),
    )
    p.add_argument("file", help="FILE.jsonl or FILE.csv")

    p = command(
        "search",
        cmd_search,
        "find contacts with a Smart Search query",
        description=(
            "Run a Smart Search query, e.g. 'status in (HOT, WARM) and engaged facebook within 14d'. "
            "An empty query '' selects everyone. See docs/language.md."
        ),
    )
    p.add_argument("query")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--count", action="store_true", help="print only how many contacts match")
    p.add_argument(
        "--limit", type=int, metavar="N", help="at most N rows (default: 50 for a table, all for csv/json)"
    )

    p = command("set-status", cmd_set_status, "set the status of contacts (by email or by query)")
    p.add_argument("status")
    p.add_argument("--email", nargs="+", metavar="E", help="one or more contacts' emails")
    p.add_argument("--query", metavar="Q", help="every contact this query selects")

    p = command("history", cmd_history, "how a contact got its status")
    p.add_argument("email")

    p = command("export", cmd_export, "write a query's contacts to CSV or JSON")
    p.add_argument("query", help="a Smart Search query ('' for everyone)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.csv or FILE.json")

    command(
        "undo",
        cmd_undo,
        "revert the last batch of status changes (a bulk set-status, an import, a rules run)",
    )

    sc = group("score", "the Smart Score")
    p = command(
        "recompute",
        cmd_score_recompute,
        "rebuild every contact's Smart Score from its engagements, "
        "status and rule bonus (the same numbers the incremental updates give)",
        parent=sc,
    )
    p.add_argument(
        "--rebase",
        action="store_true",
        help="move the score date to now, so engagements older "
        "than score.recent_within count half from now on",
    )

    p = command(
        "report",
        cmd_report,
        "contacts per status, changes per week, funnel, time in status, who "
        "changed statuses (charts from the status history)",
    )
    p.add_argument("--since", metavar="DATE", help="only changes since DATE (ISO 8601, workspace time zone)")

    st = group("status", "list and edit the workspace's statuses")
    command("list", cmd_status_list, "statuses with their counts", parent=st)
    p = command("add", cmd_status_add, "add a status", parent=st)
    p.add_argument("name")
    p.add_argument("--color", default="grey", help="a color name or #rrggbb (default grey)")
    p.add_argument("--type", default="open", choices=("open", "won", "lost"))
    p.add_argument("--follow-up", metavar="DURATION", help="follow-up goal, e.g. 7d")
    p.add_argument("--unsubscribes", action="store_true", help="entering it unsubscribes the contact")
    p.add_argument("--rules-only", action="store_true", help="a person may not set it by hand")
    p.add_argument("--default", action="store_true", help="make it the default for new contacts")
    p.add_argument("--position", type=int, metavar="N", help="place it at position N (1 = first)")
    p = command("rename", cmd_status_rename, "rename a status everywhere", parent=st)
    p.add_argument("old")
    p.add_argument("new")
    p = command("reorder", cmd_status_reorder, "move a status to another position", parent=st)
    p.add_argument("name")
    p.add_argument("position", type=int)
    p = command(
        "merge",
        cmd_status_merge,
        "move every contact of one status into another and remove the first",
        parent=st,
    )
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="INTO")
    p = command("delete", cmd_status_delete, "delete a status no contact ever held", parent=st)
    p.add_argument("name")

    from statustui.rules.commands import add_rules_commands

    add_rules_commands(group, command)

    from statustui.searches import add_searches_commands

    add_searches_commands(group, command)
    return parser


def _error_types() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """(usage errors -> exit 2, other user errors -> exit 1), imported lazily."""
    from statustui.config import ConfigError
    from statustui.import_export.errors import ImportProblem
    from statustui.services import ServiceError
    from statustui.status_admin import StatusEditError
    from statustui.store.db import StoreError
    from statustui.workspace import WorkspaceError

    usage: list[type[BaseException]] = [UsageError, WorkspaceError, StatusEditError]
    try:
        from statustui.language import LanguageError

        usage.append(LanguageError)
    except ImportError:  # the language package is optional only while it is being built
        pass
    from statustui.searches import SearchesError

    return tuple(usage), (ConfigError, ServiceError, StoreError, ImportProblem, SearchesError, OSError)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    usage, failures = _error_types()
    try:
        code = args.func(args)
    except usage as e:
        print(f"statustui: {e}", file=sys.stderr)
        return 2
    except failures as e:
        print(f"statustui: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("statustui: interrupted; nothing more was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug: a short message, the traceback only on request
        if os.environ.get("STATUSTUI_DEBUG"):
            raise
        print(
            f"statustui: internal error: {type(e).__name__}: {e}\n"
            "(set STATUSTUI_DEBUG=1 to see the traceback, and please report it)",
            file=sys.stderr,
        )
        return 1
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
