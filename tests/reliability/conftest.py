"""Fixtures of the reliability tests: a second, independent database beside `db_url` (for "what the
complete run gives"), dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres_schemas import drop_schema


@pytest.fixture
def twin_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database of the same kind as `db_url`."""
    if db_url.startswith("sqlite:///"):
        yield f"sqlite:///{tmp_path / 'twin.db'}"
        return
    url = db_url.replace("schema=", "schema=twin_")
    yield url
    from tests.reliability.harness import close_bound_database

    close_bound_database()
    drop_schema(url)
