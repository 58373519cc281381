"""Dropping a test's own PostgreSQL schema (the `?schema=NAME` of its database URL)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


def drop_schema(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    schema = parse_qs(parts.query)["schema"][0]
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/"),
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    conn.close()
