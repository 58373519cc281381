"""Reading contacts from JSON (an array of objects, as `export -o FILE.json` writes) or JSON Lines (one
object a line) into the same header and text cells a CSV file gives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from statustui.import_export import strict_json
from statustui.import_export.csv_input import Table
from statustui.import_export.errors import ImportProblem

EXAMPLE = '{"email": "ann@example.com", "name": "Ann Lee", "tags": ["vip"]}'


def read_json(path: Path) -> Table:
    """The keys of all records (in the order they first appear) are the header; a record without a key has
    an empty cell there. A JSON array is read whole; JSON Lines is read twice and never held in memory."""
    lines = path.suffix.lower() == ".jsonl"
    records = (lambda: _lines(path)) if lines else _array(path)
    header: dict[str, None] = {}
    for _, record in records():
        header.update(dict.fromkeys(record))
    names = list(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, record in records():
            yield number, [_cell(record.get(k)) for k in names]

    return Table(
        path, names, rows(), unit="line" if lines else "record", notes=["JSON Lines" if lines else "JSON"]
    )


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as e:
        raise ImportProblem(f"{path.name}: {e.strerror}") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield number, _record(path, "line", number, line)
        except UnicodeDecodeError:
            raise ImportProblem(f"{path.name}: not UTF-8 text (JSON files are UTF-8)") from None


def _array(path: Path) -> Any:
    try:
        data = strict_json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise ImportProblem(f"{path.name}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise ImportProblem(f"{path.name}: not UTF-8 text (JSON files are UTF-8)") from None
    except strict_json.JsonProblem as e:
        where = f"line {e.line}, column {e.column}: " if e.line else ""
        raise ImportProblem(f"{path.name}: {where}{e}") from None
    if not isinstance(data, list):
        raise ImportProblem(f"{path.name}: must be a JSON array of objects such as [{EXAMPLE}]")
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise ImportProblem(f"{path.name}: record {number}: must be a JSON object such as {EXAMPLE}")
    return lambda: enumerate(data, start=1)


def _record(path: Path, unit: str, number: int, text: str) -> dict[str, Any]:
    try:
        record = strict_json.loads(text)
    except strict_json.JsonProblem as e:
        where = f"{unit} {number}" + (f", column {e.column}" if e.column else "")
        raise ImportProblem(f"{path.name}: {where}: {e}; nothing was imported") from None
    if not isinstance(record, dict):
        raise ImportProblem(f"{path.name}: {unit} {number}: must be a JSON object such as {EXAMPLE}")
    return record


def _cell(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold (a list of tags: `;`-separated)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
