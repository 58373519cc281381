"""The app's links to the optional parts of the core: completion, saved searches, rules, explanations.

Each is imported lazily and degrades (None, empty, a message) when that part is missing, so the app runs
with whatever has been installed or written so far.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from textual.screen import Screen

from statustui.services import Service


@runtime_checkable
class Reloadable(Protocol):
    """A screen showing files (rules, searches) that re-reads them when they change on disk."""

    def reload(self) -> None: ...


def completer(service: Service) -> Callable[[str], list[str]] | None:
    """The language's completion for the Smart Search bar, or None."""
    try:
        from statustui.language import complete, context_for
    except ImportError:
        return None
    return lambda before: complete(before, context_for(service))


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
    """Saved searches, name -> query text with its saved sort (empty when the feature is missing)."""
    try:
        from statustui.searches import load_searches
    except ImportError:
        return {}
    saved: dict[str, str] = {}
    for search in load_searches(service.workspace.searches_path):
        try:
            saved[search.name] = search.full_query
        except Exception:  # a query that no longer parses still runs, and shows its error under the bar
            saved[search.name] = search.query
    return saved


def save_search(service: Service, name: str, text: str) -> None:
    """Save `text` under `name` in searches.toml (replacing a search of that name); raises if it is invalid."""
    try:
        from statustui.language import context_for
        from statustui.searches import SavedSearch
        from statustui.searches import save_search as save
    except ImportError:
        raise RuntimeError("saving searches is not available in this version") from None
    save(service.workspace.searches_path, SavedSearch(name, text), context_for(service))


def rules_problem(service: Service) -> str | None:
    """Why automatic rules are stopped (the first error with its place), or None when they run."""
    try:
        from statustui.rules.runtime import rule_set

        rules = rule_set(service)
    except ImportError:
        return None
    except Exception as e:  # a broken rules engine must not take the main screen with it
        return f"rules: {e}"
    if rules.ok:
        return None
    return f"{rules.stopped_message}\n{rules.problems[0]}"


def explainer(service: Service) -> Callable[[int], str] | None:
    """For the detail screen: why a contact has its status and which rules match it now."""
    try:
        from statustui.rules.explain import explain_contact
    except ImportError:
        return None

    def explain(contact_id: int) -> str:
        row = service.contacts_by_id([contact_id])[0]
        return "\n".join(explain_contact(service, row))

    return explain


def rules_screen(service: Service) -> Screen[None] | None:
    try:
        from statustui.tui.rules_screen import RulesScreen
    except ImportError:
        return None
    return RulesScreen(service)
