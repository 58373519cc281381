"""A LeadKlozer workspace on the test's database, with a fixed clock, and a way to add contacts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from scoring_env import DAY, NOW

from statustui.services import Service
from statustui.store.models import Contact
from statustui.workspace import init_workspace


@pytest.fixture
def service(db_url: str, tmp_path: Path) -> Iterator[Service]:
    svc = Service.open(init_workspace(tmp_path / "ws", "leadklozer"), database_url=db_url, now=NOW)
    yield svc
    svc.close()


AddContact = Callable[..., int]


@pytest.fixture
def add_contact(service: Service) -> AddContact:
    """Create a contact in `status` whose score is its status's points, as the importer does."""

    def add(email: str, status: str = "NEUTRAL", last_engaged_at: int = 0, score: int | None = None) -> int:
        points = service.config.score.status_points.get(service.config.status(status).key, 0)
        return Contact.insert(email=email, name=email.split("@")[0], status=status, status_changed_at=NOW,
                              created_at=NOW - 100 * DAY, score=points if score is None else score,
                              last_engaged_at=last_engaged_at).execute()

    return add

