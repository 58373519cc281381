"""The sidebar: each status with its dot and live count, the funnel by status type, the saved searches."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from statustui.config import STATUS_TYPES, WorkspaceConfig
from statustui.tui.text import DOT, OVERDUE, OVERDUE_STYLE, color_of, plain

FUNNEL_BAR = 11
NAME_WIDTH = 14  # in the sidebar's usual 30 columns
MAX_NAME = 20  # status names show whole up to this many characters
COUNT_WIDTH = 9  # "1,000,000"


class Sidebar(VerticalScroll, can_focus=False):
    class StatusPicked(Message):
        def __init__(self, status: str) -> None:
            super().__init__()
            self.status = status

    class SavedSearchPicked(Message):
        def __init__(self, name: str, text: str) -> None:
            super().__init__()
            self.name = name
            self.text = text

    def __init__(self, config: WorkspaceConfig, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.config = config
        self.saved: dict[str, str] = {}
        longest = min(MAX_NAME, max((len(s.name) for s in config.statuses), default=0))
        self.name_width = max(NAME_WIDTH, longest)

    def on_mount(self) -> None:
        """Wider than its usual 30 columns when a status name needs it (number, dot, name, count, padding
        and border around them)."""
        self.styles.width = 4 + self.name_width + COUNT_WIDTH + 3

    def compose(self) -> ComposeResult:
        yield Label("Statuses", classes="sidebar-title")
        yield OptionList(id="status-options")
        yield Label("Funnel", classes="sidebar-title")
        yield Static(id="funnel")
        yield Static(id="overdue")
        yield Label("Saved searches", classes="sidebar-title", id="saved-title")
        yield OptionList(id="saved-options")

    def update_counts(self, counts: dict[str, int], overdue: int | None = None) -> None:
        """Each status's count, the funnel, and the contacts past their follow-up goal (`overdue`)."""
        options = self.query_one("#status-options", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for number, status in enumerate(self.config.statuses, start=1):
            line = Text(f"{number if number < 10 else ' '} ", style="dim")
            line.append(DOT, style=color_of(status.color))
            line.append(" ")
            name = plain(status.name)
            name.truncate(self.name_width, overflow="ellipsis", pad=True)
            line.append_text(name)
            line.append(f"{counts.get(status.name, 0):>{COUNT_WIDTH},}", style="dim")
            options.add_option(Option(line, id=status.name))
        if highlighted is not None:
            options.highlighted = highlighted
        self.query_one("#funnel", Static).update(self._funnel(counts))
        overdue_line = self.query_one("#overdue", Static)
        overdue_line.display = overdue is not None
        overdue_line.update(Text.assemble((f"{OVERDUE} ", OVERDUE_STYLE), f"overdue {overdue or 0:>11,}"))

    def _funnel(self, counts: dict[str, int]) -> Text:
        by_type = {t: 0 for t in STATUS_TYPES}
        for status in self.config.statuses:
            by_type[status.type] += counts.get(status.name, 0)
        total = sum(by_type.values()) or 1
        text = Text()
        for stype, n in by_type.items():
            filled = round(FUNNEL_BAR * n / total)
            text.append(f"{stype:<5} ")
            text.append("█" * filled, style="#3e8ed0")
            text.append("░" * (FUNNEL_BAR - filled), style="dim")
            text.append(f" {n:,}\n")
        text.rstrip()
        return text

    def set_saved(self, saved: dict[str, str]) -> None:
        """Saved searches (name -> query); the section hides while there are none."""
        self.saved = saved
        options = self.query_one("#saved-options", OptionList)
        options.clear_options()
        for name in saved:
            options.add_option(Option(plain(name), id=name))
        options.display = bool(saved)
        self.query_one("#saved-title").display = bool(saved)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if event.option_list.id == "status-options":
            self.post_message(self.StatusPicked(option_id))
        elif option_id in self.saved:
            self.post_message(self.SavedSearchPicked(option_id, self.saved[option_id]))
