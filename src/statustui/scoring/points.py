"""Points one engagement adds to a contact's Smart Score (first version by the lead; scoring owns it)."""

from __future__ import annotations

from statustui.config import WorkspaceConfig


def engagement_points(config: WorkspaceConfig, channel: str | None, kind: str) -> int:
    score = config.score
    return score.kind_points.get(kind, 0) + (score.channel_points.get(channel, 0) if channel else 0)
