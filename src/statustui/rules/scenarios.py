"""`statustui rules test`: scenario files beside the rule files, replayed on a throwaway in-memory workspace.

A scenario (`rules/NAME.scenario.toml`) gives contacts, a timeline of events, manual changes and rule runs,
and the expected statuses, flags, tags and history actors. Every step goes through the same service calls
as real work (contacts and events are imported from files), so a passing scenario means the rules behave so.

    description = "First engagement makes a contact NEW"
    start = "2026-03-02T09:00"            # the clock before the first step

    [[contacts]]
    email = "ann@example.com"
    status = "WARM"                       # optional: imported with this status
    created = "2026-03-01T09:00"          # optional: defaults to start
    tags = ["vip"]                        # optional

    [[timeline]]
    at = "2026-03-02T10:00"
    email = "ann@example.com"
    engagement = { kind = "comment", channel = "facebook", value = "", text = "" }
    # or: set_status = "HOT" (by a person), or: undo = true, or: run_rules = true (schedule rules)

    [[expect]]
    email = "ann@example.com"
    status = "NEW"
    unsubscribed = false                  # optional
    tags = ["vip"]                        # optional: the exact tags
    history = ["default", "rule"]         # optional: actors in order; "rule:NAME" also checks the rule
"""

from __future__ import annotations

import csv
import json
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statustui.rules.runtime import run_rules
from statustui.store.models import ContactTag, database
from statustui.store.rows import tuples
from statustui.timeutil import TimeError, parse_instant
from statustui.workspace import Workspace

# Service(workspace, now): the rules layer is handed the service class rather than importing the layer above.
OpenService = Callable[[Workspace, int], Any]

SCENARIO_SUFFIX = ".scenario.toml"
STEP_ACTIONS = ("engagement", "set_status", "undo", "run_rules")


class ScenarioError(Exception):
    """A scenario file that cannot be run as written."""


@dataclass
class ScenarioResult:
    file: str
    description: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def scenario_files(rules_dir: Path) -> list[Path]:
    if not rules_dir.is_dir():
        return []
    return sorted(p for p in rules_dir.iterdir() if p.name.endswith(SCENARIO_SUFFIX))


def run_scenarios(workspace: Workspace, open_service: OpenService) -> list[ScenarioResult]:
    """Run every scenario of the workspace; the database the process had open is bound again afterwards."""
    previous = database.obj
    try:
        return [run_scenario(workspace, path, open_service) for path in scenario_files(workspace.rules_dir)]
    finally:
        if previous is not None:
            database.initialize(previous)


def run_scenario(workspace: Workspace, path: Path, open_service: OpenService) -> ScenarioResult:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        return ScenarioResult(path.name, "", [f"cannot read the scenario: {e}"])
    result = ScenarioResult(path.name, str(data.get("description", "")))
    scratch = Workspace(workspace.path, workspace.config, "sqlite://:memory:")
    tz = workspace.config.tz
    try:
        start = _instant(data.get("start"), tz, "start")
        service = open_service(scratch, start)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                _import_contacts(service, data.get("contacts", []), start, Path(tmp))
                for i, step in enumerate(data.get("timeline", []), start=1):
                    _step(service, step, i, Path(tmp))
            result.failures.extend(_check(service, data.get("expect", [])))
        finally:
            service.close()
    except ScenarioError as e:
        result.failures.append(str(e))
    except Exception as e:  # noqa: BLE001 - a failing service call is the scenario's failure, named
        result.failures.append(f"{type(e).__name__}: {e}")
    return result


def _instant(value: Any, tz: Any, where: str) -> int:
    if not isinstance(value, str):
        raise ScenarioError(f'{where}: give a time as ISO 8601 text, e.g. "2026-03-02T09:00"')
    try:
        return parse_instant(value, tz)
    except TimeError as e:
        raise ScenarioError(f"{where}: {e}") from None


def _import_contacts(service: Any, contacts: list[dict[str, Any]], start: int, tmp: Path) -> None:
    if not contacts:
        return
    path = tmp / "contacts.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["email", "name", "status", "created_at", "tags"])
        for c in contacts:
            if "email" not in c:
                raise ScenarioError("contacts: every contact needs an email")
            out.writerow(
                [
                    c["email"],
                    c.get("name", ""),
                    c.get("status", ""),
                    c.get("created", ""),
                    ";".join(c.get("tags", [])),
                ]
            )
    service.import_contacts(path)


def _step(service: Any, step: dict[str, Any], number: int, tmp: Path) -> None:
    where = f"timeline step {number}"
    actions = [a for a in STEP_ACTIONS if a in step]
    if len(actions) != 1:
        raise ScenarioError(f"{where}: give exactly one of {', '.join(STEP_ACTIONS)}")
    service.fixed_now = _instant(step.get("at"), service.config.tz, f"{where}, at")
    action = actions[0]
    if action == "engagement":
        event = dict(step["engagement"])
        event.update(email=step.get("email"), at=step["at"])
        path = tmp / f"events-{number}.jsonl"
        path.write_text(json.dumps(event) + "\n", encoding="utf-8")
        service.import_events(path)
    elif action == "set_status":
        service.set_status(step["set_status"], [service.find_contact(step.get("email", "")).id])
    elif action == "undo":
        service.undo()
    else:
        run_rules(service)


def _check(service: Any, expectations: list[dict[str, Any]]) -> list[str]:
    failures: list[str] = []
    for exp in expectations:
        email = exp.get("email", "")
        contact = service.find_contact(email)
        if "status" in exp and contact.status != service.resolve_status(exp["status"]).name:
            failures.append(f"{email}: status is {contact.status}, expected {exp['status']}")
        if "unsubscribed" in exp and bool(contact.unsubscribed) != exp["unsubscribed"]:
            failures.append(
                f"{email}: unsubscribed is {bool(contact.unsubscribed)}, expected {exp['unsubscribed']}"
            )
        if "tags" in exp:
            tags = sorted(
                t
                for (t,) in tuples(ContactTag.select(ContactTag.tag).where(ContactTag.contact == contact.id))
            )
            if tags != sorted(exp["tags"]):
                failures.append(f"{email}: tags are {tags}, expected {sorted(exp['tags'])}")
        if "history" in exp:
            actual = [
                f"{h.actor}:{h.actor_name}" if h.actor == "rule" else h.actor
                for h in service.history(contact.id)
            ]
            wanted = exp["history"]
            shown = [a if ":" in w else a.split(":")[0] for a, w in zip(actual, wanted, strict=False)]
            if len(actual) != len(wanted) or shown != wanted:
                failures.append(f"{email}: history actors are {actual}, expected {wanted}")
    return failures
