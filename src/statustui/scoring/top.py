"""TOP N%: computed from the Smart Score (store.ranking.top_threshold, `Service.top_score_threshold`), never a
status anyone can set."""

from __future__ import annotations

import re

from statustui.config import WorkspaceConfig, name_key

# "TOP 10%", "top", "Top10", "top 10 percent" after name_key: top, top_10%, top10, top_10_percent
_TOP_NAME = re.compile(r"top(_?\d+(_?(%|percent))?)?")


def is_top_name(name: str) -> bool:
    """Whether `name` means the computed TOP N% badge rather than a status."""
    return bool(_TOP_NAME.fullmatch(name_key(name)))


def top_refusal(config: WorkspaceConfig) -> str:
    n = config.top_percent
    return (
        f"TOP {n}% is not a status: it is computed from the Smart Score (the {n}% highest scores) and "
        f"cannot be set; search `top {n}%` to see those contacts"
    )
