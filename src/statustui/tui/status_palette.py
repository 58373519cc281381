"""The pickers of the main screen: the status palette (`s`) and the saved searches (`o`)."""

from __future__ import annotations

from textual.content import Content

from statustui.config import StatusDef
from statustui.text_safety import printable
from statustui.tui.fuzzy_picker import Choice, FuzzyPicker
from statustui.tui.text import DOT, color_of


def status_palette(statuses: list[StatusDef], target: str) -> FuzzyPicker:
    """The statuses a person may set (computed designations and rule-only statuses are not offered)."""
    choices = [
        Choice(s.name, s.name, Content.styled(DOT, color_of(s.color))) for s in statuses if s.assignable
    ]
    return FuzzyPicker(f"Set status of {target}", choices)


def saved_search_picker(saved: dict[str, str]) -> FuzzyPicker:
    """Saved searches by name, each with its query; returns the name picked."""
    choices = [Choice(name, printable(name), after=printable(query)) for name, query in saved.items()]
    return FuzzyPicker("Run a saved search", choices, placeholder="type a part of its name")
