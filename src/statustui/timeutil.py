"""Instants as integer epoch seconds: parsing ISO 8601 in the workspace's time zone, and showing them."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


class TimeError(ValueError):
    pass


# The years a time may name. Checked where a time enters (import cells, --now, query dates, --since), so every
# later step (export, history, reports) can show it in any time zone: Python's datetime stops at year 9999,
# and `9999-12-31T23:59-01:00` used to import and then break every export.
MIN_YEAR = 1900
MAX_YEAR = 2200
# The instants those years name in some time zone (offsets stay within a day).
EARLIEST = int(datetime(MIN_YEAR, 1, 1, tzinfo=UTC).timestamp()) - 86400
LATEST = int(datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC).timestamp()) + 86400


def check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise TimeError(f"{text!r} is outside the years statustui handles ({MIN_YEAR}-{MAX_YEAR})")


def parse_instant(text: str, tz: tzinfo) -> int:
    """`2026-11-01`, `2026-11-01T09:30`, `2026-11-01 09:30:00+02:00`, `...Z` -> epoch seconds.

    A time without an offset is in the workspace time zone; a date alone is its local midnight.
    """
    raw = text.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(raw)
    except ValueError:
        raise TimeError(
            f"{text!r} is not an ISO 8601 date or time (e.g. 2026-11-01 or 2026-11-01T09:30)"
        ) from None
    check_year(dt.year, text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return int(dt.timestamp())


def format_instant(ts: int, tz: tzinfo) -> str:
    return datetime.fromtimestamp(ts, tz).strftime("%Y-%m-%d %H:%M")


def iso_instant(ts: int, tz: tzinfo = UTC) -> str:
    return datetime.fromtimestamp(ts, tz).isoformat()


def format_relative(ts: int, now: int) -> str:
    """ "just now", "5m ago", "3h ago", "3d ago", "5w ago", "4mo ago", "2y ago"; "never" for 0."""
    if not ts:
        return "never"
    delta = now - ts
    if delta < 0:
        return "in future"
    for size, unit in (
        (365 * 86400, "y"),
        (30 * 86400, "mo"),
        (7 * 86400, "w"),
        (86400, "d"),
        (3600, "h"),
        (60, "m"),
    ):
        if delta >= size:
            return f"{delta // size}{unit} ago"
    return "just now"
