"""'Did you mean' suggestions from the workspace's own names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `word` (case-insensitive), or None when nothing is close."""
    options = list(candidates)
    lowered = {c.lower(): c for c in options}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' - did you mean X?' or '' (ready to append to a message)."""
    match = closest(word, candidates)
    return f" - did you mean {match}?" if match else ""
