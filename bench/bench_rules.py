"""Rules throughput on a demo workspace (`statustui demo`, leadklozer preset, about 10 engagements a contact).

1. Event ingestion with the leadklozer rules active (events in time order, "now" = each event's time, facts
   loaded per batch and kept in memory, results written in bulk), next to the plain bulk path without rules
   on the same rows. Target: at least 20,000 events/s with the rules.
2. A schedule rule ("Hot leads cool off": status = HOT and not engaged within 30d -> WARM, add tag cooled)
   run set-based by `statustui rules run`, next to a hand-written INSERT..SELECT + UPDATE doing the same
   status change on a fresh copy of the same database.

    python bench/bench_rules.py --contacts 100000 --events 200000 --scratch bench-data/rules
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import time
from pathlib import Path
from typing import Any

from measure import BENCH_DATA, Row, fmt_ms, fmt_rate, print_table

from statustui.demo import build_demo
from statustui.rules.runtime import rule_set, run_rules
from statustui.services import Service
from statustui.store.db import with_retry

NOW = 1_790_000_000  # 2026-09-21: the demo's year of activity ends here
DAY = 86400
COOL_OFF = """rule "Hot leads cool off"
  on schedule
  when status = HOT and not engaged within 30d
  then set status WARM, add tag cooled
"""
CHANNELS = ("facebook", "email", "website", "phone", "instagram")
KINDS = ("comment", "like", "open", "click", "visit", "reply", "call")


def events(n: int, contacts: int, seed: int = 5) -> list[tuple[Any, ...]]:
    """n engagements after the demo's history, over random contacts, in time order."""
    rng = random.Random(seed)
    rows = [
        (
            rng.randrange(1, contacts + 1),
            rng.choice(CHANNELS),
            rng.choice(KINDS),
            NOW + rng.randrange(30 * DAY),
            None,
            None,
        )
        for _ in range(n)
    ]
    rows.sort(key=lambda r: r[3])
    return rows


def fresh(base: Path, name: str, with_rules: bool, extra_rule: str | None = None) -> Path:
    """A copy of the base workspace (database included); without rules: no rule files at all."""
    target = base.parent / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(base, target)
    rules = target / "rules"
    if not with_rules:
        for f in rules.glob("*.rules"):
            f.unlink()
    if extra_rule:
        (rules / "30-cool-off.rules").write_text(extra_rule)
    return target


def ingest_seconds(workspace: Path, rows: list[tuple[Any, ...]]) -> tuple[float, int]:
    """(wall seconds, status changes by rules): what bench/run.py reports."""
    seconds, _cpu, changes = ingest_timings(workspace, rows)
    return seconds, changes


def ingest_timings(workspace: Path, rows: list[tuple[Any, ...]]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, status changes). SQLite works inside the process, so the
    CPU time is the whole cost; on a shared machine the wall time also counts other processes' turns."""
    service = Service.open(workspace, now=NOW)
    start, cpu = time.perf_counter(), time.process_time()
    result = with_retry(service.db, lambda: service.add_engagements(iter(rows)), "bench")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    service.close()
    return seconds, cpu, result.status_changes


def schedule_seconds(workspace: Path) -> tuple[float, int]:
    service = Service.open(workspace, now=NOW + 40 * DAY)
    rule_set(service)  # parsing the rule files (and building the parser once a process) is not the run
    start = time.perf_counter()
    report = run_rules(service)
    seconds = time.perf_counter() - start
    service.close()
    return seconds, report.changed


def hand_written_seconds(workspace: Path) -> tuple[float, int]:
    """The same change as plain SQL: history rows by INSERT..SELECT, the tag, then one UPDATE."""
    service = Service.open(workspace, now=NOW + 40 * DAY)
    db, p, now = service.db, service.db.param, NOW + 40 * DAY
    where = f"status = {p} AND last_engaged_at < {p}"
    args = ("HOT", now - 30 * DAY)
    start = time.perf_counter()
    with db.atomic():
        db.execute_sql(
            f'INSERT INTO "status_history" (contact_id, at, old_status, new_status, actor, actor_name, manual, '
            f"old_manual, old_unsubscribed) SELECT id, {p}, status, {p}, {p}, {p}, {p}, status_manual, unsubscribed "
            f'FROM "contact" WHERE {where} AND NOT status_manual',
            (now, "WARM", "rule", "Hot leads cool off", False, *args),
        )
        db.execute_sql(
            f'INSERT INTO "contact_tag" (contact_id, tag) SELECT id, {p} FROM "contact" WHERE {where} '
            "ON CONFLICT DO NOTHING",
            ("cooled", *args),
        )
        n = db.execute_sql(
            f'UPDATE "contact" SET status = {p}, status_manual = {p}, status_changed_at = {p} '
            f"WHERE {where} AND NOT status_manual",
            ("WARM", False, now, *args),
        ).rowcount
    seconds = time.perf_counter() - start
    service.close()
    return seconds, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--scratch", type=Path, default=BENCH_DATA / "rules")
    args = parser.parse_args()
    base = args.scratch / f"demo-{args.contacts}"
    if not (base / "statustui.db").exists():
        print(f"building a demo workspace of {args.contacts:,} contacts in {base} ...", flush=True)
        build_demo(base, args.contacts, preset="leadklozer", now=NOW)
    rows = events(args.events, args.contacts)

    plain, plain_cpu, _ = ingest_timings(fresh(base, "plain", with_rules=False), rows)
    ruled, ruled_cpu, changes = ingest_timings(fresh(base, "ruled", with_rules=True), rows)
    n = len(rows)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"ingest {n:,} events: plain {fmt_rate(n / plain, 'events')} (CPU {fmt_rate(n / plain_cpu, 'events')}), "
        f"with leadklozer rules {fmt_rate(n / ruled, 'events')} (CPU {fmt_rate(n / ruled_cpu, 'events')}); "
        f"{changes:,} status changes by rules"
    )

    ours, changed = schedule_seconds(fresh(base, "schedule", with_rules=True, extra_rule=COOL_OFF))
    anchor, anchor_changed = hand_written_seconds(fresh(base, "anchor", with_rules=False))
    print(
        f"schedule rule over {args.contacts:,} contacts: {changed:,} changed in {fmt_ms(ours)}; "
        f"hand-written SQL changed {anchor_changed:,} in {fmt_ms(anchor)}"
    )
    print_table(
        [
            Row(
                "event ingestion with leadklozer rules (wall)",
                ">= 20,000 events/s",
                fmt_rate(n / plain, "events"),
                fmt_rate(n / ruled, "events"),
                ruled / plain,
                n / ruled >= 20_000,
            ),
            Row(
                "event ingestion with leadklozer rules (CPU)",
                ">= 20,000 events/s",
                fmt_rate(n / plain_cpu, "events"),
                fmt_rate(n / ruled_cpu, "events"),
                ruled_cpu / plain_cpu,
                n / ruled_cpu >= 20_000,
            ),
            Row(
                "schedule rule, set-based",
                "same order as a hand-written UPDATE",
                fmt_ms(anchor),
                fmt_ms(ours),
                ours / anchor if anchor else None,
                changed == anchor_changed,
            ),
        ]
    )


if __name__ == "__main__":
    main()
