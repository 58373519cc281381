"""The command line: `statustui [COMMAND]`, one module per command group, each with a `register` function.

A thin layer over the service API. Start-up stays cheap (`statustui --version`): the command modules import
the core inside their command functions, and nothing here imports Textual unless the app is opened.
"""

from statustui.cli.main import main

__all__ = ["main"]
