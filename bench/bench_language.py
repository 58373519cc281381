"""Smart Search speed: parse + check + compile per query, and search latency on a demo workspace with the
compiled SQL next to hand-written SQL for the same question (ratio = ours / hand-written; both run the first
page of 50 ids in the default order, and the count).

    python bench/bench_language.py --contacts 100000 --scratch bench-data/language

The workspace is built once with `statustui demo` (leadklozer preset) and reused while it exists.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from measure import BENCH_DATA, Row, fmt_ms, median_seconds, print_table
from peewee import fn

from statustui.demo import build_demo
from statustui.language import check_query, compile_query, context_for, parse_query
from statustui.services import Service
from statustui.store.models import Contact
from statustui.store.ranking import top_threshold

NOW = 1_790_000_000  # 2026-09-21: the demo's year of activity ends here
DAY = 86400
PAGE = 50
ORDER = "ORDER BY c.last_engaged_at DESC, c.id DESC"

# (query, hand-written WHERE over `contact c`, its parameters) - the way a person would write the SQL.
CASES: list[tuple[str, str, None]] = [
    (
        "status = NEW and engaged facebook within 14d",
        "c.status = 'NEW' AND EXISTS (SELECT 1 FROM engagement e WHERE e.contact_id = c.id "
        "AND e.channel = 'facebook' AND e.occurred_at >= {t14})",
        None,
    ),
    (
        "status in (HOT, WARM) and reached free_trial",
        "c.status IN ('HOT', 'WARM') AND EXISTS (SELECT 1 FROM engagement e WHERE e.contact_id = c.id "
        "AND e.kind = 'stage' AND e.value = 'free_trial')",
        None,
    ),
    (
        "status in (HOT, WARM) and engaged phone call within 30d",
        "c.status IN ('HOT', 'WARM') AND EXISTS (SELECT 1 FROM engagement e WHERE e.contact_id = c.id "
        "AND e.channel = 'phone' AND e.kind = 'call' AND e.occurred_at >= {t30})",
        None,
    ),
    (
        "not engaged within 90d and status not in (COLD, ARCHIVE)",
        "c.last_engaged_at < {t90} AND c.status NOT IN ('COLD', 'ARCHIVE')",
        None,
    ),
    ("top 10% and status != COLD", "c.score >= {top10} AND c.status != 'COLD'", None),
    (
        "(status = HOT or tagged vip) and not unsubscribed",
        "(c.status = 'HOT' OR EXISTS (SELECT 1 FROM contact_tag t WHERE t.contact_id = c.id AND t.tag = 'vip')) "
        "AND NOT c.unsubscribed",
        None,
    ),
    (
        "engaged email reply at least 2 times",
        "(SELECT COUNT(*) FROM engagement e WHERE e.contact_id = c.id AND e.channel = 'email' "
        "AND e.kind = 'reply') >= 2",
        None,
    ),
    ('company ~ "tech"', "LOWER(c.company) LIKE '%tech%'", None),
]


def compile_time(ctx: Any, text: str) -> float:
    return median_seconds(
        lambda: compile_query(check_query(parse_query(text), ctx), ctx), repeat=200, warmup=20
    )


def ours(service: Service, text: str, purpose: str) -> tuple[str, list[Any]]:
    """The compiled query's SQL and parameters (rendered once: the timing is the database's work)."""
    ctx = context_for(service)
    compiled = compile_query(check_query(parse_query(text), ctx), ctx, purpose)  # type: ignore[arg-type]
    query = Contact.select(fn.COUNT(Contact.id) if purpose == "count" else Contact.id).where(compiled.where)
    if purpose == "page":
        query = query.order_by(*[e.desc() if d else e.asc() for _, e, d in compiled.order]).limit(PAGE)
    return query.sql()


def run(service: Service, sql: tuple[str, list[Any]]) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in service.db.execute_sql(*sql).fetchall()]


def hand(where: str, purpose: str) -> tuple[str, list[Any]]:
    values = {"t14": NOW - 14 * DAY, "t30": NOW - 30 * DAY, "t90": NOW - 90 * DAY}
    if "{top10}" in where:
        values["top10"] = top_threshold(10) or 0
    sql_where = where.format(**values)
    if purpose == "count":
        return f"SELECT COUNT(*) FROM contact c WHERE {sql_where}", []
    return f"SELECT c.id FROM contact c WHERE {sql_where} {ORDER} LIMIT {PAGE}", []


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--scratch", default=BENCH_DATA / "language")
    args = parser.parse_args()

    path = Path(args.scratch) / f"demo-{args.contacts}"
    if not (path / "statustui.db").exists():
        start = time.perf_counter()
        build_demo(path, args.contacts, now=NOW)
        print(f"built the demo workspace ({args.contacts:,} contacts) in {time.perf_counter() - start:.1f} s")
    service = Service.open(path, now=NOW)
    ctx = context_for(service)

    rows = []
    compile_times = [compile_time(ctx, text) for text, _, _ in CASES]
    for (text, _, _), seconds in zip(CASES, compile_times, strict=True):
        rows.append(
            Row(
                f"parse+check+compile: {text}",
                "< 1 ms",
                "-",
                f"{seconds * 1e6:.0f} us",
                None,
                seconds < 0.001,
            )
        )
    for text, where, _ in CASES:
        for purpose in ("page", "count"):
            mine, theirs = ours(service, text, purpose), hand(where, purpose)
            assert run(service, mine) == run(service, theirs), f"{purpose}: {text}"
            t_mine = median_seconds(lambda q=mine: run(service, q), repeat=7)
            t_theirs = median_seconds(lambda q=theirs: run(service, q), repeat=7)
            rows.append(
                Row(
                    f"{purpose}: {text}",
                    "<= 2x hand SQL",
                    fmt_ms(t_theirs),
                    fmt_ms(t_mine),
                    t_mine / t_theirs,
                    t_mine <= 2 * t_theirs,
                )
            )
    end_to_end = median_seconds(lambda: service.search(CASES[0][0], limit=PAGE), repeat=7)
    rows.append(
        Row(
            f"service.search end to end (compile, page, tags): {CASES[0][0]}",
            "-",
            "-",
            fmt_ms(end_to_end),
            None,
            True,
        )
    )
    print(
        f"{args.contacts:,} contacts, {Contact.select().count():,} in the database; "
        f"median parse+check+compile {sorted(compile_times)[len(compile_times) // 2] * 1e6:.0f} us"
    )
    print_table(rows)
    service.close()


if __name__ == "__main__":
    main()
