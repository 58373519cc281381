"""Groups of likely duplicate contacts: by email, by phone number, or by name and company.

Emails are stored lower case and trimmed, so equal emails are caught on entry; the email group finds the
ones that differ only by case or surrounding spaces in older data. Phones compare as digits in international
form: `+44 20 7946 0958`, `0044 20 7946 0958` and, in a workspace whose country code is 44, `020 7946 0958`
are one number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from peewee import Database

DUPLICATE_KEYS = ("email", "phone", "name")
_NOT_DIGIT = re.compile(r"\D+")
MIN_PHONE_DIGITS = 7  # shorter "numbers" (extensions, placeholders like 0) say nothing about identity


@dataclass(frozen=True)
class DuplicateGroup:
    key: str  # what the contacts share, as shown to a person
    ids: tuple[int, ...]  # oldest first: the one to keep by default


def phone_key(phone: str, country_code: str) -> str | None:
    """A phone number as international digits, or None when it has too few digits to compare."""
    text = phone.strip()
    digits = _NOT_DIGIT.sub("", text)
    if text.startswith("+"):
        key = digits
    elif digits.startswith("00"):
        key = digits[2:]
    else:  # a national number: drop the trunk prefix, add the workspace's country code
        national = digits.lstrip("0")
        key = (
            national if national.startswith(country_code) and len(national) > 10 else country_code + national
        )
    return key if len(key) >= MIN_PHONE_DIGITS else None


def find_duplicates(db: Database, by: str, country_code: str = "1") -> list[DuplicateGroup]:
    """Every group of two or more contacts that share `by` (one of DUPLICATE_KEYS), largest group first."""
    if by not in DUPLICATE_KEYS:
        raise ValueError(by)
    groups: dict[str, list[int]] = {}
    for key, contact_id in _keys(db, by, country_code):
        groups.setdefault(key, []).append(contact_id)
    found = [DuplicateGroup(k, tuple(sorted(ids))) for k, ids in groups.items() if len(ids) > 1]
    return sorted(found, key=lambda g: (-len(g.ids), g.key))


def _keys(db: Database, by: str, country_code: str) -> Iterator[tuple[str, int]]:
    if by == "phone":  # normalised in Python: the rules are more than SQL's string functions say well
        for phone, contact_id in db.execute_sql('SELECT phone, id FROM "contact" WHERE phone IS NOT NULL'):
            key = phone_key(phone, country_code)
            if key is not None:
                yield "+" + key, contact_id
        return
    key = (
        "LOWER(TRIM(email))"
        if by == "email"
        else "LOWER(TRIM(name)) || ' / ' || LOWER(TRIM(COALESCE(company, '')))"
    )
    present = "email IS NOT NULL" if by == "email" else "TRIM(name) <> ''"
    # Grouped in the database: only the members of a group reach Python, however many contacts there are.
    yield from db.execute_sql(
        f'SELECT {key}, id FROM "contact" WHERE {present} AND {key} IN '
        f'(SELECT {key} FROM "contact" WHERE {present} GROUP BY {key} HAVING COUNT(*) > 1)'
    )
