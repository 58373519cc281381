"""Hostile input for every entry point of the command line (queries, CSV cells and headers, JSONL values,
`statustui.toml` values, database URLs), run in-process: each must work or be a named error, never an
"internal error". Shared by tests/reliability/test_fuzz.py (bounded) and bench/fuzz_cli.py (long runs)."""

from __future__ import annotations

import csv
import importlib
import io
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest.mock import patch

import tomli_w
from hypothesis import strategies as st

from statustui.cli.main import build_parser, main
from statustui.store.models import database

# -- pieces ---------------------------------------------------------------------------------------------------
NASTY_CHARS = "\x00\x07\x1b\x7f\x9b\u202e\u2066\ud800\udcff\r\n\t\"'\\%_;,=@#/:?[]{}()<>~!"
KEYWORDS = [
    "and",
    "or",
    "not",
    "in",
    "is",
    "empty",
    "manual",
    "between",
    "within",
    "before",
    "after",
    "tagged",
    "engaged",
    "reached",
    "top",
    "status",
    "was",
    "changed",
    "from",
    "to",
    "by",
    "person",
    "rule",
    "import",
    "api",
    "default",
    "unsubscribed",
    "overdue",
    "at",
    "least",
    "most",
    "exactly",
    "times",
    "order",
    "asc",
    "desc",
    "limit",
    "today",
    "yesterday",
    "field.",
    "event.",
    "name",
    "email",
    "phone",
    "company",
    "source",
    "score",
    "tag",
    "created",
    "last_engaged",
    "status_changed",
    "HOT",
    "COLD",
    "WARM",
    "NEUTRAL",
    "facebook",
    "email",
    "reply",
    "stage",
]
NUMBERS = [
    "0",
    "-1",
    "1.5",
    "999999999999999",
    "1000000000000000",
    "99999999999999999999",
    "1" + "0" * 400,
    "0." + "1" * 400,
    "9" * 5000,
]
DATES = ["1900-01-01", "2200-12-31", "1899-12-31", "2201-01-01", "9999-12-31", "0001-01-01", "2026-02-30"]
DURATIONS = ["0d", "14d", "300y", "301y", "99999999999999999999d", "1.5e3d", "1" + "0" * 400 + "mo"]
TIMES = [
    *DATES,
    "2026-11-01T09:30",
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00+01:00",
    "1900-01-01T00:00+14:00",
    "2200-12-31T23:59-12:00",
    "1969-12-31T23:59:59Z",
    "yesterday",
]

nasty_text = st.text(alphabet=st.sampled_from(NASTY_CHARS) | st.characters(), max_size=12)
word = st.sampled_from(KEYWORDS + NUMBERS + DATES + DURATIONS) | nasty_text
operators = st.sampled_from(["=", "!=", "<", "<=", ">", ">=", "~", "!~", "(", ")", ",", "%", '"', "'"])
query_text = st.lists(word | operators | st.just('"' + "x" * 3000 + '"'), max_size=14).map(
    " ".join
) | st.sampled_from(
    [" and ".join(["score > 1"] * 60), "not " * 30 + "tagged x", "(" * 40 + "score > 1" + ")" * 40]
)
cell = st.sampled_from(NUMBERS + TIMES + DURATIONS + ["a@b.co", "HOT", "vip;x", ""]) | nasty_text
header_name = (
    st.sampled_from(
        [
            "email",
            "name",
            "status",
            "created_at",
            "tags",
            "phone",
            "company",
            "source",
            "a b",
            "a-b",
            "A_B",
            "id",
            "score_bonus",
            "unsubscribed",
            "status_manual",
            "status_changed_at",
            "last_engaged_at",
            "score",
        ]
    )
    | nasty_text
)
json_scalar = st.none() | st.booleans() | st.integers() | st.floats() | cell
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(cell, inner, max_size=3),
    max_leaves=8,
)
event_record = st.dictionaries(
    st.sampled_from(["email", "channel", "kind", "at", "value", "text"]) | nasty_text,
    json_value | st.sampled_from(TIMES + ["p1@example.com", "email", "reply", "stage"]),
    max_size=7,
)
toml_value = st.recursive(
    st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
    | nasty_text.filter(lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s))
    | st.sampled_from(DURATIONS + TIMES + ["#ff0000", "red", "UTC", "Mars/Olympus"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "name", "x"]), inner, max_size=2)
    ),
    max_leaves=6,
)
CONFIG_KEYS = [
    ("workspace", "timezone"),
    ("workspace", "top_percent"),
    ("workspace", "week_start"),
    ("statuses", 0, "name"),
    ("statuses", 0, "follow_up"),
    ("statuses", 1, "color"),
    ("statuses", 2, "type"),
    ("vocabulary", "channels"),
    ("vocabulary", "kinds"),
    ("score", "recent_within"),
    ("score", "kind_points"),
    ("rules", "max_changes"),
    ("rules", "schedule_every"),
    ("keys",),
]
postgres_url = st.builds(
    lambda scheme, user, password, host, port, path, query: (
        f"{scheme}{user}{':' + password if password is not None else ''}{'@' if user or password else ''}"
        f"{host}{':' + port if port is not None else ''}/{path}{query}"
    ),
    st.sampled_from(["postgresql://", "postgres://", "mysql://", "postgresql:/", "POSTGRESQL://"]),
    st.sampled_from(["", "postgres", "u%40x"]) | nasty_text,
    st.none() | st.sampled_from(["S3c@retPW", "S3cret/PW", "p%00w"]) | nasty_text,
    st.sampled_from(["127.0.0.1", "[::1]", "[::1", "localhost", "", "@", "a b"]),
    st.none() | st.sampled_from(["1", "99999", "abc", "", "-1", "0"]),
    st.sampled_from(["x", "", "%00", "a/b"]) | nasty_text,
    st.sampled_from(["", "?schema=s", "?schema=Bad-Name", "?sslmode=require", "?x=1", "?schema"]),
)
# SQLite URLs stay inside the workspace: no absolute path, no `..`.
sqlite_url = st.builds(
    lambda prefix, name: prefix + name,
    st.sampled_from(["sqlite:///", "sqlite://", "sqlite:", ""]),
    st.sampled_from(["x.db", "", ":memory:", "%00", "no-folder/x.db", "%2e%2e"])
    | nasty_text.filter(lambda s: "/" not in s and "." not in s and "%" not in s and s.strip()),
)
url = postgres_url | sqlite_url
options = st.tuples(
    st.sampled_from(
        [("report", "--since"), ("search", "", "--limit"), ("--now",), ("status", "add", "S", "--follow-up")]
    ),
    cell,
)


