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
# Goals, windows and query durations: the span of the years a time may name (timeutil), so "now minus a
# duration" stays a time every step can handle; 99999999999999999999999d used to be saved as a follow-up goal
# and turn every `overdue` search into an overflow.
MAX_DURATION_SECONDS = 300 * UNIT_SECONDS["y"]
MAX_DURATION_TEXT = "300 years"
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
    seconds = float(m.group(1)) * UNIT_SECONDS[m.group(2).lower()]
    if seconds > MAX_DURATION_SECONDS:
        raise DurationError(f"{text[:40]!r} is too long; a duration may be at most {MAX_DURATION_TEXT}")
    return int(seconds)


def _not_a_duration(text: object) -> str:
    return f"{text!r} is not a duration; write a number and a unit, e.g. 30m, 12h, 14d, 2w, 3mo, 1y"
