"""The command line starts fast by importing only what a command needs (issue 19): checked by the modules a
real process has loaded, not by a clock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from statustui.workspace import init_workspace


def _loaded_after(args: list[str], cwd: Path) -> set[str]:
    code = (
        "import sys\n"
        "from statustui.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "HOME": str(cwd)},
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines()[-1].split())


def test_version_loads_neither_the_database_nor_the_language(tmp_path: Path) -> None:
    loaded = _loaded_after(["--version"], tmp_path)
    assert not loaded & {"peewee", "lark", "statustui.language", "statustui.config", "statustui.services"}


def test_a_count_loads_no_status_editor_saved_searches_or_app(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    loaded = _loaded_after(["-w", str(ws), "search", 'email = "x@y.z"', "--count"], tmp_path)
    assert "statustui.language.sql" in loaded  # it did search
    unneeded = {
        "statustui.status_admin",
        "statustui.searches",
        "textual",
    }
    assert not loaded & unneeded
