"""The app's log file: errors it handles without showing them in full (a poll that failed, a completion
that could not be computed, a statement that could not be interrupted) are written here, never dropped.

The file is `$XDG_STATE_HOME/statustui/app.log` (`~/.local/state/statustui/app.log` by default): state of
this machine's app, not of the workspace, which may be shared or read-only. Errors are rare, so each is
appended on its own (no handler to set up, and a test's own XDG_STATE_HOME is honoured).
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from pathlib import Path


def log_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state) / "statustui" / "app.log"


def log_error(what: str, error: BaseException) -> None:
    """Append `what` failed, with the error and its traceback, to the log file."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    trace = "".join(traceback.format_exception(error))
    entry = f"{stamp} [{threading.current_thread().name}] {what}: {error}\n{trace}\n"
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(entry)
    except OSError:  # no writable state folder: nowhere left to write (the terminal belongs to Textual)
        return
