"""A LeadKlozer workspace on the test's database, with a fixed clock, with or without its rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from statustui.services import Service
from statustui.workspace import init_workspace
from tests.scoring.scoring_env import NOW


@pytest.fixture
def service(db_url: str, tmp_path: Path) -> Iterator[Service]:
    """Without the preset's rule files: the score arithmetic alone."""
    path = init_workspace(tmp_path / "ws", "leadklozer")
    for rule_file in path.glob("rules/*.rules"):
        rule_file.unlink()
    svc = Service.open(path, database_url=db_url, now=NOW)
    yield svc
    svc.close()


@pytest.fixture
def ruled_service(db_url: str, tmp_path: Path) -> Iterator[Service]:
    """With the preset's rules and a bonus rule: engagements go through the rules engine's ingest path."""
    path = init_workspace(tmp_path / "ws", "leadklozer")
    (path / "rules" / "30-bonus.rules").write_text(
        'rule "Replies earn a bonus"\n  on engagement reply\n  then add score 7\n'
        'rule "Emails cost a point"\n  on engagement email\n  then add score -1\n'
    )
    svc = Service.open(path, database_url=db_url, now=NOW)
    yield svc
    svc.close()
