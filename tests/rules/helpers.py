"""A workspace of a preset, driven through the command line, and what a person would look at afterwards."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from statustui.cli import main
from tests.cli_runner import Result, make_runner


@dataclass
class Workspace:
    path: Path
    db_url: str
    capsys: pytest.CaptureFixture[str]

    def run(self, *args: str, now: str = "2026-11-20T12:00Z") -> Result:
        return make_runner(self.capsys, self.path, self.db_url, now)(*args)

    def ok(self, *args: str, now: str = "2026-11-20T12:00Z") -> Result:
        result = self.run(*args, now=now)
        assert result.code == 0, result.err + result.out
        return result

    def contacts(self, csv_text: str) -> None:
        (self.path / "contacts.csv").write_text(csv_text)
        self.ok("import", "contacts", str(self.path / "contacts.csv"))

    def events(self, *events: dict[str, str]) -> Result:
        path = self.path / "events.jsonl"
        path.write_text("".join(json.dumps(e) + "\n" for e in events))
        return self.ok("import", "events", str(path))

    def contact(self, email: str) -> dict:
        found = json.loads(self.ok("search", f'email = "{email}"', "--format", "json").out)
        assert len(found) == 1, found
        return found[0]

    def status(self, email: str) -> str:
        return self.contact(email)["status"]

    def history(self, email: str) -> list[str]:
        """The `history` command's lines after the header: '... NEW -> NEUTRAL ... by rule 'NAME''."""
        return [line.strip() for line in self.ok("history", email).out.splitlines()[1:]]


def make_workspace(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str], preset: str) -> Workspace:
    path = tmp_path / preset
    assert main(["init", str(path), "--preset", preset]) == 0
    capsys.readouterr()
    return Workspace(path, db_url, capsys)
