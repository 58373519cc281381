"""The main screen's keys, written once: each binding has an id (so `[keys]` in statustui.toml can remap it),
a short description (the footer's label and the palette's title) and a tooltip (the `?` help and palette text).

The footer shows the `show=True` bindings in the order they are listed here, as many as fit the width; the
help screen and the command palette list them all. Nothing else keeps a list of keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from statustui.tui.columns import COLUMNS

FILTER_STATUS_GROUP = Binding.Group("show one status (the numbers in the sidebar)")
SORT_GROUP = Binding.Group("sort by " + ", ".join(c.title.lower() for c in COLUMNS) + " (again: reverse)")

# The main screen's keys: they act only with the list on top (StatusApp.check_action); a screen opened over
# it that means one of them (the detail's `s` and `u`) binds `app.<action>` itself.
MAIN_SCREEN_BINDINGS = [
    Binding(
        "slash", "focus_search", "Search", tooltip="Smart Search: type a query; tab completes", id="search"
    ),
    Binding(
        "s",
        "set_status",
        "Status",
        tooltip="set the status of the selected or highlighted contacts",
        id="set-status",
    ),
    Binding("u", "undo", "Undo", tooltip="undo your last change", id="undo"),
    Binding("n", "new_contact", "New", show=False, tooltip="add a contact by hand", id="new-contact"),
    Binding(
        "delete",
        "delete_contacts",
        "Delete",
        show=False,
        tooltip="delete the selected or highlighted contacts (asks with the count; u undoes)",
        id="delete-contacts",
    ),
    Binding(
        "m",
        "merge_contacts",
        "Merge",
        show=False,
        tooltip="merge the selected contacts: side by side, pick what to keep (u undoes)",
        id="merge-contacts",
    ),
    Binding("o", "pick_saved_search", "Saved", tooltip="pick a saved search by name", id="saved-searches"),
    Binding(
        "g",
        "reports",
        "Reports",
        tooltip="reports: statuses, weekly changes, funnel, time in status",
        id="reports",
    ),
    Binding(
        "r", "rules", "Rules", tooltip="the rules: what each does, counts, errors, the editor", id="rules"
    ),
    Binding(
        "a",
        "select_all",
        "Select all",
        tooltip="select every contact of the search (asks first)",
        id="select-all",
    ),
    Binding(
        "ctrl+s",
        "save_search",
        "Save search",
        tooltip="save the search in the bar under a name",
        id="save-search",
    ),
    Binding(
        "i",
        "import_file",
        "Import",
        tooltip="import contacts or engagements from a file: preview first",
        id="import",
    ),
    Binding(
        "escape",
        "clear_selection",
        "Clear selection",
        show=False,
        tooltip="unselect every contact",
        id="clear-selection",
    ),
    *[
        Binding(
            str(n),
            f"filter_status({n})",
            f"Status {n}",
            show=False,
            id=f"filter-status-{n}",
            group=FILTER_STATUS_GROUP,
        )
        for n in range(1, 10)
    ],
    *[
        Binding(
            c.key,
            f"sort('{c.sort_key}')",
            f"Sort by {c.title.lower()}",
            show=False,
            id=f"sort-{c.sort_key}",
            group=SORT_GROUP,
        )
        for c in COLUMNS
    ],
]

# Keys of every screen: help, the command palette and quitting (the footer shows these last).
GLOBAL_BINDINGS = [
    Binding(
        "ctrl+p",
        "command_palette",
        "Commands",
        tooltip="every action, saved search and status by name",
        priority=True,
        id="commands",
    ),
    Binding("question_mark", "help", "Help", tooltip="every key of this screen", id="help"),
    Binding("q", "quit", "Quit", tooltip="leave statustui", id="quit"),
    Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="leave statustui", id="quit-now"),
]


def unknown_ids(keymap: Mapping[str, str], known: Iterable[str]) -> list[str]:
    """The problems of a `[keys]` table: ids no binding has, each with a did-you-mean."""
    known = sorted(set(known))
    problems = []
    for binding_id in keymap:
        if binding_id in known:
            continue
        close = difflib.get_close_matches(binding_id, known, n=1)
        hint = f" - did you mean {close[0]}?" if close else f"; known: {', '.join(known)}"
        problems.append(f"unknown key id {binding_id!r} in [keys] of statustui.toml{hint}")
    return problems


def binding_ids(bindings: Iterable[Binding | tuple[str, ...]]) -> set[str]:
    return {b.id for b in bindings if isinstance(b, Binding) and b.id}


def screen_bindings(screen: Screen[Any]) -> list[tuple[Binding, bool]]:
    """The keys active on `screen` with whether each is enabled now, one entry per key: the screen's own
    keys first (outermost node first), the global ones (help, palette, quit) last."""
    active = list(screen.active_bindings.values())
    active.sort(key=lambda a: (a.binding.id in GLOBAL_IDS, _depth(a.node)))
    return [(a.binding, a.enabled) for a in active if not a.binding.system]


def _depth(node: DOMNode) -> int:
    """The App first, then its screens, then the widgets inside, so a screen's commands lead its widgets'."""
    return len(node.ancestors)


GLOBAL_IDS = frozenset(b.id for b in GLOBAL_BINDINGS)
