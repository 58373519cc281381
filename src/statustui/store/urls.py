"""Database URLs: the one parser (`parse_url`) and the one way to show a URL (`redact_url`).

A password may hold any character, written or percent-encoded: `postgresql://u:S3c@ret/PW@host/db` is read
as user `u`, password `S3c@ret/PW` (everything up to the last `@`), which is what a person meant and keeps
the password out of every message: urllib read `S3c` as the password and `ret/PW@host` as part of the path,
or a port `S3cret` in "Port could not be cast to integer value as 'S3cret'".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

SCHEMES = ("sqlite", "postgresql", "postgres")
USAGE = "use sqlite:///PATH.db or postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME[?schema=NAME]"
_HOST_PORT = re.compile(r"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<host>[^:\[\]]*))(?::(?P<port>[^:]*))?")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)
_SCHEMA = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class UrlError(ValueError):
    """A database URL that cannot be used; the message shows it redacted."""


@dataclass(frozen=True)
class DatabaseUrl:
    kind: str  # "sqlite" or "postgresql"
    path: str = ""  # SQLite: the file (":memory:" for none); PostgreSQL: the database name
    host: str = "localhost"
    port: int = 5432
    user: str | None = None
    password: str | None = None
    schema: str | None = None
    sslmode: str | None = None


def _split_credentials(url: str) -> tuple[str, str | None, str]:
    """(scheme://, user info or None, the rest): the user info runs to the last `@`."""
    head, sep, rest = url.partition("://")
    if not sep:
        return "", None, url
    if "@" not in rest or head.lower() == "sqlite":  # a file name may hold `@`
        return head + sep, None, rest
    userinfo, _, after = rest.rpartition("@")
    return head + sep, userinfo, after


def secrets_of(url: str) -> list[str]:
    """The password as written and as decoded: what no message may contain."""
    _scheme, userinfo, _rest = _split_credentials(url)
    if userinfo is None or ":" not in userinfo:
        return []
    written = userinfo.partition(":")[2]
    return [s for s in {written, unquote(written)} if s]


def redact_url(url: str) -> str:
    """The URL with its password replaced by `***`, whatever its shape: safe for every message."""
    scheme, userinfo, rest = _split_credentials(url)
    if userinfo is not None and ":" in userinfo:
        url = f"{scheme}{userinfo.partition(':')[0]}:***@{rest}"
    return _QUERY_PASSWORD.sub(r"\1***", url)


def scrub(text: str, url: str) -> str:
    """`text` (a driver's error message, say) with the URL's password replaced by `***`."""
    for secret in sorted(secrets_of(url), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def parse_url(url: str) -> DatabaseUrl:
    """The parts of `sqlite:///PATH`, `sqlite://:memory:` or `postgresql://USER:PASSWORD@HOST:PORT/DB?schema=S`,
    or a UrlError saying what is wrong (with the URL redacted)."""
    if not isinstance(url, str):
        raise UrlError(f"a database URL is text, not {type(url).__name__}; {USAGE}")
    shown = redact_url(url)
    if "\x00" in url or "%00" in url:
        raise UrlError(f"the database URL {shown!r} holds a NUL character")
    if not url.isascii() and any("\ud800" <= c <= "\udfff" for c in url):  # bytes of an argument, not UTF-8
        raise UrlError(f"the database URL {shown!r} holds bytes that are not UTF-8 text")
    scheme, userinfo, rest = _split_credentials(url)
    kind = scheme.removesuffix("://").lower()
    if kind == "sqlite" and userinfo is None:
        if rest == ":memory:":
            return DatabaseUrl("sqlite", ":memory:")
        if rest.startswith("/") and len(rest) > 1:
            return DatabaseUrl("sqlite", unquote(rest[1:]))
        raise UrlError(f"the SQLite URL {shown!r} names no file; {USAGE}")
    if kind not in ("postgresql", "postgres"):
        raise UrlError(f"unsupported database URL {shown!r}; {USAGE}")
    location, _, query_text = rest.partition("?")
    netloc, _, name = location.partition("/")
    match = _HOST_PORT.fullmatch(netloc)
    if match is None:
        raise UrlError(f"the PostgreSQL URL {shown!r} has a malformed host; {USAGE}")
    port_text = match["port"]
    if port_text is not None and not (
        port_text.isdecimal() and len(port_text) <= 5 and 0 < int(port_text) < 65536
    ):
        raise UrlError(
            f"the PostgreSQL URL {shown!r} has port {port_text!r}: a port is a number from 1 to 65535"
        )
    name = unquote(name)
    if not name or "/" in name:
        raise UrlError(f"the PostgreSQL URL {shown!r} names no database; add /DBNAME")
    try:
        query = parse_qs(query_text, strict_parsing=bool(query_text))
    except ValueError:
        raise UrlError(f"the PostgreSQL URL {shown!r} has a malformed ?query") from None
    unknown = sorted(set(query) - {"schema", "sslmode"})
    if unknown:
        raise UrlError(
            f"the PostgreSQL URL {shown!r} has an unknown option {unknown[0]!r}; it knows schema= and sslmode="
        )
    schema = query.get("schema", [None])[-1]
    if schema is not None and not _SCHEMA.fullmatch(schema):
        raise UrlError("the URL's schema= must be a lower-case identifier (letters, digits, _; at most 63)")
    user = password = None
    if userinfo is not None:
        user_text, has_password, password_text = userinfo.partition(":")
        user = unquote(user_text) or None
        password = unquote(password_text) if has_password else None
    return DatabaseUrl(
        "postgresql",
        name,
        host=match["ipv6"] or unquote(match["host"] or "") or "localhost",
        port=int(port_text) if port_text else 5432,
        user=user,
        password=password,
        schema=schema,
        sslmode=query.get("sslmode", [None])[-1],
    )
