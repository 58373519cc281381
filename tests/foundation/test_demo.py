"""`statustui demo`: a realistic workspace - skewed activity, histories with stories, the spec's searches find people."""

from __future__ import annotations

from pathlib import Path

import pytest

from statustui.cli import main
from statustui.services import Service

NOW = "2026-11-20T12:00Z"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "ws"
    assert main(["--now", NOW, "demo", str(path), "--contacts", "3000"]) == 0
    return path


def test_activity_is_skewed_like_real_lists(demo: Path) -> None:
    service = Service.open(demo)
    counts = [n for (n,) in service.db.execute_sql("SELECT engagement_count FROM contact")]
    assert len(counts) == 3000
    never = sum(1 for n in counts if n == 0)
    assert 0.4 < never / len(counts) < 0.6  # about half never engage
    assert max(counts) > 20 * (sum(counts) / len(counts))  # a few engage far more than the rest
    total = service.db.execute_sql("SELECT COUNT(*) FROM engagement").fetchone()[0]
    assert total == sum(counts)


def test_every_contact_has_a_history_that_ends_in_its_status(demo: Path) -> None:
    service = Service.open(demo)
    for contact in service.search("", limit=200):
        history = service.history(contact.id)
        assert history[0].old_status is None
        assert history[-1].new_status == contact.status


def test_the_spec_searches_find_people_in_the_demo(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for query in (
        "status = NEW and engaged facebook within 14d",
        "status changed from NEW to NEUTRAL within 7d",
        "status was HOT within 30d and status != HOT",
        "top 10% and status != COLD order by score desc",
    ):
        assert main(["-w", str(demo), "--now", NOW, "search", query, "--count"]) == 0
        assert int(capsys.readouterr().out) > 0, query


def test_demo_refuses_a_workspace_with_contacts(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", str(demo), "--contacts", "10"]) == 2
    err = capsys.readouterr().err
    assert "already has contacts" in err and "internal error" not in err
