"""Smart Score and reports on a demo workspace (`statustui demo`, leadklozer preset).

Times (median of 5 after a warm-up) for: the full set-based `score recompute`, next to a bare full-table
`UPDATE contact SET score = score_bonus` (the cost of touching every row, its anchor); the report's five
queries; the overdue count (the language's `overdue`); the TOP threshold.

    python bench/bench_scoring.py --contacts 100000 --scratch bench-data/scoring

On SQLite at 100,000 contacts / 1.04M engagements / 143k history rows (2026-11-23): recompute 618 ms (anchor
93 ms), all five reports 566 ms, overdue count 15 ms, TOP threshold 0.2 ms.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from measure import BENCH_DATA, fmt_ms, median_seconds

from statustui.demo import build_demo
from statustui.reports.queries import build_report, changes_by_actor, funnel, time_in_status, weekly_changes
from statustui.scoring.recompute import recompute_scores
from statustui.services import Service
from statustui.store.models import Contact
from statustui.store.ranking import top_threshold

NOW = 1_790_000_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--scratch", type=Path, default=BENCH_DATA / "scoring")
    args = parser.parse_args()
    shutil.rmtree(args.scratch, ignore_errors=True)
    path = build_demo(args.scratch / "ws", contacts=args.contacts, now=NOW)
    service = Service.open(path, now=NOW)
    engagements = service.db.execute_sql('SELECT COUNT(*) FROM "engagement"').fetchone()[0]
    history = service.db.execute_sql('SELECT COUNT(*) FROM "status_history"').fetchone()[0]
    print(
        f"{service.contact_count():,} contacts, {engagements:,} engagements, {history:,} history rows "
        f"({service.db.__class__.__name__})"
    )
    since = NOW - 13 * 7 * 86400
    figures = [
        ("score recompute (set-based, all contacts)", lambda: recompute_scores(service)),
        (
            "anchor: UPDATE contact SET score = score_bonus",
            lambda: Contact.update(score=Contact.score_bonus).execute(),
        ),
        ("report: contacts per status", service.status_counts),
        ("report: weekly changes", lambda: weekly_changes(service, None)),
        ("report: funnel", lambda: funnel(service, None)),
        ("report: time in status", lambda: time_in_status(service, None)),
        ("report: changes by actor", lambda: changes_by_actor(service, None)),
        ("report: all five, last 13 weeks", lambda: build_report(service, since)),
        ("overdue count (language `overdue`)", service.overdue_count),
        ("TOP 10% threshold", lambda: top_threshold(10)),
    ]
    for what, work in figures:
        print(f"| {what} | {fmt_ms(median_seconds(work))} |", flush=True)
    recompute_scores(service)  # leave the scores right after the anchor's update
    service.close()


if __name__ == "__main__":
    main()
