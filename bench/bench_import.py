"""Import throughput: `statustui import contacts/events` next to raw sqlite3 `executemany` on the same rows.

Both sides read the same CSV file with Python's csv module and write into an empty database with the
workspace's schema and indexes. The raw anchor does only what it must to make the rows (lower-case the
email, parse the ISO time, look up the contact's id for an event) and inserts in 100k-row transactions,
as the issue's anchor did; ours validates every row, stages, merges and writes history, tags and the
contacts' engagement columns. The workspaces have no rule files: rules have their own target (bench_rules).

    python bench/bench_import.py --contacts 100000 --events 1000000 --scratch bench-data/scratch
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from measure import BENCH_DATA, Row, fmt_rate

from statustui.demo import ACTIONS, COMPANIES, FIRST, LAST, SOURCES, TAGS
from statustui.services import Service
from statustui.workspace import init_workspace

RAW_TRANSACTION = 100_000
DAY = 86400
START = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
STATUSES = ("", "", "", "", "NEW", "WARM", "HOT", "COLD")


def email_of(i: int) -> str:
    return f"person.{i}@example.com"


def write_contacts_csv(path: Path, n: int, seed: int = 11) -> Path:
    """n contacts with every standard column; a quarter have a tag, half a status (else the default)."""
    if path.exists():
        return path
    rng = random.Random(seed)
    tmp = path.with_suffix(".part")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("name", "email", "phone", "company", "source", "status", "created_at", "tags"))
        for i in range(n):
            created = datetime.fromtimestamp(START + rng.randrange(300 * DAY), UTC)
            w.writerow(
                (
                    f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email_of(i),
                    f"+1-555-{rng.randrange(10_000_000):07d}" if rng.random() < 0.7 else "",
                    rng.choice(COMPANIES) if rng.random() < 0.6 else "",
                    rng.choice(SOURCES),
                    rng.choice(STATUSES),
                    created.strftime("%Y-%m-%dT%H:%M"),
                    rng.choice(TAGS) if rng.random() < 0.25 else "",
                )
            )
    tmp.rename(path)
    return path


def write_events_csv(path: Path, contacts: int, n: int, seed: int = 12) -> Path:
    """n engagements of the first `contacts` contacts (skewed: a few contacts have many)."""
    if path.exists():
        return path
    rng = random.Random(seed)
    actions = [(c or "", k) for c, k, _ in ACTIONS if k not in ("stage", "transaction")]
    weights = [w for c, k, w in ACTIONS if k not in ("stage", "transaction")]
    tmp = path.with_suffix(".part")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("email", "kind", "at", "channel", "value"))
        for chunk in range(0, n, 100_000):
            size = min(100_000, n - chunk)
            picks = rng.choices(actions, weights, k=size)
            for channel, kind in picks:
                who = (
                    min(contacts - 1, int(rng.paretovariate(0.5)) - 1)
                    if rng.random() < 0.2
                    else rng.randrange(contacts)
                )
                at = datetime.fromtimestamp(START + rng.randrange(300 * DAY), UTC)
                w.writerow((email_of(who), kind, at.strftime("%Y-%m-%dT%H:%M:%S"), channel, ""))
    tmp.rename(path)
    return path


def fresh_workspace(path: Path) -> Path:
    """An empty leadklozer workspace without rule files, and its schema created."""
    if path.exists():
        shutil.rmtree(path)
    init_workspace(path, "leadklozer")
    for rule_file in (path / "rules").glob("*.rules"):
        rule_file.unlink()
    Service.open(path).close()
    return path


def _raw_connection(workspace: Path) -> sqlite3.Connection:
    con = sqlite3.connect(workspace / "statustui.db", isolation_level=None)
    con.execute("PRAGMA journal_mode=wal")
    con.execute("PRAGMA synchronous=normal")
    con.execute("PRAGMA cache_size=-64000")
    return con


def _epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def _insert_in_transactions(con: sqlite3.Connection, sql: str, rows: Any) -> int:
    total = 0
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == RAW_TRANSACTION:
            con.execute("BEGIN")
            con.executemany(sql, chunk)
            con.execute("COMMIT")
            total += len(chunk)
            chunk = []
    if chunk:
        con.execute("BEGIN")
        con.executemany(sql, chunk)
        con.execute("COMMIT")
        total += len(chunk)
    return total


def raw_contacts(workspace: Path, csv_path: Path) -> int:
    """The anchor: csv.reader + executemany INSERT INTO contact, 100k rows a transaction."""
    con = _raw_connection(workspace)
    with csv_path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        rows = (
            (
                name,
                email.lower(),
                phone or None,
                company or None,
                source or None,
                status or "NEUTRAL",
                False,
                _epoch(created),
                _epoch(created),
                0,
                0,
                False,
                0,
                0,
            )
            for name, email, phone, company, source, status, created, _tags in reader
        )
        n = _insert_in_transactions(
            con,
            'INSERT INTO "contact" (name, email, phone, company, source, status, status_manual, '
            "status_changed_at, created_at, score, score_bonus, unsubscribed, last_engaged_at, engagement_count) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    con.close()
    return n


def raw_events(workspace: Path, csv_path: Path) -> int:
    """The anchor: csv.reader + an email->id dict + executemany INSERT INTO engagement."""
    con = _raw_connection(workspace)
    ids = dict(con.execute('SELECT email, id FROM "contact"'))
    with csv_path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        rows = (
            (ids[email.lower()], channel or None, kind, _epoch(at), value or None, None)
            for email, kind, at, channel, value in reader
        )
        n = _insert_in_transactions(
            con,
            'INSERT INTO "engagement" (contact_id, channel, kind, occurred_at, value, text) '
            "VALUES (?,?,?,?,?,?)",
            rows,
        )
    con.close()
    return n


def ours_contacts(workspace: Path, csv_path: Path) -> int:
    service = Service.open(workspace)
    try:
        return service.import_contacts(csv_path).rows
    finally:
        service.close()


def ours_events(workspace: Path, csv_path: Path) -> int:
    service = Service.open(workspace)
    try:
        return service.import_events(csv_path).ingested
    finally:
        service.close()


def _timed(work: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    n = work()
    return time.perf_counter() - start, n


def measure(scratch: Path, contacts: int, events: int, repeat: int = 3) -> list[Row]:
    """Median rows/s of both sides over `repeat` alternating runs, each into a fresh workspace."""
    scratch.mkdir(parents=True, exist_ok=True)
    contacts_csv = write_contacts_csv(scratch / f"contacts-{contacts}.csv", contacts)
    events_csv = write_events_csv(scratch / f"events-{contacts}-{events}.csv", contacts, events)
    rates: dict[str, list[float]] = {k: [] for k in ("raw_c", "ours_c", "raw_e", "ours_e")}
    for _ in range(repeat):
        for side, load in (("raw", raw_contacts), ("ours", ours_contacts)):
            ws = fresh_workspace(scratch / f"ws-{side}")
            seconds, n = _timed(lambda ws=ws, load=load: load(ws, contacts_csv))
            rates[f"{side}_c"].append(n / seconds)
        # Events go into a copy of our imported contacts, so both sides see the same contact table.
        base = scratch / "ws-ours"
        for side, load in (("raw", raw_events), ("ours", ours_events)):
            ws = scratch / f"ws-{side}-events"
            if ws.exists():
                shutil.rmtree(ws)
            shutil.copytree(base, ws)
            seconds, n = _timed(lambda ws=ws, load=load: load(ws, events_csv))
            rates[f"{side}_e"].append(n / seconds)
    med = {k: sorted(v)[len(v) // 2] for k, v in rates.items()}
    return [
        _row(f"import {contacts:,} contacts (CSV)", med["raw_c"], med["ours_c"], "contacts"),
        _row(f"import {events:,} engagements (CSV)", med["raw_e"], med["ours_e"], "rows"),
    ]


def _row(what: str, raw: float, ours: float, unit: str) -> Row:
    ratio = raw / ours
    return Row(
        what,
        ">= 1/1.5 of raw executemany",
        f"raw executemany {fmt_rate(raw, unit)}",
        fmt_rate(ours, unit),
        ratio,
        ratio <= 1.5,
    )


def main() -> None:
    from measure import print_table

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--scratch", type=Path, default=BENCH_DATA / "scratch")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print_table(measure(args.scratch, args.contacts, args.events, args.repeat))


if __name__ == "__main__":
    main()
