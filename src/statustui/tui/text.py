"""Contact data is data: turning names, companies and notes into rich Text that no markup or escape can bend.

Everything shown from the database goes through `plain()`: control characters (escape sequences included)
become `?` (text_safety.printable), and the result is a `Text`, never a markup string.
"""

from __future__ import annotations

from rich.text import Text

from statustui.text_safety import printable

# The configured color names as terminal colors, one palette per kind of theme: each has a contrast ratio of
# at least 3:1 against the list's background of every dark (light) Textual theme (tests/tui/test_colors.py).
DARK_COLORS = {
    "red": "#ec5d5e",
    "orange": "#f76b15",
    "yellow": "#ffc53d",
    "green": "#46a758",
    "blue": "#3e8ed0",
    "purple": "#a875e0",
    "magenta": "#e052ad",
    "cyan": "#00a2c7",
    "pink": "#e93d82",
    "brown": "#ad7f58",
    "teal": "#12a594",
    "grey": "#8b8d98",
    "white": "#eeeeee",
    "black": "#828282",  # black on a dark terminal: a dim grey that can still be read
}
LIGHT_COLORS = {
    "red": "#c62a2f",
    "orange": "#b3460a",
    "yellow": "#8a6500",
    "green": "#2a7e3b",
    "blue": "#1f6fb0",
    "purple": "#7136a8",
    "magenta": "#a8297a",
    "cyan": "#00718c",
    "pink": "#b8245f",
    "brown": "#7d5a3c",
    "teal": "#0b7365",
    "grey": "#5f616b",
    "white": "#5f616b",  # white on a light terminal: a grey that can still be read
    "black": "#1c1c1c",
}
_palette = DARK_COLORS  # the app switches it with its theme (use_palette)
DOT = "●"
OVERDUE = "⚑"  # the contact is past its status's follow-up goal
OVERDUE_STYLE = "bold #e5484d"


def plain(value: object, style: str = "") -> Text:
    """Data as a Text: brackets and markup-like words stay literal."""
    return Text(printable(value), style=style, no_wrap=True, overflow="ellipsis")


def color_of(color: str) -> str:
    """A configured color (a name or #rrggbb) as a terminal color for the current kind of theme."""
    return _palette.get(color, color)


def use_palette(dark: bool) -> None:
    """Status colors for a dark or a light theme (one app per process: the palette is the process's)."""
    global _palette
    _palette = DARK_COLORS if dark else LIGHT_COLORS


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
