"""Paging a million-row list through the service, next to the raw SQL the issue's anchors used.

- a page deep in the list by keyset (the app scrolling on from a row's cursor) vs `OFFSET 500000`
- the last page (`page_last` reads the order backwards) vs `OFFSET n-100`
- a jump to the middle (`page_at`, OFFSET once) vs the same raw `OFFSET`
- the `top 10%` threshold on the score index vs `PERCENT_RANK()` over all rows

    python bench/bench_paging.py --dir bench-data/m1
"""

from __future__ import annotations

import argparse
from pathlib import Path

from measure import BENCH_DATA, Row, fmt_ms, median_seconds, print_table

from statustui.services import Service

PAGE = 100
ORDER = "ORDER BY last_engaged_at DESC, id DESC"
COLUMNS = (
    "id, name, email, phone, company, source, status, status_manual, score, unsubscribed, created_at, "
    "last_engaged_at, status_changed_at"
)


def _raw(service: Service, sql: str) -> None:
    service.db.execute_sql(sql).fetchall()


def measure(service: Service, repeat: int = 7) -> list[Row]:
    search = service.compile_search("")
    total = service.contact_count()
    middle = total // 2
    (cursor_row,) = service.page_at(search, middle - 1, 1)

    def timed(work: object) -> float:
        return median_seconds(work, repeat=repeat)  # type: ignore[arg-type]

    raw_middle = timed(
        lambda: _raw(service, f"SELECT {COLUMNS} FROM contact {ORDER} LIMIT {PAGE} OFFSET {middle}")
    )
    raw_last = timed(
        lambda: _raw(
            service, f"SELECT {COLUMNS} FROM contact {ORDER} LIMIT {PAGE} OFFSET {max(0, total - PAGE)}"
        )
    )
    keyset = timed(lambda: service.search(search, limit=PAGE, after=cursor_row.cursor))
    last = timed(lambda: service.page_last(search, PAGE, total))
    jump = timed(lambda: service.page_at(search, middle, PAGE))
    top = timed(service.top_score_threshold)
    rank = timed(
        lambda: _raw(
            service,
            "SELECT MIN(score) FROM (SELECT score, PERCENT_RANK() OVER "
            "(ORDER BY score DESC) AS r FROM contact) WHERE r < 0.1",
        )
    )
    return [
        Row(
            f"next page of {PAGE} at row {middle:,} (keyset, service)",
            "about keyset's 0.2 ms",
            f"raw OFFSET {middle:,}: {fmt_ms(raw_middle)}",
            fmt_ms(keyset),
            keyset / raw_middle,
            keyset < raw_middle,
        ),
        Row(
            f"last page of {total:,} (service.page_last)",
            "app: last row < 100 ms",
            f"raw OFFSET {total - PAGE:,}: {fmt_ms(raw_last)}",
            fmt_ms(last),
            last / raw_last,
            last < 0.1,
        ),
        Row(
            f"jump to row {middle:,} (service.page_at, OFFSET)",
            "app: < 100 ms",
            f"raw OFFSET: {fmt_ms(raw_middle)}",
            fmt_ms(jump),
            jump / raw_middle,
            jump < 0.1,
        ),
        Row(
            "top 10% threshold (score index)",
            "about the anchor's 3 ms",
            f"PERCENT_RANK(): {fmt_ms(rank)}",
            fmt_ms(top),
            top / rank,
            top < rank,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dir", type=Path, default=BENCH_DATA / "m1")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    service = Service.open(args.dir)
    try:
        print_table(measure(service, args.repeat))
    finally:
        service.close()


if __name__ == "__main__":
    main()
