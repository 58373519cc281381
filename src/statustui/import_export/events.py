"""`statustui import events FILE.jsonl|FILE.csv`: one engagement per line, validated, then ingested in time order.

Fields: `email`, `kind`, `at` (ISO 8601), optional `channel`, `value`, `text`, and `id` (or `external_id`): the
engagement's id in the system it comes from. Every line is checked (known kind and channel, a time, a known
contact) before anything is written; then the whole file is ingested in one transaction, so a crash or an
error leaves the database as it was.

An engagement already in the workspace is skipped: one with the same `id`, or without an id, one with the same
contact, time, channel, kind, value and text. Importing a file twice, or overlapping files, adds each
engagement once and fires no rule twice.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statustui.changes import close_batch, open_batch
from statustui.config import name_key
from statustui.import_export import events_ingest, strict_json
from statustui.import_export.cells import unguard
from statustui.import_export.csv_input import check_header, read_csv, undecoded_column
from statustui.import_export.errors import ImportProblem, ProblemList
from statustui.rules.pending import refuse_while_rules_broken
from statustui.store.bulk import create_temp_table, insert_rows
from statustui.store.db import with_retry
from statustui.suggest import did_you_mean
from statustui.timeutil import TimeError, parse_instant

if TYPE_CHECKING:
    from statustui.services import Service

FIELDS = ("email", "kind", "at", "channel", "value", "text", "id", "external_id")
KNOWN_FIELDS = frozenset(FIELDS)
Progress = Callable[[int], None]


@dataclass
class EventImportOptions:
    skip_unknown: bool = False  # import the rest; the lines of unknown contacts go to a reject file
    create_missing: bool = False  # create unknown contacts with the default status
    encoding: str | None = None  # of a CSV file; detected when None
    without_rules: bool = (
        False  # store the engagements as pending while the rule files have errors (rules.pending)
    )


@dataclass
class EventsReport:
    lines: int = 0
    ingested: int = 0
    already: int = 0  # lines whose engagement the workspace had (or the file listed before)
    status_changes: int = 0
    skipped: int = 0  # lines of unknown contacts (--skip-unknown)
    reject_file: Path | None = None
    contacts_created: int = 0  # --create-missing
    pending: int = 0  # --without-rules: stored, waiting for `rules run --pending`

    def summary(self) -> str:
        parts = [f"{self.ingested} engagements imported"]
        if self.already:
            parts.append(f"{self.already} already there (skipped)")
        if self.contacts_created:
            parts.append(f"{self.contacts_created} contacts created")
        if self.status_changes:
            parts.append(f"{self.status_changes} status changes by rules")
        if self.skipped:
            parts.append(f"{self.skipped} lines of unknown contacts written to {self.reject_file}")
        if self.pending:
            parts.append(
                f"{self.pending} marked pending: `statustui rules run --pending` applies the engagement rules to "
                "them once the rule files are fixed"
            )
        return ", ".join(parts)


def _records(path: Path, encoding: str | None, problems: ProblemList) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row or line number, record) for each row of a CSV file or line of a JSONL file."""
    if path.suffix.lower() == ".csv":
        table = read_csv(path, encoding)
        header = [h.lower() for h in table.header]
        check_header(path, header, required=("email", "kind", "at"))
        unknown = [h for h in header if h not in KNOWN_FIELDS]
        if unknown:
            raise ImportProblem(
                f"{path.name}: row 1: unknown column {unknown[0]!r}{did_you_mean(unknown[0], FIELDS)}; "
                f"event columns are {', '.join(FIELDS)}; nothing was imported"
            )
        for number, cells in table.rows:
            if len(cells) > len(header):  # as contacts do: a cell without a column is a shifted row
                problems.add(
                    f"row {number}", f"has {len(cells)} cells but the header names {len(header)} columns"
                )
                continue
            row = "".join(cells)
            if "'" in row:  # most rows hold no quote: no guard to reverse (`text` strips the cells)
                cells = [unguard(c.strip()) for c in cells]
            if row.strip():
                yield number, dict(zip(header, cells, strict=False))
        return
    for number, line in _lines(path):
        try:
            record = strict_json.loads(line)
        except strict_json.JsonProblem as e:
            problems.add(f"line {number}" + (f", column {e.column}" if e.column else ""), str(e))
            continue
        if not isinstance(record, dict):
            problems.add(
                f"line {number}",
                "must be a JSON object such as "
                '{"email": "a@b.com", "kind": "reply", "at": "2026-11-01T09:30"}',
            )
            continue
        yield number, record


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a JSONL file with their numbers."""
    try:  # bytes that are not UTF-8 are found per line: a decoding error would name a line a buffer early
        handle = path.open(encoding="utf-8-sig", errors="surrogateescape")
    except OSError as e:
        raise ImportProblem(f"{path.name}: {e.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            if undecoded_column([line]):
                raise ImportProblem(f"{path.name}: line {number}: not UTF-8 text; nothing was imported")
            yield number, line


def import_events(
    service: Service, path: Path, options: EventImportOptions | None = None, progress: Progress | None = None
) -> EventsReport:
    options = options or EventImportOptions()
    if options.skip_unknown and options.create_missing:
        raise ImportProblem("--skip-unknown and --create-missing exclude each other; give one")
    if not options.without_rules:
        refuse_while_rules_broken(service)
    db = service.db
    config = service.config
    vocab = config.vocabulary
    problems = ProblemList(path.name)
    report = EventsReport()
    tz = config.tz
    unit = "row" if path.suffix.lower() == ".csv" else "line"

    def text(record: dict[str, Any], key: str) -> str | None:
        value = record.get(key)
        if value is None:
            return None
        value = (value if isinstance(value, str) else str(value)).strip()
        return value or None

    def staged() -> Iterator[tuple[Any, ...]]:
        for seq, (number, record) in enumerate(_records(path, options.encoding, problems)):
            where = f"{unit} {number}"
            if not record.keys() <= KNOWN_FIELDS:
                unknown = [k for k in record if k not in KNOWN_FIELDS]
                problems.add(where, f"unknown field {unknown[0]!r}; fields are {', '.join(FIELDS)}")
                continue
            email = (text(record, "email") or "").lower()
            if not email:
                problems.add(f"{where}, field email", "missing; every engagement names its contact's email")
                continue
            kind = name_key(text(record, "kind") or "")
            if kind not in vocab.kinds:
                problems.add(
                    f"{where}, field kind",
                    f"unknown kind {record.get('kind')!r}"
                    f"{did_you_mean(kind, vocab.kinds)}; kinds: {', '.join(vocab.kinds)}",
                )
                continue
            channel = text(record, "channel")
            if channel is not None:
                channel = name_key(channel)
                if channel not in vocab.channels:
                    problems.add(
                        f"{where}, field channel",
                        f"unknown channel {record.get('channel')!r}"
                        f"{did_you_mean(channel, vocab.channels)}; channels: {', '.join(vocab.channels)}",
                    )
                    continue
            at_text = text(record, "at")
            if at_text is None:
                problems.add(
                    f"{where}, field at", "missing; give the time as ISO 8601, e.g. 2026-11-01T09:30"
                )
                continue
            try:
                at = parse_instant(at_text, tz)
                if at <= 0:  # a contact's last_engaged_at 0 means "never"
                    raise TimeError(f"{at_text!r} is before 1970; engagements start at 1970-01-01T00:00Z")
            except TimeError as e:
                problems.add(f"{where}, field at", str(e))
                continue
            value = text(record, "value")
            if kind == "stage" and value is not None:
                value = name_key(value)
                if value not in vocab.stages:
                    problems.add(
                        f"{where}, field value",
                        f"unknown stage {record.get('value')!r}"
                        f"{did_you_mean(value, vocab.stages)}; stages: {', '.join(vocab.stages)}",
                    )
                    continue
            report.lines += 1
            if progress and report.lines % 50_000 == 0:
                progress(report.lines)
            external = text(record, "id" if "id" in record else "external_id")
            yield (seq, number, email, channel, kind, at, value, text(record, "text"), external)

    create_temp_table(
        db,
        "stage_event",
        "seq BIGINT, line_no BIGINT, email TEXT, channel TEXT, kind TEXT, at BIGINT, value TEXT, text TEXT, "
        "external_id TEXT, contact_id BIGINT",
    )
    try:
        with db.atomic():
            insert_rows(
                db,
                "stage_event",
                ("seq", "line_no", "email", "channel", "kind", "at", "value", "text", "external_id"),
                staged(),
            )
        events_ingest.resolve_contacts(db)
        missing = events_ingest.unknown_contacts(db)
        if missing and not (options.skip_unknown or options.create_missing):
            _unknown_problems(problems, unit, missing, events_ingest.count_unknown(db))
        problems.raise_if_any()
        rejected = events_ingest.unknown_lines(db) if missing and options.skip_unknown else set()

        def ingest() -> None:
            batch_id = open_batch(db, "import", f"import events {path.name}", service.now())
            if options.create_missing:
                report.contacts_created = events_ingest.create_missing_contacts(service, batch_id)
            report.skipped = events_ingest.drop_unknown(db)
            report.already = events_ingest.drop_known(db)
            if options.without_rules:
                report.ingested, report.pending = events_ingest.ingest_pending(service, batch_id)
            else:
                report.ingested, report.status_changes = events_ingest.ingest(service, batch_id)
            close_batch(db, batch_id)

        with_retry(db, ingest, "import")
        if rejected:
            report.reject_file = _write_rejects(path, rejected)
    finally:
        db.execute_sql('DROP TABLE IF EXISTS "stage_event"')
    return report


def _unknown_problems(problems: ProblemList, unit: str, missing: list[tuple[int, str]], total: int) -> None:
    for number, email in missing:
        problems.add(f"{unit} {number}, field email", f"no contact with email {email!r}")
    problems.count += total - len(missing)
    problems.advice.append(
        f"{total} {unit}{'s' * (total != 1)} name contacts this workspace does not have. Import those "
        "contacts first, or run again with --skip-unknown (import the rest; those lines go to a reject file) "
        "or --create-missing (create them with the default status)",
    )


def _write_rejects(path: Path, numbers: set[int]) -> Path:
    """The skipped lines, as they were, in a file beside the input that imports once the contacts exist."""
    out = path.with_name(f"{path.stem}.rejected{path.suffix}")
    if path.suffix.lower() == ".csv":
        table = read_csv(path)
        with out.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(table.header)
            writer.writerows(cells for number, cells in table.rows if number in numbers)
    else:
        with out.open("w", encoding="utf-8", errors="surrogateescape") as f:
            f.writelines(
                line if line.endswith("\n") else line + "\n" for n, line in _lines(path) if n in numbers
            )
    return out
