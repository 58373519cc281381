"""Which contact field each column of an import file fills: `--map`, the export's own headers, and the
headers other CRMs write (case, spaces and punctuation ignored: `E-mail`, `Email Address`, `Lead Status`).

A column no rule claims becomes a custom field (`field.NAME`). First Name and Last Name are joined into the
name when no column holds it, and kept as the custom fields first_name and last_name.
"""

from __future__ import annotations

from dataclasses import dataclass

from statustui.config import name_key
from statustui.import_export.errors import ImportProblem
from statustui.suggest import did_you_mean

STANDARD = ("name", "email", "phone", "company", "source", "status", "created_at", "tags")
# The export's columns statustui computes itself: recognised, and not imported.
COMPUTED = ("score", "last_engaged_at", "engagement_count")
# The export's columns that describe a contact and are restored when the import creates it.
RESTORED = ("unsubscribed", "status_manual", "status_changed_at", "score_bonus")
ID = "id"  # kept when importing into an empty workspace (a restore), else email identifies contacts
FIELD = "field."
NAME_PARTS = ("first_name", "last_name")

_ALIASES = {
    "name": ("name", "fullname", "contactname"),
    "email": ("email", "emailaddress", "primaryemail"),
    "phone": ("phone", "phonenumber", "mobile", "mobilephone", "mobilenumber", "cellphone", "telephone"),
    "company": ("company", "companyname", "organization", "organisation"),
    "source": ("source", "leadsource", "originalsource"),
    "status": ("status", "leadstatus", "stage", "contactstatus"),
    "created_at": ("createdat", "created", "dateadded", "createdate", "createddate", "datecreated"),
    "tags": ("tags", "tag", "labels", "label"),
    "first_name": ("firstname", "givenname"),
    "last_name": ("lastname", "surname", "familyname"),
}
ALIASES = {alias: target for target, aliases in _ALIASES.items() for alias in aliases}


def normalise(header: str) -> str:
    """`E-mail` -> `email`, `Lead Status` -> `leadstatus`: what a header means, without its spelling."""
    return "".join(ch for ch in header.casefold() if ch.isalnum())


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    target: str  # one of STANDARD, COMPUTED, RESTORED, ID, a name part, or FIELD + name
    how: str  # "--map", "recognised", "" (the header is the field's own name), "custom field"


@dataclass
class ColumnMap:
    columns: list[Column]
    name_parts: list[int]  # the First Name / Last Name columns joined into the name (none: not joined)

    def index(self, target: str) -> int | None:
        return next((c.index for c in self.columns if c.target == target), None)

    def fields(self) -> list[tuple[int, str]]:
        """(column, custom field name) for every column kept as a custom field."""
        return [
            (c.index, c.target.removeprefix(FIELD) if c.target.startswith(FIELD) else c.target)
            for c in self.columns
            if c.target.startswith(FIELD) or c.target in NAME_PARTS
        ]

    def describe(self) -> list[str]:
        """The mapping as printed before an import: one line per column."""
        lines = []
        width = min(28, max((len(c.header) for c in self.columns), default=0))
        for c in self.columns:
            if c.target in NAME_PARTS:
                what = f"field.{c.target}" + (
                    " (and, joined, the name)" if c.index in self.name_parts else ""
                )
            elif c.target in COMPUTED:
                what = "not imported (statustui computes it)"
            elif c.target == ID:
                what = "kept when the workspace is empty, else not imported (email identifies contacts)"
            elif c.target in RESTORED:
                what = f"{c.target} (set on contacts the import creates)"
            else:
                what = c.target
            how = f"  [{c.how}]" if c.how else ""
            lines.append(f"  {c.header:<{width}} -> {what}{how}")
        return lines


def resolve_columns(header: list[str], mapping: dict[str, str]) -> ColumnMap:
    """Each column's target: `--map COL=FIELD` first, then the export's names, then other CRMs' headers,
    else a custom field. A target is filled by the first column that claims it; later ones are fields."""
    by_key = {normalise(h): i for i, h in reversed(list(enumerate(header)))}
    mapped: dict[int, str] = {}
    for column, target in mapping.items():
        i = by_key.get(normalise(column))
        if i is None:
            raise ImportProblem(
                f"--map {column}={target}: the file has no column {column!r}"
                f"{did_you_mean(column, header)} (columns: {', '.join(header)})"
            )
        wanted = target.strip().lower()
        if wanted.startswith(FIELD) and len(wanted) > len(FIELD):
            wanted = FIELD + name_key(wanted.removeprefix(FIELD))
        elif wanted not in STANDARD:
            raise ImportProblem(
                f"--map {column}={target}: {target!r} is not a field{did_you_mean(wanted, STANDARD)}; "
                f"use one of {', '.join(STANDARD)} or field.NAME"
            )
        mapped[i] = wanted
    taken = set(mapped.values())
    columns: list[Column] = []
    for i, h in enumerate(header):
        lower = h.lower()
        if i in mapped:
            target, how = mapped[i], "--map"
        elif lower.startswith(FIELD):
            target, how = FIELD + name_key(lower.removeprefix(FIELD)), ""
        elif lower in STANDARD or lower in COMPUTED or lower in RESTORED or lower == ID:
            target, how = lower, ""
        else:
            target, how = ALIASES.get(normalise(h), ""), "recognised"
        if i not in mapped and (not target or (target in taken and not target.startswith(FIELD))):
            target, how = FIELD + name_key(h), "custom field"
        if target in taken and i not in mapped or target in (c.target for c in columns):
            first = next(c.header for c in columns if c.target == target)
            raise ImportProblem(
                f"columns {first!r} and {h!r} both fill {target}; rename one, or --map one of them "
                f"to another field, e.g. --map '{h}=field.{name_key(h)}_2'"
            )
        taken.add(target)
        columns.append(Column(i, h, target, how))
    parts = [c.index for c in columns if c.target in NAME_PARTS]
    return ColumnMap(columns, parts if "name" not in taken else [])
