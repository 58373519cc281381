"""Running the command line in-process against a workspace, as a person would type it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from statustui.cli import main

NOW = "2026-11-20T12:00Z"


class Result(NamedTuple):
    code: int
    out: str
    err: str


Runner = Callable[..., Result]


def make_runner(capsys: pytest.CaptureFixture[str], workspace: Path, db_url: str, now: str = NOW) -> Runner:
    def run(*args: str) -> Result:
        from statustui.store.models import database

        code = main(["-w", str(workspace), "--database", db_url, "--now", now, *args])
        if database.obj is not None and not database.obj.is_closed():
            database.obj.close()  # each command is its own process in real life
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
