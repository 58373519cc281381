"""Saved searches: the workspace's `searches.toml` (the commands are in `statustui.cli.searches`).

    [[search]]
    name = "Hot and warm"
    query = "status in (HOT, WARM)"
    description = "worth a call today"   # optional
    sort = "score desc"                   # optional: order-by keys, used when the query has no order by
    columns = ["name", "status", "field.city"]  # optional: a view's columns, in order (VIEW_COLUMNS, field.NAME)

A saved search that no longer compiles (a status was renamed) stays in the file; listing reports it with its
name and the error.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

import tomli_w

from statustui.language import LanguageContext, LanguageError, check_query, parse_query
from statustui.store.paging import ContactRow
from statustui.suggest import did_you_mean
from statustui.timeutil import format_instant, format_relative

DAY = 86400


class SearchesError(Exception):
    """A problem with searches.toml or a saved search's name."""


class ViewError(ValueError):
    """A saved view names a column that does not exist (a usage error: exit 2)."""


# The contact columns a view may show, besides custom fields as `field.NAME`.
VIEW_COLUMNS = (
    "name",
    "email",
    "phone",
    "company",
    "source",
    "status",
    "score",
    "tags",
    "created",
    "last_engaged",
    "status_changed",
    "follow_up",
    "unsubscribed",
)
CUSTOM_PREFIX = "field."


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    description: str | None = None
    sort: str | None = None
    columns: tuple[str, ...] | None = None  # a view's columns; None: the usual ones

    @property
    def custom_fields(self) -> list[str]:
        """The custom fields among the columns (`field.city` -> city)."""
        return [c.removeprefix(CUSTOM_PREFIX) for c in self.columns or () if c.startswith(CUSTOM_PREFIX)]

    @property
    def full_query(self) -> str:
        """The query with its saved sort as `order by` when the query has none of its own."""
        if not self.sort or parse_query(self.query).order:
            return self.query
        return f"{self.query} order by {self.sort}"


@dataclass(frozen=True)
class SearchStatus:
    search: SavedSearch
    error: LanguageError | None  # None: it compiles


def load_searches(path: Path) -> list[SavedSearch]:
    """The saved searches in file order (none when the file does not exist)."""
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SearchesError(f"{path}: not valid TOML: {e}") from None
    entries = data.get("search", [])
    if not isinstance(entries, list):
        raise SearchesError(f"{path}: `search` must be an array of tables ([[search]])")
    searches = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("name", "query")):
            raise SearchesError(f"{path}: search[{i}] needs a name and a query, both strings")
        extra = {k: entry[k] for k in ("description", "sort") if isinstance(entry.get(k), str)}
        columns = entry.get("columns")
        if columns is not None and not (
            isinstance(columns, list) and all(isinstance(c, str) for c in columns)
        ):
            raise SearchesError(f"{path}: search[{i}].columns must be a list of column names")
        searches.append(
            SavedSearch(entry["name"], entry["query"], **extra, columns=tuple(columns) if columns else None)
        )
    return searches


def write_searches(path: Path, searches: list[SavedSearch]) -> None:
    """Write atomically: a crash mid-write never leaves a half file."""
    entries = [
        {k: list(v) if isinstance(v, tuple) else v for k, v in vars(s).items() if v is not None}
        for s in searches
    ]
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_bytes(tomli_w.dumps({"search": entries}).encode())
    tmp.replace(path)


def find_search(path: Path, name: str) -> SavedSearch:
    searches = load_searches(path)
    for s in searches:
        if s.name.lower() == name.lower():
            return s
    raise SearchesError(f"no saved search {name!r}{did_you_mean(name, [s.name for s in searches])}")


def save_search(path: Path, search: SavedSearch, ctx: LanguageContext) -> bool:
    """Save (replacing one of the same name, case-insensitively) a search that compiles; True if replaced."""
    if not search.name.strip():
        raise SearchesError("a saved search needs a name")
    check_query(parse_query(search.full_query, ctx), ctx)
    check_columns(search.columns or (), ctx)
    searches = load_searches(path)
    kept = [s for s in searches if s.name.lower() != search.name.lower()]
    write_searches(path, [*kept, search])
    return len(kept) != len(searches)


def check_columns(columns: tuple[str, ...] | list[str], ctx: LanguageContext) -> None:
    """Every column is a contact column or `field.NAME` of a custom field contacts have; else a ViewError
    naming it, with a did-you-mean."""
    fields = [f"{CUSTOM_PREFIX}{f}" for f in ctx.fields()]
    for column in columns:
        key = column.lower()
        if key in VIEW_COLUMNS or key in fields:
            continue
        known = [*VIEW_COLUMNS, *fields]
        raise ViewError(
            f"unknown column {column!r}{did_you_mean(column, known)}; columns: {', '.join(known)}"
        )


def column_text(row: ContactRow, column: str, now: int, tz: tzinfo) -> str:
    """A row's cell in a view's column, as `searches run` prints it."""
    key = column.lower()
    if key.startswith(CUSTOM_PREFIX):
        return row.fields.get(key.removeprefix(CUSTOM_PREFIX), "")
    if key == "status":
        return row.status + (" *" if row.status_manual else "")
    if key == "tags":
        return ", ".join(row.tags)
    if key == "last_engaged":
        return format_relative(row.last_engaged_at, now)
    if key in ("created", "status_changed"):
        return format_instant(getattr(row, f"{key}_at"), tz)
    if key == "follow_up":
        return _days(row.follow_up)
    if key == "unsubscribed":
        return "yes" if row.unsubscribed else ""
    value = getattr(row, key)
    return "" if value is None else str(value)


def _days(seconds: int | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds // DAY}d" if seconds % DAY == 0 else f"{seconds // 3600}h"


def delete_search(path: Path, name: str) -> SavedSearch:
    found = find_search(path, name)
    write_searches(path, [s for s in load_searches(path) if s.name.lower() != found.name.lower()])
    return found


def list_searches(path: Path, ctx: LanguageContext) -> list[SearchStatus]:
    """Every saved search with whether it still compiles."""
    statuses = []
    for s in load_searches(path):
        try:
            check_query(parse_query(s.full_query, ctx), ctx)
            statuses.append(SearchStatus(s, None))
        except LanguageError as e:
            statuses.append(SearchStatus(s, e))
    return statuses
