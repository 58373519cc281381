"""The workspace configuration: `statustui.toml`, read with tomllib and checked key by key.

A bad file is a `ConfigError` naming the key and what is allowed; nothing falls back silently.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from statustui.durations import DurationError, parse_duration

CONFIG_FILE = "statustui.toml"
MAX_STATUSES = 100
STATUS_TYPES = ("open", "won", "lost")
NAMED_COLORS = (
    "red",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "magenta",
    "cyan",
    "pink",
    "brown",
    "teal",
    "grey",
    "white",
    "black",
)
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_STATUS_KEYS = {"name", "color", "type", "assignable", "follow_up", "unsubscribes", "default"}
_TOP_KEYS = {"workspace", "statuses", "vocabulary", "score"}


class ConfigError(Exception):
    """A configuration problem, naming the file, the key and what is allowed."""

    def __init__(self, key: str, message: str, path: Path | str | None = None) -> None:
        self.key = key
        self.path = Path(path) if path else None
        where = f"{self.path}: " if self.path else ""
        super().__init__(f"{where}{key}: {message}")


@lru_cache(maxsize=4096)  # called per row on import (statuses, tags, kinds): the same few names
def name_key(name: str) -> str:
    """A name's key: lower case, spaces and dashes as `_` ("Hot Lead" -> "hot_lead")."""
    return re.sub(r"[\s\-]+", "_", name.strip()).lower()


@dataclass(frozen=True)
class StatusDef:
    name: str
    color: str = "grey"
    type: str = "open"
    assignable: bool = True
    follow_up: str | None = None
    unsubscribes: bool = False
    default: bool = False

    @property
    def key(self) -> str:
        return name_key(self.name)

    @property
    def follow_up_seconds(self) -> int | None:
        return parse_duration(self.follow_up) if self.follow_up else None


@dataclass(frozen=True)
class ScoreConfig:
    """Smart Score points: per engagement kind and channel, plus a bonus or malus per status."""

    kind_points: dict[str, int] = field(default_factory=dict)
    channel_points: dict[str, int] = field(default_factory=dict)
    status_points: dict[str, int] = field(default_factory=dict)
    # Engagements older than this before the stored score date count half (None: all count fully); the score
    # date moves only with `statustui score recompute --rebase`, so incremental and full scores agree exactly.
    recent_within: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    channels: tuple[str, ...]
    kinds: tuple[str, ...]
    stages: tuple[str, ...]


@dataclass(frozen=True)
class WorkspaceConfig:
    statuses: tuple[StatusDef, ...]
    vocabulary: Vocabulary
    score: ScoreConfig = field(default_factory=ScoreConfig)
    preset: str = "leadklozer"
    timezone: str = "UTC"
    top_percent: int = 10
    database: str | None = None

    # -- lookups -------------------------------------------------------------
    def status(self, name: str) -> StatusDef | None:
        """The status whose name or key matches `name`, case-insensitively."""
        key = name_key(name)
        for s in self.statuses:
            if s.key == key:
                return s
        return None

    @property
    def status_names(self) -> list[str]:
        return [s.name for s in self.statuses]

    @property
    def default_status(self) -> StatusDef:
        return next(s for s in self.statuses if s.default)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def with_statuses(self, statuses: list[StatusDef]) -> WorkspaceConfig:
        cfg = replace(self, statuses=tuple(statuses))
        _check_statuses(cfg.statuses)
        return cfg

    # -- TOML ----------------------------------------------------------------
    def to_toml(self) -> dict[str, Any]:
        ws: dict[str, Any] = {
            "preset": self.preset,
            "timezone": self.timezone,
            "top_percent": self.top_percent,
        }
        if self.database:
            ws["database"] = self.database
        statuses = []
        for s in self.statuses:
            d: dict[str, Any] = {"name": s.name, "color": s.color, "type": s.type, "assignable": s.assignable}
            if s.follow_up:
                d["follow_up"] = s.follow_up
            if s.unsubscribes:
                d["unsubscribes"] = True
            if s.default:
                d["default"] = True
            statuses.append(d)
        score: dict[str, Any] = {
            "kind_points": dict(self.score.kind_points),
            "channel_points": dict(self.score.channel_points),
            "status_points": dict(self.score.status_points),
        }
        if self.score.recent_within:
            score["recent_within"] = self.score.recent_within
        return {
            "workspace": ws,
            "statuses": statuses,
            "vocabulary": {
                "channels": list(self.vocabulary.channels),
                "kinds": list(self.vocabulary.kinds),
                "stages": list(self.vocabulary.stages),
            },
            "score": score,
        }

    def save(self, path: Path) -> None:
        """Write atomically: a crash mid-write never leaves a half file."""
        tmp = path.with_suffix(".toml.tmp")
        tmp.write_bytes(tomli_w.dumps(self.to_toml()).encode())
        tmp.replace(path)


def load_config(path: Path) -> WorkspaceConfig:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("file", "not found", path) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError("file", f"is not UTF-8 text (byte {e.start})", path) from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError("file", f"is not valid TOML: {e}", path) from None
    try:
        return parse_config(data)
    except ConfigError as e:
        raise ConfigError(e.key, str(e).split(": ", 1)[1], path) from None


