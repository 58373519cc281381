"""The core never imports Textual: checked by import-linter's contract and by a real command's process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contract_keeps_textual_out_of_the_core() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_search_command_does_not_load_the_app(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from statustui.cli import main\n"
        f"main(['init', {str(tmp_path / 'ws')!r}])\n"
        f"main(['-w', {str(tmp_path / 'ws')!r}, 'search', '', '--count'])\n"
        "assert 'textual' not in sys.modules, 'the command line imported textual'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "STATUSTUI_WORKSPACE": ""},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("0")
