"""Where the grammar and the preset folders are (inside the installed wheel, or at the repository's top), and
the per-user cache folder."""

from __future__ import annotations

import os
import stat
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


def user_cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/statustui` (default `~/.cache/statustui`), created private (0700); None when it cannot
    be created or when someone else could write into it: what is read from it back is a pickle, so a folder
    other users can write to would let them run code as this user (why not the shared temp folder)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "statustui"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return path
