"""Contact data is data: turning names, companies and notes into rich Text that no markup or escape can bend.

Everything shown from the database goes through `plain()`: control characters (escape sequences included)
become `?` (text_safety.printable), and the result is a `Text`, never a markup string.
"""

from __future__ import annotations

from rich.text import Text

from statustui.text_safety import printable

# The seeds' habit (HOT red, WARM orange, ...) as exact terminal colors for the configured color names.
STATUS_COLORS = {
    "red": "#e5484d",
    "orange": "#f76b15",
    "yellow": "#ffc53d",
    "green": "#46a758",
    "blue": "#3e8ed0",
    "purple": "#8e4ec6",
    "magenta": "#d6409f",
    "cyan": "#00a2c7",
    "pink": "#e93d82",
    "brown": "#ad7f58",
    "teal": "#12a594",
    "grey": "#8b8d98",
    "white": "#eeeeee",
    "black": "#5a5a5a",
}
DOT = "●"
OVERDUE = "⚑"  # the contact is past its status's follow-up goal
OVERDUE_STYLE = "bold #e5484d"


def plain(value: object, style: str = "") -> Text:
    """Data as a Text: brackets and markup-like words stay literal."""
    return Text(printable(value), style=style, no_wrap=True, overflow="ellipsis")


def color_of(color: str) -> str:
    """A configured color (a name or #rrggbb) as a terminal color."""
    return STATUS_COLORS.get(color, color)


def status_dot(color: str) -> Text:
    return Text(DOT, style=color_of(color))


def plain_lines(value: str, style: str = "") -> Text:
    """Several lines of data (an error with its caret line, an explanation), each shown literally."""
    out = Text(no_wrap=True)
    for i, line in enumerate(value.splitlines()):
        if i:
            out.append("\n")
        out.append_text(plain(line, style=style))
    return out
