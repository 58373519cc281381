"""The contact list's columns: their titles, sort keys and widths, and one row drawn as a Text.

Widths follow the terminal and the result: a column no row of the first page fills (no companies in the
workspace, say) collapses; status names show in full up to 20 characters; the name takes the room left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from statustui.config import WorkspaceConfig
from statustui.scoring.followup import is_overdue
from statustui.store.paging import ContactRow
from statustui.text_safety import printable
from statustui.timeutil import format_relative
from statustui.tui.text import DOT, OVERDUE, OVERDUE_STYLE, color_of, plain


@dataclass(frozen=True)
class Column:
    title: str
    sort_key: str  # a key of services.SORT_KEYS
    key: str  # the key that sorts by it
    least: int  # the narrowest it is drawn (its title and a sort arrow fit whole)
    most: int  # the widest its content is given (0: the name, which takes the room left)


COLUMNS = (
    Column("Name", "name", "N", 4, 0),
    Column("Company", "company", "C", 8, 24),
    Column("Status", "status", "S", 7, 20),
    Column("Score", "score", "P", 12, 12),  # 5 digits and " TOP10%"
    Column("Last engaged", "last_engaged", "L", 13, 13),
    Column("Source", "source", "R", 7, 14),
)
MARK_WIDTH = 4  # selection mark, space, status dot, space
MEASURED = ("name", "company", "source")
NAME_LEAST = 16  # below this the source column gives its room to the name, then the company  # columns sized to the rows' content; the others to their labels


@dataclass(frozen=True)
class ColumnFit:
    """How much room each column's content needs (cells); 0 for a column with nothing to show."""

    content: tuple[tuple[str, int], ...]

    def need(self, sort_key: str) -> int | None:
        return dict(self.content).get(sort_key)

    @staticmethod
    def measure(rows: Iterable[ContactRow], config: WorkspaceConfig) -> ColumnFit:
        """The widths the first page of a result asks for (the rest of the result is not read for this)."""
        longest = dict.fromkeys(MEASURED, 0)
        for row in rows:
            for key in MEASURED:
                longest[key] = max(longest[key], cell_len(printable(getattr(row, key) or "")))
        statuses = max((cell_len(s.name) for s in config.statuses), default=0)
        return ColumnFit((*longest.items(), ("status", statuses)))


EVERY_COLUMN = ColumnFit(())  # before the first result: every column at its usual width


def widths(total: int, fit: ColumnFit = EVERY_COLUMN) -> list[int]:
    """Each column's width for a list `total` cells wide; 0 for a collapsed column."""
    out: dict[str, int] = {}
    for column in COLUMNS[1:]:
        need = fit.need(column.sort_key)
        if need == 0 and column.sort_key in MEASURED:
            out[column.sort_key] = 0
        else:
            out[column.sort_key] = max(column.least, min(column.most, column.most if need is None else need))
    company = out.pop("company")

    def room() -> int:  # what the name (and the company) may share
        return total - MARK_WIDTH - sum(w + 1 for w in out.values() if w) - 1

    if out["source"] and room() - (company and COLUMNS[1].least + 1) < NAME_LEAST:
        out["source"] = 0  # a narrow terminal: the source goes first, so the name keeps its room
    share = room()
    name = share
    if company:  # the name first (at least NAME_LEAST), the company what is left of its need
        share -= 1
        name = max(min(fit.need("name") or share, share - COLUMNS[1].least), min(NAME_LEAST, share))
        company = min(company, share - name)
        if company < COLUMNS[1].least:
            company, name = 0, share + 1
        else:
            name = share - company
    return [max(COLUMNS[0].least, name), company, *out.values()]


def header(total: int, sort_key: str | None, descending: bool, fit: ColumnFit = EVERY_COLUMN) -> Text:
    line = Text(" " * MARK_WIDTH)
    for column, width in zip(COLUMNS, widths(total, fit), strict=True):
        if not width:
            continue
        arrow = ("↓" if descending else "↑") if column.sort_key == sort_key else ""
        title = f"{column.title} {arrow}" if cell_len(column.title) + 2 <= width else column.title + arrow
        line.append(title.ljust(width), style="bold")
        line.append(" ")
    return line


def row_text(
    row: ContactRow,
    config: WorkspaceConfig,
    total: int,
    now: int,
    top_score: int | None,
    selected: bool,
    fit: ColumnFit = EVERY_COLUMN,
) -> Text:
    status = config.status(row.status)
    line = Text("✓ " if selected else "  ", style="bold")
    line.append(DOT, style=color_of(status.color) if status else "")
    line.append(" ")
    top = top_score is not None and row.score >= top_score
    score = Text(f"{row.score:>5}")
    if top:
        score.append(f" TOP{config.top_percent}%", style="bold #ffc53d")
    engaged = Text(format_relative(row.last_engaged_at, now))
    if is_overdue(config, row.status, row.last_engaged_at, now, row.follow_up):  # past its follow-up goal
        engaged = Text.assemble((f"{OVERDUE} ", OVERDUE_STYLE), engaged)
    cells = [
        plain(row.name),
        plain(row.company),
        plain(row.status, style=color_of(status.color) if status else ""),
        score,
        engaged,
        plain(row.source),
    ]
    for cell, width in zip(cells, widths(total, fit), strict=True):
        if not width:
            continue
        cell.truncate(width, overflow="ellipsis", pad=True)
        line.append_text(cell)
        line.append(" ")
    return line
