"""Reading a CSV file a person made: encoding, byte-order mark, header checks, rows with their numbers."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from statustui.import_export.errors import ImportProblem

csv.field_size_limit(10 * 1024 * 1024)


def read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (stripped, lower case) and an iterator of (row number, cells); row 1 is the header.

    UTF-8 with or without a byte-order mark; anything else is a problem naming the row where it broke.
    """
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise ImportProblem(f"{path.name}: the file is empty; it needs a header row such as "
                            "name,email,phone,company,source,status,created_at,tags") from None
    except UnicodeDecodeError:
        handle.close()
        raise ImportProblem(f"{path.name}: row 1: the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8)") from None
    header = [h.strip().lower() for h in header]

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for number, cells in enumerate(reader, start=2):  # noqa: B007 - `number` names the broken row
                yield number, cells
        except UnicodeDecodeError:
            raise ImportProblem(f"{path.name}: row {number + 1}: not UTF-8 text; save the file as UTF-8 "
                                "(CSV UTF-8); nothing was imported") from None
        except csv.Error as e:
            raise ImportProblem(f"{path.name}: row {number + 1}: {e}; nothing was imported") from None
        finally:
            handle.close()

    return header, rows()


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