def parse_config(data: dict[str, Any]) -> WorkspaceConfig:
    if not data:
        raise ConfigError(
            "file",
            "is empty; it needs [workspace], [[statuses]] and [vocabulary] "
            "(`statustui init --preset NAME` writes a complete one)",
        )
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ConfigError(sorted(unknown)[0], f"unknown section; allowed: {', '.join(sorted(_TOP_KEYS))}")
    ws = _table(data, "workspace", required=False)
    timezone = _str(ws, "workspace.timezone", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            "workspace.timezone",
            f"unknown time zone {timezone!r}; use an IANA name such as 'Europe/Berlin' or 'UTC'",
        ) from None
    top = ws.get("top_percent", 10)
    if not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= 100:
        raise ConfigError("workspace.top_percent", f"must be a whole number from 1 to 100, not {top!r}")
    statuses_raw = data.get("statuses")
    if not isinstance(statuses_raw, list) or not statuses_raw:
        raise ConfigError("statuses", "needs at least one [[statuses]] table with a name")
    statuses = tuple(_status(s, i) for i, s in enumerate(statuses_raw))
    _check_statuses(statuses)
    vocab = _table(data, "vocabulary", required=True)
    vocabulary = Vocabulary(
        channels=_names(vocab, "vocabulary.channels"),
        kinds=_names(vocab, "vocabulary.kinds"),
        stages=_names(vocab, "vocabulary.stages"),
    )
    score = _score(_table(data, "score", required=False), statuses)
    return WorkspaceConfig(
        statuses=statuses,
        vocabulary=vocabulary,
        score=score,
        preset=_str(ws, "workspace.preset", "custom"),
        timezone=timezone,
        top_percent=top,
        database=ws.get("database"),
    )


def _table(data: dict[str, Any], key: str, required: bool) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        if required:
            raise ConfigError(key, f"missing; add a [{key}] table")
        return {}
    if not isinstance(value, dict):
        raise ConfigError(key, f"must be a table ([{key}]), not {type(value).__name__}")
    return value


def _str(table: dict[str, Any], key: str, default: str) -> str:
    value = table.get(key.rsplit(".", 1)[-1], default)
    if not isinstance(value, str):
        raise ConfigError(key, f"must be a string, not {value!r}")
    return value


def _names(table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key.rsplit(".", 1)[-1])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(key, 'must be a list of names, e.g. ["facebook", "email"]')
    keys = [name_key(v) for v in value]
    if len(set(keys)) != len(keys):
        dup = next(k for k in keys if keys.count(k) > 1)
        raise ConfigError(key, f"names {dup!r} twice")
    return tuple(keys)


def check_color(color: Any, key: str) -> str:
    if isinstance(color, str) and (color.lower() in NAMED_COLORS or _HEX_COLOR.match(color)):
        return color.lower()
    raise ConfigError(key, f"{color!r} is not a color; allowed: {', '.join(NAMED_COLORS)} or #rrggbb")


def check_duration(value: Any, key: str) -> None:
    try:
        parse_duration(value)
    except DurationError as e:
        raise ConfigError(key, str(e)) from None


def _status(raw: Any, i: int) -> StatusDef:
    where = f"statuses[{i}]"
    if not isinstance(raw, dict):
        raise ConfigError(where, "must be a table with at least a name")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}.name", "missing or empty; every status needs a name")
    where = f"statuses[{i}] ({name})"
    unknown = set(raw) - _STATUS_KEYS
    if unknown:
        raise ConfigError(
            f"{where}.{sorted(unknown)[0]}", f"unknown key; allowed: {', '.join(sorted(_STATUS_KEYS))}"
        )
    stype = raw.get("type", "open")
    if stype not in STATUS_TYPES:
        raise ConfigError(f"{where}.type", f"{stype!r} is not allowed; use one of {', '.join(STATUS_TYPES)}")
    for flag in ("assignable", "unsubscribes", "default"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise ConfigError(f"{where}.{flag}", f"must be true or false, not {raw[flag]!r}")
    follow_up = raw.get("follow_up")
    if follow_up is not None:
        check_duration(follow_up, f"{where}.follow_up")
    return StatusDef(
        name=name.strip(),
        color=check_color(raw.get("color", "grey"), f"{where}.color"),
        type=stype,
        assignable=raw.get("assignable", True),
        follow_up=follow_up,
        unsubscribes=raw.get("unsubscribes", False),
        default=raw.get("default", False),
    )


def _check_statuses(statuses: tuple[StatusDef, ...]) -> None:
    if len(statuses) > MAX_STATUSES:
        raise ConfigError("statuses", f"has {len(statuses)} statuses; at most {MAX_STATUSES} are allowed")
    seen: dict[str, str] = {}
    for s in statuses:
        if s.key in seen:
            raise ConfigError("statuses", f"{s.name!r} and {seen[s.key]!r} are the same name")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", s.key):
            raise ConfigError(
                "statuses",
                f"{s.name!r}: a status name uses letters, digits, spaces, '-' and '_', "
                "and does not start with a digit",
            )
        seen[s.key] = s.name
    defaults = [s.name for s in statuses if s.default]
    if len(defaults) != 1:
        raise ConfigError(
            "statuses",
            f"exactly one status needs `default = true`; found {len(defaults)}"
            + (f" ({', '.join(defaults)})" if defaults else ""),
        )


def _score(raw: dict[str, Any], statuses: tuple[StatusDef, ...]) -> ScoreConfig:
    tables: dict[str, dict[str, int]] = {}
    for key in ("kind_points", "channel_points", "status_points"):
        value = raw.get(key, {})
        if not isinstance(value, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value.values()
        ):
            raise ConfigError(f"score.{key}", "must be a table of whole numbers, e.g. { reply = 5 }")
        tables[key] = {name_key(k): v for k, v in value.items()}
    known = {s.key for s in statuses}
    for k in tables["status_points"]:
        if k not in known:
            raise ConfigError(
                f"score.status_points.{k}", f"no such status; statuses are {', '.join(sorted(known))}"
            )
    recent = raw.get("recent_within")
    if recent is not None:
        check_duration(recent, "score.recent_within")
    return ScoreConfig(recent_within=recent, **tables)
