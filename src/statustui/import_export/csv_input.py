"""Reading a CSV file a person made: encoding, byte-order mark, header checks, rows with their numbers."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from statustui.import_export.errors import ImportProblem

csv.field_size_limit(10 * 1024 * 1024)
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (kept by surrogateescape)


def read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (stripped, lower case) and an iterator of (row number, cells); row 1 is the header.

    UTF-8 with or without a byte-order mark; anything else is a problem naming the row and column. Bytes
    that are not UTF-8 are kept as surrogates and found per row: a decoding error raised by the file object
    would come a whole read buffer early and name the wrong row.
    """
    handle = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(handle, strict=True)  # an unclosed quote is an error, not rows swallowed into a cell
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise ImportProblem(
            f"{path.name}: the file is empty; it needs a header row such as "
            "name,email,phone,company,source,status,created_at,tags"
        ) from None
    if not_utf8(header):
        handle.close()
        raise ImportProblem(f"{path.name}: row 1: the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8)")
    header = [h.strip().lower() for h in header]

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for number, cells in enumerate(reader, start=2):  # noqa: B007 - `number` names the broken row
                column = not_utf8(cells)
                if column:
                    name = header[column - 1] if column <= len(header) else str(column)
                    raise ImportProblem(
                        f"{path.name}: row {number}, column {name}: not UTF-8 text; save the file "
                        "as UTF-8 (CSV UTF-8); nothing was imported"
                    )
                yield number, cells
        except csv.Error as e:
            raise ImportProblem(f"{path.name}: row {number + 1}: {e}; nothing was imported") from None
        finally:
            handle.close()

    return header, rows()


def not_utf8(cells: list[str]) -> int | None:
    """The 1-based column of the first cell holding bytes that were not UTF-8, if any."""
    row = "".join(cells)  # one C-level scan of the row: this runs for every row of a million-row file
    if row.isascii() or not _UNDECODED.search(row):
        return None
    return next((i for i, c in enumerate(cells, start=1) if _UNDECODED.search(c)), None)


def check_header(path: Path, header: list[str], required: tuple[str, ...]) -> None:
    problems: list[str] = []
    if not any(header):
        problems.append("the first row is empty; it must name the columns")
    for i, name in enumerate(header, start=1):
        if not name:
            problems.append(f"column {i} has no name in the header row")
        elif header.index(name) != i - 1:
            problems.append(f"column {i} ({name!r}) repeats column {header.index(name) + 1}")
    missing = [c for c in required if c not in header]
    if missing and not problems:
        looks_like_data = any("@" in h for h in header)
        problems.append(
            f"the header has no {', '.join(missing)} column"
            + ("; the first row looks like data - add a header row first" if looks_like_data else "")
            + f" (columns found: {', '.join(header)})"
        )
    if problems:
        raise ImportProblem(f"{path.name}: row 1: " + "; ".join(problems) + "; nothing was imported")
