"""The workspace configuration: `statustui.toml`, read with tomllib and checked against a schema.

Every table has a fixed set of keys (`_SECTIONS`, `_STATUS_KEYS`); an unknown key anywhere is an
`UnknownKeyError` with a did-you-mean, and every value is checked against the range the rest of the program
handles (numbers, durations, list and text sizes), so a file that loads never fails later. The schema is
written by hand rather than with pydantic or msgspec: each message carries its own hint (IANA zones, colors,
durations, status names), which those libraries' errors would have to be re-parsed to give, and they cost
15-130 ms of start-up for what is here a few dozen lines (figures in the commit that introduced this).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from statustui.durations import DurationError, parse_duration
from statustui.suggest import did_you_mean

CONFIG_FILE = "statustui.toml"
MAX_STATUSES = 100
MAX_FILE_BYTES = 1 << 20
MAX_NAMES = 1000  # entries in one list or table: vocabulary, members, keys, points, status map
MAX_NAME_CHARS = 200
MAX_POINTS = 10_000  # per engagement kind, channel or status: the score column is a 32-bit integer
MAX_DURATION_SECONDS = 100 * 365 * 86400  # follow-up goals, recent_within, schedule_every: up to 100 years
MAX_CHANGES_LIMIT = 10_000_000
STATUS_TYPES = ("open", "won", "lost")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
_BINDING_ID = re.compile(r"^[a-z][a-z0-9_.-]*$")
_STATUS_KEYS = ("name", "color", "type", "assignable", "follow_up", "unsubscribes", "default")
# Each table's keys; `None` marks a table whose keys are names the file chooses (points, key bindings, ...).
_SECTIONS: dict[str, tuple[str, ...] | None] = {
    "workspace": ("preset", "timezone", "top_percent", "database", "week_start", "country_code"),
    "vocabulary": ("channels", "kinds", "stages"),
    "score": ("kind_points", "channel_points", "status_points", "recent_within"),
    "keys": None,
    "rules": ("schedule_every", "max_changes"),
    "import": ("status_map",),
    "team": ("members",),
}
_TOP_KEYS = (*_SECTIONS, "statuses")


class ConfigError(Exception):
    """A configuration problem, naming the file, the key and what is allowed."""

    def __init__(self, key: str, message: str, path: Path | str | None = None) -> None:
        super().__init__(key, message)
        self.key = key
        self.message = message
        self.path = Path(path) if path else None

    def in_file(self, path: Path) -> ConfigError:
        """The same error, naming the file it came from."""
        return type(self)(self.key, self.message, path)

    def __str__(self) -> str:
        return f"{self._where()}{self.key}: {self.message}"

    def _where(self) -> str:
        return f"{self.path}: " if self.path else ""


class UnknownKeyError(ConfigError):
    """A key the schema does not know; the message names it: `unknown key 'timezon' in [workspace] - ...`."""

    def __str__(self) -> str:
        return f"{self._where()}{self.message}"


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
class RulesConfig:
    """`[rules]`: how often `on schedule` rules run, and how many status changes one run may make."""

    schedule_every: str = "15m"
    max_changes: int = 10_000

    @property
    def schedule_every_seconds(self) -> int:
        return parse_duration(self.schedule_every)


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
    week_start: str = "monday"  # the first day of a week in reports, a weekday name in lower case
    # The calling code national phone numbers get when duplicates are compared ("1": US/Canada, "44": UK).
    country_code: str = "1"
    # `[keys]`: binding id -> key string ("ctrl+s", "j,down"), the app's keymap; the app checks the ids.
    keys: dict[str, str] = field(default_factory=dict)
    rules: RulesConfig = field(default_factory=RulesConfig)
    # `[import.status_map]`: another system's status value -> the name of one of `statuses`.
    status_map: dict[str, str] = field(default_factory=dict)
    members: tuple[str, ...] = ()  # `[team] members`: the people who work in this workspace

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

    @property
    def week_start_index(self) -> int:
        """The first day of the week as `date.weekday()` counts it (Monday 0)."""
        return WEEKDAYS.index(self.week_start)

    def with_statuses(
        self, statuses: list[StatusDef], moved: Mapping[str, str] | None = None
    ) -> WorkspaceConfig:
        """This configuration with other statuses; `moved` (old status key -> new name) carries a rename or a
        merge into `[import.status_map]`, which may not name a status that is gone."""
        moved = moved or {}
        status_map = {k: moved.get(name_key(v), v) for k, v in self.status_map.items()}
        cfg = replace(self, statuses=tuple(statuses), status_map=status_map)
        _check_statuses(cfg.statuses)
        kept = {s.key for s in cfg.statuses}
        for value, name in status_map.items():
            if name_key(name) not in kept:
                raise ConfigError(
                    f"import.status_map.{value}",
                    f"[import.status_map] in statustui.toml maps {value!r} to {name!r}; change that first",
                )
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
        if self.week_start != "monday":
            ws["week_start"] = self.week_start
        if self.country_code != "1":
            ws["country_code"] = self.country_code
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
        data: dict[str, Any] = {
            "workspace": ws,
            "statuses": statuses,
            "vocabulary": {
                "channels": list(self.vocabulary.channels),
                "kinds": list(self.vocabulary.kinds),
                "stages": list(self.vocabulary.stages),
            },
            "score": score,
        }
        # The optional sections are written only when they say something, so a preset's file stays short.
        if self.keys:
            data["keys"] = dict(self.keys)
        if self.rules != RulesConfig():
            data["rules"] = {
                "schedule_every": self.rules.schedule_every,
                "max_changes": self.rules.max_changes,
            }
        if self.status_map:
            data["import"] = {"status_map": dict(self.status_map)}
        if self.members:
            data["team"] = {"members": list(self.members)}
        return data

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
    if len(raw) > MAX_FILE_BYTES:
        raise ConfigError(
            "file", f"is {len(raw):,} bytes; a configuration has at most {MAX_FILE_BYTES:,}", path
        )
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError("file", f"is not UTF-8 text (byte {e.start})", path) from None
    except (tomllib.TOMLDecodeError, ValueError) as e:  # ValueError: an integer past Python's digit limit
        raise ConfigError("file", f"is not valid TOML: {e}", path) from None
    except RecursionError:
        raise ConfigError("file", "nests arrays or tables too deeply to read", path) from None
    try:
        return parse_config(data)
    except ConfigError as e:
        raise e.in_file(path) from None


def parse_config(data: dict[str, Any]) -> WorkspaceConfig:
    if not data:
        raise ConfigError(
            "file",
            "is empty; it needs [workspace], [[statuses]] and [vocabulary] "
            "(`statustui init --preset NAME` writes a complete one)",
        )
    for key in data:
        if key not in _TOP_KEYS:
            raise UnknownKeyError(key, f"unknown section [{key}]{_hint(key, _TOP_KEYS)}")
    ws = _table(data, "workspace", required=False)
    timezone = _text(ws, "workspace.timezone", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            "workspace.timezone",
            f"unknown time zone {_show(timezone)}; use an IANA name such as 'Europe/Berlin' or 'UTC'",
        ) from None
    week_start = _text(ws, "workspace.week_start", "monday").lower()
    if week_start not in WEEKDAYS:
        raise ConfigError(
            "workspace.week_start",
            f"{_show(week_start)} is not a weekday"
            + (did_you_mean(week_start, WEEKDAYS) or f"; use one of {', '.join(WEEKDAYS)}"),
        )
    country_code = _text(ws, "workspace.country_code", "1").strip().lstrip("+")
    if not (country_code.isascii() and country_code.isdigit() and 1 <= len(country_code) <= 3):
        raise ConfigError(
            "workspace.country_code",
            f"{_show(country_code)} is not a calling code; write 1 to 3 digits, e.g. '44'",
        )
    database = ws.get("database")
    if database is not None:
        database = _text(ws, "workspace.database", "")
        if not database.strip() or "\x00" in database:
            raise ConfigError("workspace.database", "must be a file name or a database URL")
    statuses_raw = data.get("statuses")
    if not isinstance(statuses_raw, list) or not statuses_raw:
        raise ConfigError("statuses", "needs at least one [[statuses]] table with a name")
    if len(statuses_raw) > MAX_STATUSES:
        raise ConfigError("statuses", f"has {len(statuses_raw)} statuses; at most {MAX_STATUSES} are allowed")
    statuses = tuple(_status(s, i) for i, s in enumerate(statuses_raw))
    _check_statuses(statuses)
    vocab = _table(data, "vocabulary", required=True)
    vocabulary = Vocabulary(
        channels=_names(vocab, "vocabulary.channels"),
        kinds=_names(vocab, "vocabulary.kinds"),
        stages=_names(vocab, "vocabulary.stages"),
    )
    rules = _table(data, "rules", required=False)
    imports = _table(data, "import", required=False)
    status_map = _text_table(imports.get("status_map", {}), "import.status_map")
    _status_map(status_map, statuses)
    return WorkspaceConfig(
        statuses=statuses,
        vocabulary=vocabulary,
        score=_score(_table(data, "score", required=False), statuses, vocabulary),
        preset=_text(ws, "workspace.preset", "custom"),
        timezone=timezone,
        top_percent=_whole(ws, "workspace.top_percent", 10, 1, 100),
        database=database,
        week_start=week_start,
        country_code=country_code,
        keys=_keys(_table(data, "keys", required=False)),
        rules=RulesConfig(
            schedule_every=_duration(rules, "rules.schedule_every", "15m", minimum=60),
            max_changes=_whole(rules, "rules.max_changes", 10_000, 1, MAX_CHANGES_LIMIT),
        ),
        status_map={k: statuses[_status_index(v, statuses)].name for k, v in status_map.items()},
        members=_names(_table(data, "team", required=False), "team.members", default=(), as_keys=False),
    )


# -- checks: each names its key and what is allowed -------------------------------------------------------


def _show(value: Any) -> str:
    """A value as the message quotes it, cut short (a 400-digit number or a deep array stays readable)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _hint(key: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    return did_you_mean(key, allowed) or f"; allowed: {', '.join(sorted(allowed))}"


def _table(data: dict[str, Any], key: str, required: bool) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        if required:
            raise ConfigError(key, f"missing; add a [{key}] table")
        return {}
    if not isinstance(value, dict):
        raise ConfigError(key, f"must be a table ([{key}]), not {type(value).__name__}")
    allowed = _SECTIONS[key]
    if allowed is not None:
        for k in value:
            if k not in allowed:
                raise UnknownKeyError(f"{key}.{k}", f"unknown key {k!r} in [{key}]{_hint(k, allowed)}")
    return value


def _text(table: dict[str, Any], key: str, default: str) -> str:
    value = table.get(key.rsplit(".", 1)[-1], default)
    if not isinstance(value, str):
        raise ConfigError(key, f"must be a string, not {_show(value)}")
    if len(value) > 4096:
        raise ConfigError(key, f"is {len(value):,} characters long; at most 4,096")
    return value


def _whole(table: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = table.get(key.rsplit(".", 1)[-1], default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ConfigError(key, f"must be a whole number from {low:,} to {high:,}, not {_show(value)}")
    return value


def _names(
    table: dict[str, Any], key: str, default: tuple[str, ...] | None = None, as_keys: bool = True
) -> tuple[str, ...]:
    value = table.get(key.rsplit(".", 1)[-1], default)
    if value == default and default is not None:
        return default
    if (
        not isinstance(value, list)
        or not all(isinstance(v, str) and v.strip() and len(v) <= MAX_NAME_CHARS for v in value)
        or len(value) > MAX_NAMES
    ):
        raise ConfigError(
            key,
            f"must be a list of at most {MAX_NAMES} names (each up to {MAX_NAME_CHARS} characters), "
            'e.g. ["facebook", "email"]',
        )
    keys = [name_key(v) for v in value]
    if len(set(keys)) != len(keys):
        dup = next(k for k in keys if keys.count(k) > 1)
        raise ConfigError(key, f"names {dup!r} twice")
    return tuple(keys) if as_keys else tuple(v.strip() for v in value)


def _text_table(value: Any, key: str) -> dict[str, str]:
    """A table of names the file chooses, each with a string value (`[keys]`, `[import.status_map]`)."""
    if not isinstance(value, dict):
        raise ConfigError(key, f"must be a table ([{key}]), not {type(value).__name__}")
    if len(value) > MAX_NAMES:
        raise ConfigError(key, f"has {len(value):,} entries; at most {MAX_NAMES:,}")
    for k, v in value.items():
        if not k.strip() or len(k) > MAX_NAME_CHARS:
            raise ConfigError(key, f"{_show(k)} is not a name (1 to {MAX_NAME_CHARS} characters)")
        if not isinstance(v, str) or not v.strip() or len(v) > MAX_NAME_CHARS:
            raise ConfigError(
                f"{key}.{k}", f"must be a string of 1 to {MAX_NAME_CHARS} characters, not {_show(v)}"
            )
    return dict(value)


def _keys(raw: dict[str, Any]) -> dict[str, str]:
    keys = _text_table(raw, "keys")
    for binding in keys:
        if not _BINDING_ID.match(binding):
            raise ConfigError(
                f"keys.{binding}", "a binding id is lower-case letters, digits, '_', '.' and '-'"
            )
    return keys


def _status_index(name: str, statuses: tuple[StatusDef, ...]) -> int:
    key = name_key(name)
    return next(i for i, s in enumerate(statuses) if s.key == key)


def _status_map(status_map: Mapping[str, str], statuses: tuple[StatusDef, ...]) -> None:
    known = {s.key for s in statuses}
    for other, name in status_map.items():
        if name_key(name) not in known:
            names = [s.name for s in statuses]
            raise ConfigError(
                f"import.status_map.{other}",
                f"no status {_show(name)}{did_you_mean(name, names)}; statuses are {', '.join(names)}",
            )


def check_color(color: Any, key: str) -> str:
    if isinstance(color, str) and (color.lower() in NAMED_COLORS or _HEX_COLOR.match(color)):
        return color.lower()
    raise ConfigError(key, f"{_show(color)} is not a color; allowed: {', '.join(NAMED_COLORS)} or #rrggbb")


def check_duration(value: Any, key: str, minimum: int = 0) -> None:
    """A duration the program can add to any time it stores: from `minimum` seconds to 100 years."""
    try:
        seconds = parse_duration(value)
    except DurationError as e:
        raise ConfigError(key, str(e)) from None
    if not minimum <= seconds <= MAX_DURATION_SECONDS:
        low = f"{minimum // 60} minute" if minimum else "0"
        raise ConfigError(key, f"{_show(value)} is out of range; a duration here is from {low} to 100 years")


def _duration(table: dict[str, Any], key: str, default: str, minimum: int = 0) -> str:
    value = table.get(key.rsplit(".", 1)[-1], default)
    check_duration(value, key, minimum)
    return str(value)


def _status(raw: Any, i: int) -> StatusDef:
    where = f"statuses[{i}]"
    if not isinstance(raw, dict):
        raise ConfigError(where, "must be a table with at least a name")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS:
        raise ConfigError(
            f"{where}.name", f"missing or empty; every status needs a name (up to {MAX_NAME_CHARS})"
        )
    where = f"statuses[{i}] ({name})"
    for k in raw:
        if k not in _STATUS_KEYS:
            raise UnknownKeyError(
                f"{where}.{k}", f"unknown key {k!r} in [[statuses]] ({name}){_hint(k, _STATUS_KEYS)}"
            )
    stype = raw.get("type", "open")
    if stype not in STATUS_TYPES:
        raise ConfigError(
            f"{where}.type", f"{_show(stype)} is not allowed; use one of {', '.join(STATUS_TYPES)}"
        )
    for flag in ("assignable", "unsubscribes", "default"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise ConfigError(f"{where}.{flag}", f"must be true or false, not {_show(raw[flag])}")
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


def _points(raw: dict[str, Any], key: str, names: Iterable[str], what: str) -> dict[str, int]:
    """A points table whose keys are names of `names` (kinds, channels or statuses), with a did-you-mean."""
    value = raw.get(key, {})
    where = f"score.{key}"
    if not isinstance(value, dict) or len(value) > MAX_NAMES:
        raise ConfigError(where, "must be a table of whole numbers, e.g. { reply = 5 }")
    known = list(names)
    points: dict[str, int] = {}
    for name, p in value.items():
        if not isinstance(p, int) or isinstance(p, bool) or not -MAX_POINTS <= p <= MAX_POINTS:
            raise ConfigError(
                f"{where}.{name}",
                f"must be a whole number from {-MAX_POINTS:,} to {MAX_POINTS:,}, not {_show(p)}",
            )
        k = name_key(name)
        if k not in known:
            raise ConfigError(
                f"{where}.{k}",
                f"no such {what}{did_you_mean(k, known)}; {what}s are {', '.join(sorted(known))}",
            )
        points[k] = p
    return points


def _score(raw: dict[str, Any], statuses: tuple[StatusDef, ...], vocabulary: Vocabulary) -> ScoreConfig:
    recent = raw.get("recent_within")
    if recent is not None:
        check_duration(recent, "score.recent_within")
    return ScoreConfig(
        kind_points=_points(raw, "kind_points", vocabulary.kinds, "kind"),
        channel_points=_points(raw, "channel_points", vocabulary.channels, "channel"),
        status_points=_points(raw, "status_points", (s.key for s in statuses), "status"),
        recent_within=recent,
    )
