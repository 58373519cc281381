"""The contact list's columns: their titles, sort keys and widths, and one row drawn as a Text."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from statustui.config import WorkspaceConfig
from statustui.scoring.followup import is_overdue
from statustui.store.paging import ContactRow
from statustui.timeutil import format_relative
from statustui.tui.text import DOT, OVERDUE, OVERDUE_STYLE, color_of, plain


@dataclass(frozen=True)
class Column:
    title: str
    sort_key: str  # a key of services.SORT_KEYS
    width: int  # 0: takes a share of the space left
    key: str  # the key that sorts by it


COLUMNS = (
    Column("Name", "name", 0, "N"),
    Column("Company", "company", 0, "C"),
    Column("Status", "status", 12, "S"),
    Column("Score", "score", 13, "P"),
    Column("Last engaged", "last_engaged", 13, "L"),
    Column("Source", "source", 12, "R"),
)
MARK_WIDTH = 4  # selection mark, space, status dot, space


def widths(total: int) -> list[int]:
    """Column widths for a list `total` cells wide: fixed columns first, name and company share the rest."""
    fixed = sum(c.width + 1 for c in COLUMNS if c.width)
    flexible = [c for c in COLUMNS if not c.width]
    room = max(len(flexible) * 8, total - MARK_WIDTH - fixed - len(flexible))
    name = room * 3 // 5
    shares = {"name": name, "company": room - name}
    return [c.width or shares[c.sort_key] for c in COLUMNS]


def header(total: int, sort_key: str | None, descending: bool) -> Text:
    line = Text(" " * MARK_WIDTH)
    for column, width in zip(COLUMNS, widths(total), strict=True):
        arrow = (" ↓" if descending else " ↑") if column.sort_key == sort_key else ""
        title = f"{column.title}{arrow}"
        cell = Text(title[:width].ljust(width), style="bold")
        line.append_text(cell)
        line.append(" ")
    return line


def row_text(
    row: ContactRow, config: WorkspaceConfig, total: int, now: int, top_score: int | None, selected: bool
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
    if is_overdue(config, row.status, row.last_engaged_at, now):  # past its status's follow-up goal
        engaged = Text.assemble((f"{OVERDUE} ", OVERDUE_STYLE), engaged)
    cells = [
        plain(row.name),
        plain(row.company),
        plain(row.status, style=color_of(status.color) if status else ""),
        score,
        engaged,
        plain(row.source),
    ]
    for cell, width in zip(cells, widths(total), strict=True):
        cell.truncate(width, overflow="ellipsis", pad=True)
        line.append_text(cell)
        line.append(" ")
    return line
