"""Opening the app, `statustui init` and `statustui demo`.

Like every command module, it imports the core inside the command functions: `statustui --version` and
`--help` stay cheap.
"""

from __future__ import annotations

import argparse
import sys

from statustui.cli.common import Subparsers, UsageError, add_command, count, done_progress, open_service
from statustui.text_safety import raw_stream


def cmd_app(args: argparse.Namespace) -> int:
    if args.demo:
        from statustui.demo import demo_workspace

        args.workspace = str(demo_workspace())
    from statustui.tui import APP_CACHE_KIB, run_app

    service = open_service(args, cache_kib=APP_CACHE_KIB)

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
            print(
                f"\rbuilding demo: {what} {done:,}/{total:,}", end="", file=raw_stream(sys.stderr), flush=True
            )

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
    done_progress()
    print(f"demo workspace with {args.contacts:,} contacts in {path}; open it: statustui -w {args.dir}")
    return 0


def register(sub: Subparsers) -> None:
    from statustui.resources import preset_names

    p = add_command(sub, "init", cmd_init, "create a workspace from a preset")
    p.add_argument("dir", nargs="?", default=".", help="folder to create it in (default: here)")
    p.add_argument(
        "--preset",
        default="leadklozer",
        choices=preset_names(),
        help="statuses, colors and rules of the system you come from (default: leadklozer)",
    )

    p = add_command(
        sub, "demo", cmd_demo, "build a realistic demo workspace (contacts with a year of activity)"
    )
    p.add_argument("dir", help="folder for the demo workspace")
    p.add_argument(
        "--contacts", type=count, default=10_000, metavar="N", help="how many contacts (default 10000)"
    )
    p.add_argument("--preset", default="leadklozer", choices=preset_names())
