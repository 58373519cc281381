"""`statustui export events QUERY -o FILE.jsonl|FILE.csv`: the engagements of the contacts QUERY selects,
in the `import events` format, oldest first; an engagement imported with an id keeps it."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statustui.import_export.export import safe_cell, selected_ids
from statustui.store.models import Contact, Engagement
from statustui.text_safety import escape_json
from statustui.timeutil import iso_instant

if TYPE_CHECKING:
    from statustui.services import Search, Service

COLUMNS = ("email", "kind", "at", "channel", "value", "text", "id")
PAGE = 5000


def _engagements(service: Service, search: Search) -> Iterator[dict[str, Any]]:
    """Page by page along (time, id): memory stays flat however many there are."""
    ids = selected_ids(search)
    tz = service.config.tz
    after: tuple[int, int] | None = None
    while True:
        q: Any = (
            Engagement.select(
                Contact.email,
                Engagement.kind,
                Engagement.occurred_at,
                Engagement.channel,
                Engagement.value,
                Engagement.text,
                Engagement.external_id,
                Engagement.id,
            )
            .join(Contact)
            .order_by(Engagement.occurred_at, Engagement.id)
            .limit(PAGE)
        )
        if ids is not None:
            q = q.where(Engagement.contact.in_(ids))
        if after is not None:
            q = q.where(
                (Engagement.occurred_at > after[0])
                | ((Engagement.occurred_at == after[0]) & (Engagement.id > after[1]))
            )
        rows = list(q.tuples())
        for email, kind, at, channel, value, text, external_id, _ in rows:
            yield {
                "email": email,
                "kind": kind,
                "at": iso_instant(at, tz),
                "channel": channel,
                "value": value,
                "text": text,
                "id": external_id,
            }
        if len(rows) < PAGE:
            return
        after = (rows[-1][2], rows[-1][7])


def export_events(service: Service, search: Search, path: Path) -> int:
    """Write FILE.jsonl (absent fields left out) or FILE.csv (the formula guard on); returns how many."""
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".csv"):
        raise ValueError(f"{path.name}: export events writes .jsonl or .csv files")
    tmp = path.with_name(path.name + ".part")
    n = 0
    with tmp.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out) if suffix == ".csv" else None
        if writer:
            writer.writerow(COLUMNS)
        for record in _engagements(service, search):
            if writer:
                writer.writerow([safe_cell(record[c]) for c in COLUMNS])
            else:
                text = json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False)
                out.write(escape_json(text) + "\n")
            n += 1
    tmp.replace(path)
    return n