# -- running ------------------------------------------------------------------------------------------------
class Runner:
    """Runs commands in one workspace in this process and fails on any internal error."""

    def __init__(self, workspace: Path, url: str, capsys: Any) -> None:
        self.workspace, self.url, self.capsys = workspace, url, capsys
        self.config = (workspace / "statustui.toml").read_text(encoding="utf-8")
        self.runs = 0
        # Built once: argparse's help texts cost gettext lookups, 70% of a command's time in a fuzz run.
        self.parser = build_parser()

    def run(self, *args: str, database_url: str | None = None) -> tuple[int, str, str]:
        argv = [
            "-w",
            str(self.workspace),
            "--database",
            database_url or self.url,
            "--now",
            "2026-11-20T12:00Z",
        ]
        try:
            with patch.object(
                importlib.import_module("statustui.cli.main"), "build_parser", lambda: self.parser
            ):
                code = main([*argv, *args])
        except SystemExit as e:  # argparse refusing an option
            code = int(e.code or 0)
        finally:
            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()
        out, err = self.capsys.readouterr()
        self.runs += 1
        assert code in (0, 1, 2), (args, code, err)
        assert "internal error" not in err and "Traceback" not in err, (args, err)
        return code, out, err

    def query(self, text: str) -> None:
        self.run("search", text, "--count")
        self.run("search", text, "--format", "json", "--limit", "3")

    def csv_file(self, header: list[str], rows: list[list[str]]) -> None:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        writer.writerows(rows)
        path = self.workspace.parent / "fuzz.csv"
        path.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
        self.run("import", "contacts", str(path))

    def jsonl_file(self, records: list[dict[str, Any]], kind: str) -> None:
        path = self.workspace.parent / "fuzz.jsonl"
        lines = [json.dumps(r, ensure_ascii=True) for r in records]  # \ud800 stays an escape: valid JSON
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.run("import", kind, str(path))

    def config_value(self, key: tuple[str | int, ...], value: Any) -> None:
        data = tomllib.loads(self.config)
        target: Any = data
        for part in key[:-1]:
            target = target.setdefault(part, {}) if isinstance(part, str) else target[part]
        target[key[-1]] = value
        path = self.workspace / "statustui.toml"
        try:
            path.write_text(tomli_w.dumps(data), encoding="utf-8")
            self.run("search", "overdue", "--count")
            self.run("status", "list")
        finally:
            path.write_text(self.config, encoding="utf-8")

    def database_url(self, text: str) -> None:
        self.run("search", "", "--count", database_url=text)

    def option(self, command: tuple[str, ...], value: str) -> None:
        args = [*command, value]
        self.run(*(args + ["search", ""] if command == ("--now",) else args))
        if command[0] == "status":  # a status it may have added: the next example starts afresh
            (self.workspace / "statustui.toml").write_text(self.config, encoding="utf-8")


def entry_points(runner: Runner) -> dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]]:
    """Per entry point, the strategy of its input and how to feed one to the command line."""
    return {
        "query": (query_text, runner.query),
        "csv": (
            st.tuples(
                st.lists(header_name, min_size=1, max_size=6),
                st.lists(st.lists(cell, max_size=7), max_size=3),
            ),
            lambda hr: runner.csv_file(*hr),
        ),
        "jsonl events": (
            st.lists(event_record, min_size=1, max_size=3),
            lambda rs: runner.jsonl_file(rs, "events"),
        ),
        "jsonl contacts": (
            st.lists(st.dictionaries(header_name, json_value, max_size=5), min_size=1, max_size=3),
            lambda rs: runner.jsonl_file(rs, "contacts"),
        ),
        "config": (st.tuples(st.sampled_from(CONFIG_KEYS), toml_value), lambda kv: runner.config_value(*kv)),
        "url": (url, runner.database_url),
        "option": (options, lambda cv: runner.option(*cv)),
    }
