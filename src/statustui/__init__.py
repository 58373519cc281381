"""statustui: a keyboard-first contact status manager for the terminal."""

__version__ = "0.1.0"
