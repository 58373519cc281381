"""The reports tests' known history, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from known_history import build

from statustui.services import Service


@pytest.fixture
def service(db_url: str, tmp_path: Path) -> Iterator[Service]:
    svc = build(tmp_path, db_url)
    yield svc
    svc.close()
