"""A fuzzy picker: a title, a filter input and a list of choices; enter picks the highlighted one.

The status palette (`s`) and the saved-search picker (`o`) are both this screen with other choices.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from statustui.tui.text import plain


class Choice:
    """One choice: the id the picker returns, the text it filters on, and what it shows before and after."""

    def __init__(self, choice_id: str, text: str, before: Content | None = None, after: str = "") -> None:
        self.id, self.text, self.before, self.after = choice_id, text, before, after


class FuzzyPicker(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="picker-cancel"),
        Binding("down", "move(1)", show=False, id="picker-down"),
        Binding("up", "move(-1)", show=False, id="picker-up"),
    ]

    def __init__(self, title: str, choices: list[Choice], placeholder: str = "type to filter") -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="palette"):
            title = plain(self.title_text)
            title.no_wrap = False
            yield Label(title, id="palette-title")
            yield Input(placeholder=self.placeholder, id="palette-filter")
            yield OptionList(id="palette-options")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        matcher = Matcher(query) if query else None
        scored = [(matcher.match(c.text) if matcher else 1.0, i, c) for i, c in enumerate(self.choices)]
        shown = sorted((t for t in scored if t[0] > 0), key=lambda t: (-t[0], t[1]))
        options = self.query_one(OptionList)
        options.clear_options()
        for _, _, choice in shown:
            name = matcher.highlight(choice.text) if matcher else Content(choice.text)
            parts: list[Content | str] = [choice.before, " ", name] if choice.before else [name]
            if choice.after:
                parts.append(Content.styled(f"  {choice.after}", "dim"))
            options.add_option(Option(Content.assemble(*parts), id=choice.id))
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
