"""A workspace: a folder with `statustui.toml`, `rules/`, `searches.toml` and (by default) `statustui.db`."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from statustui.config import CONFIG_FILE, ConfigError, WorkspaceConfig, load_config
from statustui.resources import preset_dir, preset_names

DEFAULT_DB_FILE = "statustui.db"
RULES_DIR = "rules"
SEARCHES_FILE = "searches.toml"


class WorkspaceError(Exception):
    """No workspace where one was expected, or one that cannot be created."""


@dataclass
class Workspace:
    path: Path
    config: WorkspaceConfig
    database_url: str

    @property
    def config_path(self) -> Path:
        return self.path / CONFIG_FILE

    @property
    def rules_dir(self) -> Path:
        return self.path / RULES_DIR

    @property
    def searches_path(self) -> Path:
        return self.path / SEARCHES_FILE

    def save_config(self, config: WorkspaceConfig) -> None:
        config.save(self.config_path)
        self.config = config

    def reload_config(self) -> WorkspaceConfig:
        self.config = load_config(self.config_path)
        return self.config


def find_workspace(directory: str | os.PathLike[str] | None = None) -> Path:
    """The workspace folder: the one given, else $STATUSTUI_WORKSPACE, else the current folder."""
    given = directory or os.environ.get("STATUSTUI_WORKSPACE")
    path = Path(given).expanduser() if given else Path.cwd()
    if not (path / CONFIG_FILE).is_file():
        where = f"{path}" if given else f"the current folder ({path})"
        raise WorkspaceError(
            f"no statustui workspace in {where}: it has no {CONFIG_FILE}.\n"
            f"Create one with `statustui init {given or '.'} --preset leadklozer`, "
            "or try the app with `statustui --demo`."
        )
    return path.resolve()


def open_workspace(
    directory: str | os.PathLike[str] | None = None, database_url: str | None = None
) -> Workspace:
    """Read a workspace's configuration and work out its database URL (nothing is connected yet)."""
    path = find_workspace(directory)
    config = load_config(path / CONFIG_FILE)
    url = database_url or os.environ.get("STATUSTUI_DATABASE") or config.database
    if not url:
        url = f"sqlite:///{path / DEFAULT_DB_FILE}"
    elif "://" not in url:  # a bare file name in statustui.toml
        # normpath, not resolve(): a name holding NUL reaches the URL parser, which names the problem
        url = f"sqlite:///{os.path.normpath(path / url)}"
    return Workspace(path=path, config=config, database_url=url)


def init_workspace(directory: str | os.PathLike[str], preset: str = "leadklozer") -> Path:
    """Create a workspace from a preset: its statustui.toml, its rule files and scenarios."""
    if preset not in preset_names():
        raise WorkspaceError(f"unknown preset {preset!r}; presets: {', '.join(preset_names())}")
    path = Path(directory).expanduser().resolve()
    if (path / CONFIG_FILE).exists():
        raise WorkspaceError(f"{path} already holds a workspace ({CONFIG_FILE}); nothing was changed")
    source = preset_dir(preset)
    try:
        load_config(source / CONFIG_FILE)
    except ConfigError as e:  # a broken preset is a bug in statustui, not the user's doing
        raise WorkspaceError(f"preset {preset} is broken: {e}") from None
    path.mkdir(parents=True, exist_ok=True)
    rules = path / RULES_DIR
    rules.mkdir(exist_ok=True)
    for item in sorted(source.iterdir()):
        if item.name == CONFIG_FILE:
            continue
        target = rules / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)
    shutil.copy2(source / CONFIG_FILE, path / CONFIG_FILE)
    return path
