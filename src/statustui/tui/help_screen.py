"""Help (`?`): every key of the screen it opened over, generated from that screen's bindings (after `[keys]`)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from statustui.tui.keys import screen_bindings


def help_rows(app: App[Any], screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, what they do) for each action of `screen`; keys of one group or action share a row.
    Textual's own keys (tab moves focus, ...) carry no id and are left out."""
    rows: dict[str, tuple[list[str], str]] = {}
    for binding, _enabled in screen_bindings(screen):
        what = binding.group.description if binding.group else binding.tooltip or binding.description
        if not what or not binding.id:
            continue
        row = rows.setdefault(binding.group.description if binding.group else binding.action, ([], what))
        row[0].append(app.get_key_display(binding))
    return [(_join(keys), what) for keys, what in rows.values()]


def _join(keys: list[str]) -> str:
    """Keys of one row; a run of digits (the status filters) as a range."""
    if len(keys) > 2 and all(k.isdigit() and len(k) == 1 for k in keys):
        numbers = sorted(int(k) for k in keys)
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{numbers[0]}-{numbers[-1]}"
    return " ".join(keys)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help-close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
        table.add_column(style="bold #ffc53d", overflow="fold", max_width=14)
        table.add_column(ratio=1)
        for keys, what in self.rows:
            table.add_row(keys, what)
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(
                "Keys of this screen (escape closes; [keys] in statustui.toml remaps them)",
                markup=False,
                classes="dialog-question",
            )
            yield Static(table)
