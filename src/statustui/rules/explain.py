"""`statustui rules explain EMAIL`: per rule, whether it matches the contact now and which parts of its
condition held; the changes a person's status held back; and the history of how the contact got its status.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING

from statustui.language import Explanation, context_for, explain, load_facts
from statustui.language.ast import Field, OnEngagement
from statustui.rules.runtime import rule_set
from statustui.rules.skips import skips_for
from statustui.rules.triggers import describe_trigger
from statustui.store.paging import ContactRow
from statustui.timeutil import format_instant

if TYPE_CHECKING:
    from statustui.services import Service


def explain_contact(service: Service, contact: ContactRow) -> list[str]:
    tz = service.config.tz
    ctx = context_for(service)
    facts = load_facts([contact.id])[contact.id]
    rules = rule_set(service)
    lines = [
        f"{contact.name or contact.email} <{contact.email}>: {contact.status}"
        + (" (set by a person)" if contact.status_manual else "")
    ]
    if not rules.ok:
        lines.append(rules.stopped_message)
    lines.append(f"rules, as of {format_instant(ctx.now, tz)}:" if rules.rules else "no rules")
    latest = facts.engagements[-1] if facts.engagements else None
    skips = {s.rule: s for s in skips_for(contact.id)}
    for rule in rules.rules:
        event = latest if isinstance(rule.trigger, OnEngagement) and _uses_event(rule.condition) else None
        head = f"  {rule.file}:{rule.line}  {rule.name}  [{describe_trigger(rule.trigger)}]"
        if rule.condition is None:
            lines.append(f"{head}: no condition, matches every contact its trigger fires for")
        else:
            tree = explain(rule.condition, facts, ctx, event)
            lines.append(
                f"{head}: {'matches' if tree.result else 'does not match'} now"
                + (" (event.* taken from its latest engagement)" if event is not None else "")
            )
            lines.extend(_tree(tree, "      "))
        skip = skips.get(rule.name)
        if skip is not None:
            lines.append(
                f"    kept {contact.status}: on {format_instant(skip.at, tz)} this rule would have set "
                f"{skip.status}, but a person set the status (the rule has no `override manual`)"
            )
    lines.append("history:")
    for h in service.history(contact.id):
        change = f"{h.old_status} -> {h.new_status}" if h.old_status else f"started as {h.new_status}"
        lines.append(f"  {format_instant(h.at, tz)}  {change:<32}  by {h.actor_label}")
    return lines


def _uses_event(node: object) -> bool:
    """Whether an expression reads `event.*` (then it is explained against the latest engagement)."""
    if isinstance(node, Field):
        return node.scope == "event"
    if isinstance(node, tuple):
        return any(_uses_event(n) for n in node)
    if is_dataclass(node):
        return any(_uses_event(getattr(node, f.name)) for f in fields(node))
    return False


def _tree(node: Explanation, indent: str) -> list[str]:
    lines = [f"{indent}{'yes' if node.result else 'no ':<3}  {node.text}"]
    for child in node.children:
        lines.extend(_tree(child, indent + "     "))
    return lines
