"""The import screen (`i`): a file path with completion, a preview of what the import would do (the column
mapping, the counts, the first rows, every problem), then the import in a worker with a progress bar.

Database work runs in thread workers that report back with typed messages; the list behind the screen is
refreshed when the import is done.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, ProgressBar, Static

from statustui.import_export.preview import Preview, preview
from statustui.services import Service
from statustui.tui.db_threads import closes_connection

IMPORTABLE = (".csv", ".json", ".jsonl")


class PathSuggester(Suggester):
    """The first file or folder that completes what was typed (a folder ends with /), hidden files last."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        folder, sep, prefix = value.rpartition("/")
        where = Path(os.path.expanduser(folder + sep)) if sep else Path(".")
        try:
            names = [
                e.name + ("/" if e.is_dir() else "") for e in os.scandir(where) if e.name.startswith(prefix)
            ]
        except OSError:
            return None
        # Folders and importable files first, hidden ones last.
        names.sort(key=lambda n: (n.startswith("."), not n.endswith(("/", *IMPORTABLE)), n))
        return value[: len(value) - len(prefix)] + names[0] if names else None


class PathInput(Input):
    BINDINGS = [Binding("tab", "cursor_right", "Complete", show=False, id="import-complete")]


class ImportScreen(ModalScreen[str | None]):
    """Dismissed with the import's summary, or None when nothing was imported."""

    DEFAULT_CSS = """
    #import-dialog {
        width: 100%; max-width: 140; height: 100%; border: thick $accent; background: $surface; padding: 0 1;
    }
    #import-preview { height: 1fr; border: round $panel; }
    #import-run { width: auto; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", tooltip="close without importing", id="import-back")
    ]

    @dataclass
    class Previewed(Message):
        preview: Preview

    @dataclass
    class Progressed(Message):
        done: int

    @dataclass
    class Finished(Message):
        summary: str | None
        error: str | None = None

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.current: Preview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog"):
            yield Label("File to import (tab completes, enter shows what the import would do):")
            yield PathInput(placeholder="people.csv", suggester=PathSuggester(), id="import-path")
            with VerticalScroll(id="import-preview"):
                yield Static("", id="import-preview-text", markup=False)
            yield ProgressBar(total=None, id="import-progress")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", variant="primary", id="import-run", disabled=True)
                yield Button("Cancel (esc)", id="import-cancel")

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False

    @on(Input.Submitted, "#import-path")
    def show_preview(self, event: Input.Submitted) -> None:
        path = Path(os.path.expanduser(event.value.strip()))
        self.query_one("#import-run", Button).disabled = True
        if not event.value.strip() or not path.is_file():
            self._say(f"{event.value.strip() or 'the path'}: no such file")
            return
        self._say(f"reading {path.name}...")
        self.load_preview(path)

    @work(thread=True, exclusive=True, group="import")
    @closes_connection
    def load_preview(self, path: Path) -> None:
        self.post_message(self.Previewed(preview(self.service, path)))

    def on_import_screen_previewed(self, message: Previewed) -> None:
        self.current = message.preview
        self._say("\n".join(message.preview.lines))
        run = self.query_one("#import-run", Button)
        run.disabled = not message.preview.ok
        run.label = f"Import {message.preview.rows:,} {message.preview.kind}"
        run.refresh(layout=True)  # the button's width follows its new label
        if message.preview.ok:
            run.focus()

    @on(Button.Pressed, "#import-cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#import-run")
    def start(self) -> None:
        if self.current is None:
            return
        self.query_one("#import-run", Button).disabled = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=max(self.current.rows, 1), progress=0)
        self.run_import(self.current)

    @work(thread=True, exclusive=True, group="import")
    @closes_connection
    def run_import(self, plan: Preview) -> None:
        def progressed(done: int) -> None:
            self.post_message(self.Progressed(done))

        try:
            if plan.kind == "contacts":
                summary = self.service.import_contacts(plan.path, progress=progressed).summary()
            else:
                summary = self.service.import_events(plan.path, progress=progressed).summary()
        except Exception as e:  # a problem found only now, or the database busy: said, the app stays
            self.post_message(self.Finished(None, str(e)))
            return
        self.post_message(self.Finished(summary))

    def on_import_screen_progressed(self, message: Progressed) -> None:
        self.query_one("#import-progress", ProgressBar).update(progress=message.done)

    def on_import_screen_finished(self, message: Finished) -> None:
        if message.error is not None:
            self.query_one("#import-progress").display = False
            self._say(message.error)
            return
        self.dismiss(message.summary)

    def _say(self, text: str) -> None:
        self.query_one("#import-preview-text", Static).update(text)
