"""The layering (pyproject's import-linter contracts: imports point down, the core never imports the app,
Textual or Rich), a proof that the contracts bite, no import cycle between packages, and a real command's
process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def _lint(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(root / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
    )


def test_the_import_contracts_hold() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_core_import_of_the_app_breaks_the_contracts(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "src", tmp_path / "src")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    services = tmp_path / "src" / "statustui" / "services.py"
    text = services.read_text(encoding="utf-8")
    services.write_text(
        text.replace(
            "from __future__ import annotations\n",
            "from __future__ import annotations\n\nfrom statustui.tui.app import StatusApp  # noqa: F401\n",
            1,
        ),
        encoding="utf-8",
    )
    # The copy comes first on the path, before the editable install of the real tree.
    result = _lint(tmp_path, {**os.environ, "PYTHONPATH": str(tmp_path / "src")})
    assert result.returncode != 0, result.stdout
    assert "statustui.services -> statustui.tui.app" in result.stdout
    assert "BROKEN" in result.stdout


def test_no_import_cycle_between_packages() -> None:
    """Squashed to statustui's top-level packages and modules, the run-time import graph has no cycle."""
    graph = grimp.build_graph("statustui", exclude_type_checking_imports=True)
    tops = {m.split(".")[1] for m in graph.modules if m.count(".") >= 1}
    edges = {
        (a, b)
        for a in tops
        for b in tops
        if a != b
        and graph.direct_import_exists(importer=f"statustui.{a}", imported=f"statustui.{b}", as_packages=True)
    }
    cycles = sorted((a, b) for a, b in edges if (b, a) in edges and a < b)
    assert not cycles, f"packages importing each other: {cycles}"


def test_the_core_contract_names_every_core_module() -> None:
    """A new top-level module is either the app, the command line, or a core module the contract covers."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden")
    package = ROOT / "src" / "statustui"
    modules = {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if (p / "__init__.py").exists()
    }
    core = {f"statustui.{m}" for m in modules - {"__init__", "__main__", "cli", "tui"}}
    assert core == set(contract["source_modules"])


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
