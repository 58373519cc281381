"""Reading a CSV file a person made: encoding, delimiter, header checks, rows with their numbers."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from statustui.import_export.encoding import Encoding, detect_encoding
from statustui.import_export.errors import ImportProblem

csv.field_size_limit(10 * 1024 * 1024)
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes the encoding has no character for (kept as surrogates)
DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    """A file's header (as written) and its rows of text cells, numbered as a person counts them."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    unit: str = "row"  # "row" of a CSV file, "line" of JSON Lines, "record" of a JSON array
    guarded: bool = False  # cells may carry the CSV formula guard
    notes: list[str] = field(default_factory=list)  # encoding and delimiter, for the printed mapping


def read_csv(path: Path, encoding: str | None = None) -> Table:
    """UTF-8 (with or without a byte-order mark), UTF-16 with one, or Windows-1252 (`encoding.py`);
    comma, semicolon or tab separated, whichever the header row uses most.

    Bytes the encoding cannot read are kept as surrogates and found per row: a decoding error raised by the
    file object would come a whole read buffer early and name the wrong row.
    """
    enc = detect_encoding(path, encoding)
    handle = path.open(encoding=enc.codec, errors="surrogateescape", newline="")
    first = handle.readline()
    delimiter = _delimiter(first)
    handle.seek(0)
    # strict: an unclosed quote is an error, not rows swallowed into a cell
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise ImportProblem(
            f"{path.name}: the file is empty; it needs a header row such as "
            "name,email,phone,company,source,status,created_at,tags"
        ) from None
    if undecoded_column(header) or nul_column(header):
        handle.close()
        raise ImportProblem(f"{path.name}: row 1: {_unreadable(enc)}")
    header = [h.strip() for h in header]

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for number, cells in enumerate(reader, start=2):  # noqa: B007 - `number` names the broken row
                column = undecoded_column(cells)
                if column:
                    name = header[column - 1] if column <= len(header) else str(column)
                    raise ImportProblem(
                        f"{path.name}: row {number}, column {name}: {_unreadable(enc)}; nothing was imported"
                    )
                column = nul_column(cells)
                if column:
                    name = header[column - 1] if column <= len(header) else str(column)
                    raise ImportProblem(
                        f"{path.name}: row {number}, column {name}: holds a NUL character, which cannot be "
                        "stored (a binary file, or one saved as UTF-16 without its byte-order mark?); "
                        "nothing was imported"
                    )
                yield number, cells
        except csv.Error as e:
            raise ImportProblem(f"{path.name}: row {number + 1}: {e}; nothing was imported") from None
        finally:
            handle.close()

    notes = [enc.label] + ([f"{_NAMES[delimiter]}-separated"] if delimiter != "," else [])
    return Table(path, header, rows(), guarded=True, notes=notes)


_NAMES = {";": "semicolon", "\t": "tab", ",": "comma"}


def _delimiter(line: str) -> str:
    """The separator the header row uses most, outside quotes (European Excel writes `;`)."""
    outside = re.sub(r'"[^"]*"', "", line)
    return max(DELIMITERS, key=outside.count) if any(d in outside for d in DELIMITERS) else ","


def _unreadable(enc: Encoding) -> str:
    return f"not {enc.label} text; save the file as UTF-8 (CSV UTF-8) or name its encoding with --encoding"


def undecoded_column(cells: list[str]) -> int | None:
    """The 1-based column of the first cell holding bytes the encoding could not read, if any."""
    row = "".join(cells)  # one C-level scan of the row: this runs for every row of a million-row file
    if row.isascii() or not _UNDECODED.search(row):
        return None
    return next((i for i, c in enumerate(cells, start=1) if _UNDECODED.search(c)), None)


def nul_column(cells: list[str]) -> int | None:
    """The 1-based column of the first cell holding a NUL character (PostgreSQL cannot store one)."""
    if "\x00" not in "".join(cells):
        return None
    return next(i for i, c in enumerate(cells, start=1) if "\x00" in c)


def check_header(path: Path, header: list[str], required: tuple[str, ...], hint: str = "") -> None:
    """Every column named once; the `required` ones (lower case) present, else `hint` says what to do."""
    problems: list[str] = []
    lower = [h.lower() for h in header]
    if not any(header):
        problems.append("the first row is empty; it must name the columns")
    for i, name in enumerate(lower, start=1):
        if not name:
            problems.append(f"column {i} has no name in the header row")
        elif lower.index(name) != i - 1:
            problems.append(f"column {i} ({header[i - 1]!r}) repeats column {lower.index(name) + 1}")
    missing = [c for c in required if c not in lower]
    if missing and not problems:
        looks_like_data = any("@" in h for h in header)
        problems.append(
            f"the header has no {', '.join(missing)} column"
            + ("; the first row looks like data - add a header row first" if looks_like_data else "")
            + f" (columns found: {', '.join(header)})"
            + (f"; {hint}" if hint and not looks_like_data else "")
        )
    if problems:
        raise ImportProblem(f"{path.name}: row 1: " + "; ".join(problems) + "; nothing was imported")
