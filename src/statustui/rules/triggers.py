"""How a rule's trigger reads for a person: `on engagement facebook comment`, `on status change to HOT`."""

from __future__ import annotations

from statustui.language.ast import OnCreate, OnEngagement, OnSchedule, OnStatusChange, Trigger


def describe_trigger(trigger: Trigger) -> str:
    if isinstance(trigger, OnCreate):
        return "on create"
    if isinstance(trigger, OnSchedule):
        return "on schedule"
    if isinstance(trigger, OnEngagement):
        words = [w.text for w in (trigger.channel, trigger.kind) if w is not None]
        return " ".join(["on engagement", *words])
    assert isinstance(trigger, OnStatusChange)
    parts = ["on status change"]
    if trigger.from_status is not None:
        parts.append(f"from {trigger.from_status.text}")
    if trigger.to_status is not None:
        parts.append(f"to {trigger.to_status.text}")
    return " ".join(parts)
