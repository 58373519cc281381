"""The reports tests' known history, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from statustui.services import Service
from tests.reports.known_history import build


@pytest.fixture
def service(db_url: str, tmp_path: Path) -> Iterator[Service]:
    svc = build(tmp_path, db_url)
    yield svc
    svc.close()
