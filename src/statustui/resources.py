"""Where the grammar and the preset folders are: inside the installed wheel, or at the repository's top."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"statustui's {name}/ folder is missing from this installation; reinstall statustui"
    )


def grammar_dir() -> Path:
    return _data_dir("grammar")


def presets_dir() -> Path:
    return _data_dir("rules")


def preset_names() -> list[str]:
    return sorted(p.name for p in presets_dir().iterdir() if (p / "statustui.toml").is_file())


def preset_dir(name: str) -> Path:
    path = presets_dir() / name
    if not (path / "statustui.toml").is_file():
        raise KeyError(name)
    return path
