"""Smart Score: the points a person sees, kept current incrementally, and identical after a full recompute."""

from __future__ import annotations

import random

from statustui.config import WorkspaceConfig
from statustui.scoring.points import engagement_points, half
from statustui.scoring.recompute import recompute_scores
from statustui.services import Service
from statustui.store.models import Contact, StatusChange
from tests.scoring.scoring_env import DAY, NOW, add_contact, ingest


def scores(service: Service) -> dict[str, int]:
    return dict(Contact.select(Contact.email, Contact.score).tuples())


def test_engagement_points_add_kind_and_channel_and_halve_old_ones(service: Service) -> None:
    config = service.config
    assert engagement_points(config, "phone", "call") == 10  # call 8 + phone 2
    assert engagement_points(config, None, "transaction") == 20
    assert engagement_points(config, "email", "unknown_kind") == 0
    # recent_within = 90d: older than 90 days before the score date counts half, rounded toward zero
    assert engagement_points(config, "facebook_ads", "comment", NOW - 91 * DAY, NOW) == 2  # (3 + 1) / 2
    assert engagement_points(config, "email", "like", NOW - 91 * DAY, NOW) == 0
    assert engagement_points(config, "facebook_ads", "comment", NOW - 89 * DAY, NOW) == 4
    assert [half(p) for p in (5, -5, 4, -4, 1, -1)] == [2, -2, 2, -2, 0, 0]


def test_score_is_engagements_plus_status_points_and_moves_with_status(service: Service) -> None:
    cid = add_contact(service, "ann@x.io", "NEW")
    ingest(
        service,
        [
            (cid, "email", "reply", NOW - DAY),
            (cid, "phone", "call", NOW - 2 * DAY),
            (cid, "facebook_ads", "comment", NOW - 200 * DAY),
        ],
    )
    assert scores(service) == {"ann@x.io": 5 + 5 + 10 + 2}  # NEW 5, reply 5, call 10, old comment 4 / 2
    service.set_status("HOT", [cid])
    assert scores(service) == {"ann@x.io": 22 - 5 + 30}
    service.set_status("COLD", [cid])
    assert scores(service) == {"ann@x.io": 22 - 5 - 20}
    service.undo()
    assert scores(service) == {"ann@x.io": 47}


def test_incremental_updates_equal_a_full_recompute(service: Service) -> None:
    check_incremental_equals_recompute(service)


def test_incremental_updates_through_the_rules_engine_equal_a_full_recompute(ruled_service: Service) -> None:
    check_incremental_equals_recompute(ruled_service)
    assert StatusChange.select().where(StatusChange.actor == "rule", StatusChange.actor_name != "r").exists()
    bonuses = [b for (b,) in Contact.select(Contact.score_bonus).tuples()]
    assert any(b % 7 for b in bonuses) and any(b >= 7 for b in bonuses)  # both bonus rules ran


def check_incremental_equals_recompute(service: Service) -> None:
    rng = random.Random(6)
    statuses = service.config.status_names
    ids = [add_contact(service, f"c{i}@x.io", rng.choice(statuses)) for i in range(40)]
    kinds = list(service.config.vocabulary.kinds)
    channels = [*service.config.vocabulary.channels, None]
    for _ in range(5):  # several ingests, status changes and rule bonuses interleaved
        events = [
            (rng.choice(ids), rng.choice(channels), rng.choice(kinds), NOW - rng.randrange(0, 400 * DAY))
            for _ in range(60)
        ]
        ingest(service, sorted(events, key=lambda e: e[3]))
        service.set_status(rng.choice(statuses), rng.sample(ids, 10), actor="rule", actor_name="r")
        Contact.update(score=Contact.score + 7, score_bonus=Contact.score_bonus + 7).where(
            Contact.id.in_(rng.sample(ids, 5))
        ).execute()
    incremental = scores(service)
    assert any(v != 0 for v in incremental.values())
    recompute_scores(service)
    assert scores(service) == incremental


def test_recompute_repairs_a_drifted_score(service: Service) -> None:
    cid = add_contact(service, "bob@x.io", "WARM", score=999)
    ingest(service, [(cid, "email", "reply", NOW - DAY)])
    recompute_scores(service)
    assert scores(service) == {"bob@x.io": 15 + 5}


def test_rebase_ages_old_engagements_and_keeps_incremental_exact(service: Service) -> None:
    cid = add_contact(service, "cy@x.io", "NEUTRAL")
    ingest(service, [(cid, "phone", "call", NOW - 10 * DAY)])
    assert scores(service) == {"cy@x.io": 10}
    later = Service(service.workspace, now=NOW + 100 * DAY)  # the call is now 110 days old
    recompute_scores(later)
    assert scores(later) == {"cy@x.io": 10}  # without rebase the score date stays
    recompute_scores(later, rebase=True)
    assert scores(later) == {"cy@x.io": 5}
    ingest(later, [(cid, "phone", "call", NOW + 99 * DAY)])
    assert scores(later) == {"cy@x.io": 15}
    recompute_scores(later)
    assert scores(later) == {"cy@x.io": 15}
    later.close()


def test_a_workspace_without_recency_counts_every_engagement_fully(service: Service) -> None:
    from dataclasses import replace

    config: WorkspaceConfig = replace(service.config, score=replace(service.config.score, recent_within=None))
    assert engagement_points(config, "phone", "call", 0, NOW) == 10


def test_the_demo_workspace_scores_equal_a_recompute(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from statustui.demo import build_demo

    path = build_demo(tmp_path / "demo", contacts=300, now=NOW)
    service = Service.open(path, now=NOW)
    built = scores(service)
    recompute_scores(service)
    assert scores(service) == built
    service.close()
