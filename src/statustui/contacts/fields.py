"""What a person may set on a contact, and how each value is checked before anything is written."""

from __future__ import annotations

import re
import unicodedata

from statustui.config import name_key

MAX_TEXT = 10_000  # a name or a company longer than this is a pasted document, not a value
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")  # the import's rule: one @, something on each side


class FieldError(ValueError):
    """A value a contact cannot take: says which field and why."""


def check_email(text: str) -> str:
    """The email as stored (trimmed, lower case), or FieldError: control characters are refused too."""
    email = text.strip().lower()
    if not email:
        raise FieldError("email: the email is empty")
    if any(unicodedata.category(ch)[0] == "C" for ch in email) or not _EMAIL.match(email):
        raise FieldError(f"email: {email!r} is not an email address (name@example.com)")
    return email


def check_text(field: str, value: str) -> str | None:
    """A text value as stored: trimmed, None when empty; control characters other than newline refused."""
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise FieldError(f"{field}: {len(value):,} characters is too long (at most {MAX_TEXT:,})")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        raise FieldError(f"{field}: control characters are not allowed")
    return value or None


def custom_field_key(field: str) -> str:
    """`field.Price Range` -> `price_range`, as imports name custom fields."""
    key = name_key(field.removeprefix("field."))
    if not key:
        raise FieldError(f"{field}: a custom field needs a name (field.NAME)")
    return key


def parse_assignment(text: str, option: str) -> tuple[str, str]:
    """`KEY=VALUE` of `--set`/`--field` into (KEY, VALUE); VALUE may be empty (clears) and may hold '='."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise FieldError(f"{option} {text!r}: write FIELD=VALUE (an empty VALUE clears the field)")
    return key.strip(), value


def to_number(value: str) -> float | None:
    """A custom field's number when its text reads as one ("1,250" -> 1250.0), for numeric comparisons."""
    try:
        return float(value.replace(",", "")) if value.strip() else None
    except ValueError:
        return None
