"""Another system's status values read as this workspace's statuses: `--status-map 'Active Lead=HOT,
Closed=CLIENT'` and the `[import.status_map]` table of statustui.toml (the flag wins where both name a value).
"""

from __future__ import annotations

from collections.abc import Mapping

from statustui.config import StatusDef, WorkspaceConfig, name_key
from statustui.import_export.errors import ImportProblem
from statustui.suggest import did_you_mean

FLAG_EXAMPLE = "--status-map 'Active Lead=HOT, Closed=CLIENT'"


def parse_status_map(text: str) -> dict[str, str]:
    """`A=B, C=D` -> {A: B, C: D}; a status value holding `,` or `=` goes in statustui.toml instead."""
    pairs: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        value, sep, status = part.partition("=")
        if not sep or not value.strip() or not status.strip():
            raise ImportProblem(
                f"--status-map: {part.strip()!r} is not VALUE=STATUS; e.g. {FLAG_EXAMPLE} "
                "(a value holding ',' or '=' goes in [import.status_map] in statustui.toml)"
            )
        pairs[value.strip()] = status.strip()
    return pairs


def resolve_status_map(
    config: WorkspaceConfig, from_config: Mapping[str, str], from_flag: Mapping[str, str]
) -> dict[str, StatusDef]:
    """{the value's key: the status it means}; a status that does not exist is an error naming where."""
    resolved: dict[str, StatusDef] = {}
    for where, table in (("[import.status_map] in statustui.toml", from_config), ("--status-map", from_flag)):
        for value, status_name in table.items():
            status = config.status(status_name)
            if status is None:
                raise ImportProblem(
                    f"{where}: {value} = {status_name}: unknown status {status_name!r}"
                    f"{did_you_mean(status_name, config.status_names)}; "
                    f"statuses: {', '.join(config.status_names)}"
                )
            resolved[name_key(value)] = status
    return resolved
