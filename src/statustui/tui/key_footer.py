"""The footer: the screen's keys in order of importance, as many as fit whole; `?` (every key) always shows.

Textual's Footer shows every key and lets the row run off the edge, cutting a label mid-word at 80 columns.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from statustui.tui.keys import screen_bindings

HELP_ACTIONS = ("help", "app.help")


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(show_command_palette=False)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown, help_key, seen = [], None, set()
        for binding, enabled in screen_bindings(self.screen):
            if not binding.show or binding.action in seen:  # one entry per action (up and k both move)
                continue
            seen.add(binding.action)
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=binding.tooltip,
            )
            key.data_bind(compact=Footer.compact)
            if binding.action in HELP_ACTIONS:
                help_key = key
            else:
                shown.append(key)
        room = self.app.size.width - (_width(help_key) if help_key else 0)
        for key in shown:
            if _width(key) > room:
                break  # the rest are in `?`: the order is the order of importance
            room -= _width(key)
            yield key
        if help_key is not None:
            yield help_key

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.recompose)


def _width(key: FooterKey) -> int:
    """Cells a key takes in the footer: the key and the label, each with a space of padding after."""
    return 1 + cell_len(key.key_display) + 1 + cell_len(key.description) + 1
