"""Shared fixtures: every storage-touching test runs on SQLite and, where configured, on PostgreSQL.

`.ci/run` sets STATUSTUI_TEST_POSTGRES (e.g. postgresql://postgres@127.0.0.1:5432/test); each test then gets
a schema of its own in that database, dropped afterwards. Without the variable the PostgreSQL runs are skipped
locally; in CI (CI=true) a missing variable is an error, so they can never be skipped silently there.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres_schemas import drop_schema

POSTGRES_URL = os.environ.get("STATUSTUI_TEST_POSTGRES")


def _postgres_schema_url() -> Iterator[str]:
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: set STATUSTUI_TEST_POSTGRES")
        pytest.skip("STATUSTUI_TEST_POSTGRES is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    sep = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{sep}schema={schema}"
    yield url
    from statustui.store.models import database

    if database.obj is not None and not database.obj.is_closed():
        database.obj.close()
    drop_schema(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a PostgreSQL schema of this test's own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        yield from _postgres_schema_url()
