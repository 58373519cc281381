"""`statustui [COMMAND]`: the parser (every command module registers its commands) and the error mapping.

Exit status: 0 on success, 2 for a usage or query error (message on stderr, with the position), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from statustui import __version__
from statustui.cli import (
    changes,
    contacts,
    imports,
    report,
    rules,
    score,
    search,
    searches,
    status,
    workspace,
)
from statustui.text_safety import SafeWriter

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

# In the order `statustui --help` lists them.
COMMAND_MODULES = (workspace, imports, contacts, search, changes, score, report, status, rules, searches)


def _parse_now(text: str) -> int:
    from datetime import UTC

    from statustui.timeutil import TimeError, parse_instant

    try:
        return parse_instant(text, UTC)
    except TimeError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


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
    parser.set_defaults(func=workspace.cmd_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


# The errors a person can cause: (module, class, exit status): 2 for a usage or input error, 1 for another
# problem the person can act on. A class is looked up only in a module already imported when the error
# happened (an error's class is loaded wherever it can be raised), so no command imports another's modules
# just to name their errors: `search` loads no status editor, `--version` and `init` no language.
USER_ERRORS = (
    ("statustui.cli.common", "UsageError", 2),
    ("statustui.workspace", "WorkspaceError", 2),
    ("statustui.status_admin", "StatusEditError", 2),
    ("statustui.language.errors", "LanguageError", 2),
    ("statustui.config", "ConfigError", 2),
    ("statustui.rules.pending", "RulesBlockImport", 2),
    ("statustui.errors", "ServiceError", 1),
    ("statustui.store.db", "StoreError", 1),
    ("statustui.import_export.errors", "ImportProblem", 1),
    ("statustui.searches", "ViewError", 2),
    ("statustui.searches", "SearchesError", 1),
)


def exit_status(error: Exception) -> int | None:
    """The exit status for an error a person caused, or None for a bug."""
    for module, name, code in USER_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(error, getattr(loaded, name)):
            return code
    return 1 if isinstance(error, OSError) else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.func is workspace.cmd_app:  # the app draws the screen itself
        return _run(args)
    # Everything a command prints passes through the one terminal-safety function (data to a pipe or a
    # file goes to text_safety.raw_stream): contact names, rule lines and error messages are data.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeWriter(sys.stdout), SafeWriter(sys.stderr)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = streams


def _run(args: argparse.Namespace) -> int:
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        print("statustui: interrupted; nothing more was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:
        known = exit_status(e)
        if known is not None:
            print(f"statustui: {e}", file=sys.stderr)
            return known
        store = sys.modules.get("statustui.store.db")  # loaded by every command that opened a database
        unusable = store.unusable_reason(e) if store is not None else None
        if unusable:  # a full disk or a read-only database met outside a write transaction
            print(f"statustui: nothing was saved: {unusable}", file=sys.stderr)
            return 1
        if os.environ.get("STATUSTUI_DEBUG"):  # a bug: a short message, the traceback only on request
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
