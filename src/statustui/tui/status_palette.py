"""The status palette (`s`): a fuzzy list of the statuses a person may set; enter picks one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from statustui.config import StatusDef
from statustui.tui.text import DOT, color_of, plain


class StatusPalette(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, statuses: list[StatusDef], target: str) -> None:
        super().__init__()
        # Computed designations (TOP 10%) are not statuses; rule-only statuses are not offered either.
        self.statuses = [s for s in statuses if s.assignable]
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical(id="palette"):
            title = plain(f"Set status of {self.target}")
            title.no_wrap = False
            yield Label(title, id="palette-title")
            yield Input(placeholder="type to filter", id="palette-filter")
            yield OptionList(id="palette-options")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        matcher = Matcher(query) if query else None
        scored = [(matcher.match(s.name) if matcher else 1.0, i, s) for i, s in enumerate(self.statuses)]
        shown = sorted((t for t in scored if t[0] > 0), key=lambda t: (-t[0], t[1]))
        options = self.query_one(OptionList)
        options.clear_options()
        for _, _, status in shown:
            name = matcher.highlight(status.name) if matcher else Content(status.name)
            line = Content.assemble((DOT, color_of(status.color)), " ", name)
            options.add_option(Option(line, id=status.name))
        options.highlighted = 0 if shown else None

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value.strip())

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + delta) % options.option_count

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
