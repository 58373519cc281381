"""`statustui import contacts FILE`: read, map the columns, validate every row, stage it, then merge set-based
in one transaction (`contacts_merge.py`); with `dry_run`, report what the merge would do and write nothing.

Email identifies a contact: an existing one is updated (empty cells keep what it had; tags are added),
a new one is created with the file's status or the default. Any bad row means nothing is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statustui.changes import close_batch, open_batch
from statustui.config import StatusDef, name_key
from statustui.import_export import contacts_merge
from statustui.import_export.cells import parse_flag, unguard
from statustui.import_export.csv_input import Table, check_header, read_csv
from statustui.import_export.errors import ImportProblem, ProblemList
from statustui.import_export.headers import ID, ColumnMap, resolve_columns
from statustui.import_export.json_input import read_json
from statustui.import_export.status_map import resolve_status_map
from statustui.store.bulk import create_temp_table, insert_rows
from statustui.store.db import with_retry
from statustui.suggest import closest
from statustui.text_safety import is_safe
from statustui.timeutil import TimeError, parse_instant

if TYPE_CHECKING:
    from statustui.services import Service

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
TAG_SEPARATORS = re.compile(r"[;,]")
Progress = Callable[[int], None]
STAGED = (
    "row_no",
    "email",
    "name",
    "phone",
    "company",
    "source",
    "status",
    "created_at",
    "tags",
    "fields",
    "unsubscribed",
    "status_manual",
    "status_changed_at",
    "score_bonus",
    "file_id",
)
# The columns read by position from every row: the standard ones, then the export's own.
PICKED = (*STAGED[1:9], *STAGED[10:14], ID)


@dataclass
class ContactImportOptions:
    default_status: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)  # --map COLUMN=FIELD
    status_map: Mapping[str, str] = field(default_factory=dict)  # --status-map (over [import.status_map])
    encoding: str | None = None  # --encoding; detected when None
    dry_run: bool = False


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changed: int = 0
    created_ids: list[int] | None = None
    batch_id: int | None = None  # the import's batch (for undo)
    mapping: list[str] = field(default_factory=list)  # how the columns were read, for printing
    status_moves: list[tuple[str, str, int]] = field(default_factory=list)  # (from, to, contacts)
    new_statuses: list[tuple[str, int]] = field(default_factory=list)  # (status, new contacts)
    problems: list[str] = field(default_factory=list)  # a dry run lists them instead of raising
    dry_run: bool = False

    def summary(self) -> str:
        verb = (
            ("would be created", "would be updated", "unchanged")
            if self.dry_run
            else (
                "contacts created",
                "updated",
                "unchanged",
            )
        )
        counts = f"{self.rows} rows: {self.created} {verb[0]}, {self.updated} {verb[1]}, {self.unchanged} {verb[2]}"
        if self.dry_run:
            return counts
        return counts + (f", {self.status_changed} status changes" if self.status_changed else "")

    def preview_lines(self) -> list[str]:
        """A dry run's statuses: what new contacts would get, and each change of an existing contact's."""
        new = ", ".join(f"{n} {status}" for status, n in self.new_statuses)
        return ([f"new contacts: {new}"] if new else []) + [
            f"status change: {old} -> {new}: {n} contact{'s' * (n != 1)}" for old, new, n in self.status_moves
        ]


def read_table(path: Path, encoding: str | None = None) -> Table:
    """A CSV file, a JSON array (FILE.json) or JSON Lines (FILE.jsonl), as a header and text cells."""
    if path.suffix.lower() in (".json", ".jsonl"):
        return read_json(path)
    return read_csv(path, encoding)


def import_contacts(
    service: Service,
    path: Path,
    options: ContactImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    options = options or ContactImportOptions()
    db = service.db
    config = service.config
    default = (
        service.resolve_status(options.default_status) if options.default_status else config.default_status
    )
    status_map = resolve_status_map(config, config.status_map, options.status_map)
    table = read_table(path, options.encoding)
    check_header(path, table.header, required=())
    columns = resolve_columns(table.header, dict(options.mapping))
    report = ImportReport(dry_run=options.dry_run)
    report.mapping = [f"reading {path.name} ({', '.join(table.notes)}):", *columns.describe()]
    if columns.index("email") is None:
        raise ImportProblem(
            f"{path.name}: row 1: the header has no email column (columns found: {', '.join(table.header)}); "
            f"if one of them holds the emails, name it: --map '{_email_guess(table.header)}=email'; "
            "nothing was imported"
        )
    keep_ids = columns.index(ID) is not None and service.contact_count() == 0
    problems = ProblemList(path.name)
    unknown_status: dict[str, list[int]] = {}
    rows = _staged_rows(
        service, table, columns, status_map, keep_ids, problems, unknown_status, report, progress
    )
    create_temp_table(
        db,
        "stage_contact",
        "row_no INTEGER, email TEXT, name TEXT, phone TEXT, company TEXT, source TEXT, status TEXT, "
        "created_at BIGINT, tags TEXT, fields TEXT, unsubscribed BOOLEAN, status_manual BOOLEAN, "
        "status_changed_at BIGINT, score_bonus INTEGER, file_id BIGINT",
    )
    try:
        with db.atomic():
            insert_rows(db, "stage_contact", STAGED, rows)
        if unknown_status:
            rows_of = sorted(n for numbers in unknown_status.values() for n in numbers)
            where = f"{table.unit}{'s' * (len(rows_of) > 1)} {_listed(rows_of)}, column status"
            problems.add(where, _unknown_statuses(unknown_status, [s.name for s in config.statuses]))
        contacts_merge.check_duplicates(db, problems, keep_ids)
        if options.dry_run:
            report.problems = problems.items + (
                [f"... and {problems.count - len(problems.items)} more problems"]
                if problems.count > len(problems.items)
                else []
            )
            contacts_merge.preview(service, default.name, report)
            return report
        problems.raise_if_any()
        now = service.now()

        def merge() -> None:
            batch_id = open_batch(db, "import", f"import contacts {path.name}", now)
            contacts_merge.merge(service, default.name, now, keep_ids, report, batch_id)
            # The rules, in the same transaction and batch: all or nothing, and one undo.
            if report.created_ids:
                service._after_create(report.created_ids, batch_id)
            if report.status_changed:
                service._after_status_change(batch_id)
            report.batch_id = close_batch(db, batch_id)

        with_retry(db, merge, "import")
    finally:
        contacts_merge.drop_staging(db)
    return report


def _staged_rows(
    service: Service,
    table: Table,
    columns: ColumnMap,
    status_map: dict[str, StatusDef],
    keep_ids: bool,
    problems: ProblemList,
    unknown_status: dict[str, list[int]],
    report: ImportReport,
    progress: Progress | None,
) -> Iterator[tuple[Any, ...]]:
    """One staged tuple (STAGED's columns) per good row; a bad row adds a problem and is left out."""
    config = service.config
    tz = config.tz
    width = len(table.header)
    # Each column's position in one C-level call a row; a column the file lacks reads the cell past the end.
    pick = itemgetter(*[width if (i := columns.index(name)) is None else i for name in PICKED])
    fields = columns.fields()
    name_parts = columns.name_parts
    statuses: dict[str, StatusDef | None] = {}  # a file names a few statuses a million times
    unit = table.unit

    def lookup(value: str) -> StatusDef | None:
        if value not in statuses:
            statuses[value] = status_map.get(name_key(value)) or config.status(value)
        return statuses[value]

    def instant(text: str, where: str) -> int | None:
        try:
            return parse_instant(text, tz) if text else None
        except TimeError as e:
            problems.add(where, str(e))
            return None

    def flag(text: str, where: str) -> bool | None:
        value = parse_flag(text) if text else None
        if text and value is None:
            problems.add(where, f"{text!r} is not true or false")
        return value

    for number, raw in table.rows:
        if not "".join(raw).strip():
            continue  # blank line
        if len(raw) > width:
            problems.add(f"{unit} {number}", f"has {len(raw)} cells but the header names {width} columns")
            continue
        guarded = table.guarded and "'" in "".join(raw)  # most rows hold no quote: no guard to reverse
        cells = [unguard(c.strip()) for c in raw] if guarded else [c.strip() for c in raw]
        cells += [""] * (width + 1 - len(cells))
        email, name, phone, company, source, status_name, created, tags_cell, *system = pick(cells)
        at = f"{unit} {number}"
        known_problems = problems.count
        email = email.lower()
        if not EMAIL.match(email) or not is_safe(email):
            problems.add(
                f"{at}, column email", f"{email!r} is not an email address" if email else "the email is empty"
            )
            continue
        status = None
        if status_name:
            found = lookup(status_name)
            if found is None:
                unknown_status.setdefault(status_name, []).append(number)
                continue
            status = found.name
        created_at = instant(created, f"{at}, column created_at")
        unsubscribed, manual, changed_at, bonus, file_id = None, None, None, None, None
        if any(system):  # the columns of statustui's own export
            unsub_text, manual_text, changed_text, bonus_text, id_text = system
            unsubscribed = flag(unsub_text, f"{at}, column unsubscribed")
            manual = flag(manual_text, f"{at}, column status_manual")
            changed_at = instant(changed_text, f"{at}, column status_changed_at")
            bonus = _integer(bonus_text, f"{at}, column score_bonus", problems, BONUS_RANGE)
            file_id = _integer(id_text, f"{at}, column id", problems, ID_RANGE) if keep_ids else None
        if problems.count > known_problems:
            continue
        name = name or " ".join(cells[i] for i in name_parts if cells[i])
        tags = [name_key(t) for t in TAG_SEPARATORS.split(tags_cell) if t.strip()] if tags_cell else []
        custom = [(key, cells[i]) for i, key in fields if cells[i]]
        report.rows += 1
        if progress and report.rows % 10_000 == 0:
            progress(report.rows)
        yield (
            number,
            email,
            name or None,
            phone or None,
            company or None,
            source or None,
            status,
            created_at,
            ";".join(dict.fromkeys(tags)) or None,
            "\x1f".join(f"{k}\x1e{v}" for k, v in custom) or None,
            unsubscribed,
            manual,
            changed_at,
            bonus,
            file_id,
        )


# The system columns' whole numbers fit their database columns (32-bit on PostgreSQL); a score bonus stays
# within what `add score` may give, so the score it adds to cannot overflow either.
ID_RANGE = (1, 2**31 - 1)
BONUS_RANGE = (-1_000_000, 1_000_000)


def _integer(text: str, where: str, problems: ProblemList, bounds: tuple[int, int]) -> int | None:
    """The cell's whole number; None when it is empty or (after adding a problem) not a whole number in
    `bounds`."""
    if not text:
        return None
    low, high = bounds
    try:
        value = int(text) if len(text) <= 20 else None
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        problems.add(where, f"{text[:30]!r} is not a whole number from {low:,} to {high:,}")
        return None
    return value


def _unknown_statuses(unknown: dict[str, list[int]], statuses: list[str]) -> str:
    """One grouped problem: each value, how many rows, a did-you-mean; and the flag that maps them."""
    many = len(unknown) > 1
    lines = [
        f"{len(unknown)} value{'s are' if many else ' is'} not {'statuses' if many else 'a status'} here:"
    ]
    pairs = []
    for value, numbers in sorted(unknown.items(), key=lambda kv: -len(kv[1])):
        listed = _listed(numbers)
        guess = closest(value, statuses)
        lines.append(
            f"  {value!r}: {len(numbers)} row{'s' * (len(numbers) > 1)} ({listed})"
            + (f" - did you mean {guess}?" if guess else "")
        )
        pairs.append(f"{value}={guess or 'STATUS'}")
    lines.append(
        f"  statuses: {', '.join(statuses)}; map the values: --status-map '{', '.join(pairs)}' "
        "(or an [import.status_map] table in statustui.toml)"
    )
    return "\n".join(lines)


def _listed(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:5])) + (", ..." if len(numbers) > 5 else "")


def _email_guess(header: list[str]) -> str:
    return next((h for h in header if "mail" in h.lower()), "COLUMN")
