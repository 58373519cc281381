"""The app's links to the core beyond the service: completion, saved searches, rule problems, explanations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol, runtime_checkable

from statustui.language import Completion, complete_at, context_for
from statustui.rules.explain import explain_contact
from statustui.rules.runtime import rule_set
from statustui.searches import SavedSearch, load_searches
from statustui.searches import save_search as save
from statustui.services import Service

Names = tuple[list[str], list[str], list[str]]  # the tags, custom-field names and rule names in use


@runtime_checkable
class Reloadable(Protocol):
    """A screen showing files (rules, searches) that re-reads them when they change on disk."""

    def reload(self) -> None: ...


def completer(service: Service) -> Callable[[str, int, Names], Completion]:
    """The language's completion for the Smart Search bar: the text and the cursor -> candidates for the word
    there. The workspace's tag, field and rule names come in (read by a worker), so completing a keystroke
    never waits for the database."""

    def names_now(text: str, cursor: int, names: Names) -> Completion:
        tags, fields, rules = names
        ctx = replace(context_for(service), tags=lambda: tags, fields=lambda: fields, rules=lambda: rules)
        return complete_at(text, cursor, ctx)

    return names_now


def files_marker(service: Service) -> tuple[Any, ...]:
    """Changes when a rule file or searches.toml is added, removed or written."""
    ws = service.workspace
    paths = sorted(ws.rules_dir.glob("*.rules")) if ws.rules_dir.is_dir() else []
    marker: list[Any] = []
    for path in [*paths, ws.searches_path]:
        try:
            stat = path.stat()
        except OSError:
            continue
        marker.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(marker)


def saved_searches(service: Service) -> dict[str, str]:
    """Saved searches, name -> query text with its saved sort."""
    saved: dict[str, str] = {}
    for search in load_searches(service.workspace.searches_path):
        try:
            saved[search.name] = search.full_query
        except Exception:  # a query that no longer parses still runs, and shows its error under the bar
            saved[search.name] = search.query
    return saved


def save_search(service: Service, name: str, text: str) -> None:
    """Save `text` under `name` in searches.toml (replacing a search of that name); raises if it is invalid."""
    save(service.workspace.searches_path, SavedSearch(name, text), context_for(service))


def rules_problem(service: Service) -> str | None:
    """Why automatic rules are stopped (the first error with its place), or None when they run."""
    rules = rule_set(service)
    if rules.ok:
        return None
    return f"{rules.stopped_message}\n{rules.problems[0]}"


def explainer(service: Service) -> Callable[[int], str]:
    """For the detail screen: why a contact has its status and which rules match it now."""

    def explain(contact_id: int) -> str:
        row = service.contacts_by_id([contact_id])[0]
        return "\n".join(explain_contact(service, row))

    return explain
