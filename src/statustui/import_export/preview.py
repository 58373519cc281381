"""What the app's import screen shows before an import: what kind of file it is, how its columns are read,
its first rows, and (for contacts) what the import would do, from a dry run."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from statustui.import_export.contacts import ContactImportOptions, import_contacts, read_table
from statustui.import_export.errors import ImportProblem

if TYPE_CHECKING:
    from statustui.services import Service

FIRST_ROWS = 5
EVENT_COLUMNS = frozenset(("kind", "at"))


@dataclass
class Preview:
    path: Path
    kind: str  # "contacts" or "events"
    lines: list[str] = field(default_factory=list)  # what to show, in order
    rows: int = 0  # rows (or lines) to import: the progress bar's total
    ok: bool = True  # no problem found: the import may start


def preview(service: Service, path: Path) -> Preview:
    """Never raises for a bad file: its problems are the preview's lines."""
    try:
        kind = file_kind(path)
        result = Preview(path, kind)
        if kind == "contacts":
            report = import_contacts(service, path, ContactImportOptions(dry_run=True))
            result.lines = [*report.mapping, report.summary(), *report.preview_lines()]
            result.rows = report.rows
            if report.problems:  # first: what stands between the file and an import
                result.ok = False
                result.lines = [
                    f"{len(report.problems)} problem{'s' * (len(report.problems) > 1)}; nothing can be imported yet:",
                    *report.problems,
                    "",
                    *result.lines,
                ]
        else:
            result.rows = _count_lines(path)
            result.lines = [
                f"{path.name}: engagements, {result.rows:,} lines (checked when imported: all or nothing; "
                "lines already in the workspace are skipped)"
            ]
        result.lines += ["first rows:", *_first_rows(path)]
        return result
    except ImportProblem as e:
        return Preview(path, "contacts", lines=str(e).splitlines(), ok=False)
    except OSError as e:
        return Preview(path, "contacts", lines=[f"{path}: {e.strerror}"], ok=False)


def file_kind(path: Path) -> str:
    """Engagements when the columns (or the first JSON line's keys) include kind and at; else contacts."""
    if path.suffix.lower() == ".jsonl":
        with path.open(encoding="utf-8-sig", errors="replace") as f:
            first = next((line for line in f if line.strip()), "{}")
        try:
            keys = set(json.loads(first))
        except (json.JSONDecodeError, TypeError):
            keys = set()
    elif path.suffix.lower() == ".json":
        return "contacts"
    else:
        keys = {h.lower() for h in read_table(path).header}
    return "events" if EVENT_COLUMNS <= keys else "contacts"


def _count_lines(path: Path) -> int:
    with path.open("rb") as f:
        return max(0, sum(1 for line in f if line.strip()) - (path.suffix.lower() == ".csv"))


def _first_rows(path: Path) -> list[str]:
    table = read_table(path)
    return [" | ".join(table.header)] + [" | ".join(cells) for _, cells in islice(table.rows, FIRST_ROWS)]
