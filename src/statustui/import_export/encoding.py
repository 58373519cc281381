"""Which text encoding a file a person exported is in: a byte-order mark, else UTF-8 if it decodes, else
Windows-1252 (what Excel on Windows writes as "CSV"), unless `--encoding` says.

A file holding both valid UTF-8 sequences and bytes that are not is broken UTF-8, not Windows-1252 (whose
accented letters are single bytes that never form a UTF-8 sequence): it is read as UTF-8, and the row with
the bad bytes is named.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from statustui.import_export.errors import ImportProblem

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a byte-order mark"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_CHUNK = 1 << 20
_UNDECODED = re.compile("[\udc80-\udcff]")
_DECODED = re.compile("[^\x00-\x7f\udc80-\udcff]")


@dataclass(frozen=True)
class Encoding:
    codec: str  # what open() takes
    label: str  # what the printed mapping says


def detect_encoding(path: Path, declared: str | None = None) -> Encoding:
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            raise ImportProblem(
                f"--encoding {declared}: unknown encoding; use e.g. utf-8, utf-16 or windows-1252"
            ) from None
        return Encoding(name, f"{name} (--encoding)")
    try:
        with path.open("rb") as f:
            head = f.read(4)
            for bom, codec, label in _BOMS:
                if head.startswith(bom):
                    return Encoding(codec, label)
            f.seek(0)
            valid = invalid = False
            decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
            while chunk := f.read(_CHUNK):  # one pass: a single é a million rows down decides it
                text = decoder.decode(chunk)
                if not text.isascii():
                    valid = valid or _DECODED.search(text) is not None
                    invalid = invalid or _UNDECODED.search(text) is not None
    except OSError as e:
        raise ImportProblem(f"{path.name}: {e.strerror}") from None
    if invalid and not valid:
        return Encoding("cp1252", "Windows-1252 (not UTF-8; detected)")
    return Encoding("utf-8", "UTF-8")
