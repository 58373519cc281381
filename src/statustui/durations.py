"""Durations such as `14d`, `2 weeks`, `3mo`, shared by the config and the language."""

from __future__ import annotations

import re
from functools import lru_cache

UNIT_SECONDS = {
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 7 * 86400,
    "week": 7 * 86400,
    "weeks": 7 * 86400,
    "mo": 30 * 86400,
    "month": 30 * 86400,
    "months": 30 * 86400,
    "y": 365 * 86400,
    "year": 365 * 86400,
    "years": 365 * 86400,
}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")


class DurationError(ValueError):
    pass


def parse_duration(text: object) -> int:
    """Seconds in a duration such as `30m`, `12 hours`, `14d`, `2w`, `3mo` (30 days), `1y` (365 days)."""
    if not isinstance(text, str):
        raise DurationError(_not_a_duration(text))
    return _seconds(text)


@lru_cache(maxsize=1024)  # scoring asks once per ingested engagement, always for the same few texts
def _seconds(text: str) -> int:
    m = _DURATION.match(text)
    if not m or m.group(2).lower() not in UNIT_SECONDS:
        raise DurationError(_not_a_duration(text))
    try:
        return int(float(m.group(1)) * UNIT_SECONDS[m.group(2).lower()])
    except OverflowError:  # hundreds of digits make an infinite float; callers bound the (finite) result
        raise DurationError(f"{text[:40]!r} is far too long a duration") from None


def _not_a_duration(text: object) -> str:
    return f"{text!r} is not a duration; write a number and a unit, e.g. 30m, 12h, 14d, 2w, 3mo, 1y"
