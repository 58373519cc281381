"""What the command modules share: opening the service, registering commands, progress and the table."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from statustui.text_safety import raw_stream

Command = Callable[[argparse.Namespace], int]
# argparse's `add_subparsers()` result (its class is private).
Subparsers = Any


class UsageError(Exception):
    """Bad arguments: exit status 2."""


# Counts given as options (--limit, --contacts, positions): the query language's bound (language/limits.py),
# so a count fits every database's integer column.
MAX_COUNT = 10**15 - 1


def count(text: str) -> int:
    """An argparse type: a whole number from 0 to MAX_COUNT (argparse names the option in its error)."""
    try:
        value = int(text) if len(text) <= 20 else -1
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"{text[:30]!r} is not a whole number from 0 to {MAX_COUNT:,}")
    return value


def add_command(
    parent: Subparsers, name: str, func: Command, help: str, description: str | None = None
) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = parent.add_parser(
        name,
        help=help,
        description=description or help,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=func)
    return p


def add_group(sub: Subparsers, name: str, help: str) -> Subparsers:
    """A command group (`statustui status ...`); alone it prints its help and exits with 2."""
    p = sub.add_parser(name, help=help, description=help)
    p.set_defaults(func=lambda _args, p=p: (p.print_help(), 2)[1])
    return p.add_subparsers(title="commands", metavar="COMMAND")


def open_service(args: argparse.Namespace, **options: Any) -> Any:
    from statustui.services import Service  # here, not at the top: `statustui --version` stays cheap

    return Service.open(args.workspace, args.database, now=args.now, **options)


def progress(what: str) -> Callable[[int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        print(f"\r{what}: {done:,} rows", end="", file=raw_stream(sys.stderr), flush=True)

    return show


def done_progress() -> None:
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=raw_stream(sys.stderr))


def parse_map(items: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        column, sep, target = item.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise UsageError(f"--map {item!r}: write COLUMN=FIELD, e.g. --map 'E-mail=email'")
        mapping[column] = target
    return mapping


def print_table(rows: list[Any], now: int, out: Any = None) -> None:
    from statustui.timeutil import format_relative

    out = out or sys.stdout
    table: list[tuple[str, ...]] = [("STATUS", "NAME", "EMAIL", "COMPANY", "SCORE", "LAST ENGAGED", "SOURCE")]
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
    print_cells(table, out)


def print_cells(table: list[tuple[str, ...]], out: Any = None) -> None:
    """Rows of cells (the first the header) in aligned columns, each cell printable and at most 40 wide."""
    from statustui.text_safety import printable

    table = [tuple(printable(c)[:40] for c in row) for row in table]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print(
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out or sys.stdout
        )
