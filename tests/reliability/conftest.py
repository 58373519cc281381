"""Fixtures of the reliability tests: a second, independent database beside `db_url` (for "what the
complete run gives"), dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest


@pytest.fixture
def twin_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database of the same kind as `db_url`."""
    if db_url.startswith("sqlite:///"):
        yield f"sqlite:///{tmp_path / 'twin.db'}"
        return
    import psycopg2

    url = db_url.replace("schema=", "schema=twin_")
    yield url
    from tests.reliability.harness import close_bound_database

    close_bound_database()
    parts = urlsplit(url)
    schema = url.rsplit("schema=", 1)[1].split("&")[0]
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            password=parts.password, dbname=parts.path.lstrip("/"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    conn.close()
