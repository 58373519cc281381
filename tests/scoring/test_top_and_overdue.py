"""TOP N% (computed, ties at the boundary all in, never assignable) and follow-up goals (overdue)."""

from __future__ import annotations

import pytest

from statustui.scoring.followup import is_overdue
from statustui.scoring.top import is_top_name
from statustui.services import Service, ServiceError
from statustui.store.models import Contact
from statustui.store.ranking import top_threshold
from tests.scoring.scoring_env import DAY, NOW, add_contact


def badged(service: Service) -> set[str]:
    threshold = top_threshold(service.config.top_percent)
    # the app's badge: score >= threshold (tui/columns.py, Service.top_score_threshold)
    return {
        e
        for e, s in Contact.select(Contact.email, Contact.score).tuples()
        if threshold is not None and s >= threshold
    }


def test_top_ten_percent_takes_everyone_tied_at_the_boundary(service: Service) -> None:
    # 20 contacts: top 10% is 2 contacts; the 2nd highest score (90) is shared by three, so four are in.
    for i, score in enumerate([100, 90, 90, 90, 80] + [10] * 15):
        add_contact(service, f"c{i}@x.io", score=score)
    assert top_threshold(service.config.top_percent) == 90
    assert badged(service) == {"c0@x.io", "c1@x.io", "c2@x.io", "c3@x.io"}
    assert {r.email for r in service.search("top 10%")} == badged(service)  # the language and the badge agree
    assert service.count("top 25%") == 5  # k = 5: the 80 is the 5th highest


def test_top_ten_percent_of_few_contacts_is_at_least_the_best_one(service: Service) -> None:
    assert top_threshold(service.config.top_percent) is None  # no contacts: nobody is top
    for i, score in enumerate([5, 7, 7]):
        add_contact(service, f"c{i}@x.io", score=score)
    assert badged(service) == {"c1@x.io", "c2@x.io"}  # ceil(3 * 10%) = 1, and the tie comes along


@pytest.mark.parametrize("name", ["TOP 10%", "top", "Top10", "top 10 %", "TOP_10%", "top 25 percent"])
def test_set_status_refuses_top_saying_it_is_computed(service: Service, name: str) -> None:
    cid = add_contact(service, "ann@x.io")
    with pytest.raises(ServiceError, match="computed from the Smart Score"):
        service.set_status(name, [cid])
    assert Contact.get_by_id(cid).status == "NEUTRAL"


def test_only_top_like_names_are_taken_for_the_badge() -> None:
    assert not any(is_top_name(n) for n in ("topaz", "stop", "HOT", "top lead", "10%"))


def test_overdue_counts_contacts_past_their_status_goal(service: Service) -> None:
    # Goals in LeadKlozer: NEW 2d, NEUTRAL 14d, WARM 7d, HOT 3d; COLD and ARCHIVE have none.
    add_contact(service, "new-late@x.io", "NEW", last_engaged_at=NOW - 3 * DAY)
    add_contact(service, "new-fresh@x.io", "NEW", last_engaged_at=NOW - DAY)
    add_contact(service, "hot-never@x.io", "HOT")  # never engaged: overdue at once
    add_contact(
        service, "warm-edge@x.io", "WARM", last_engaged_at=NOW - 7 * DAY
    )  # exactly at the goal: not yet
    add_contact(service, "warm-late@x.io", "WARM", last_engaged_at=NOW - 7 * DAY - 1)
    add_contact(service, "cold-old@x.io", "COLD", last_engaged_at=NOW - 400 * DAY)  # no goal: never overdue
    assert service.overdue_count() == 3
    marked = {
        e
        for e, st, at in Contact.select(Contact.email, Contact.status, Contact.last_engaged_at).tuples()
        if is_overdue(service.config, st, at, NOW)
    }
    assert marked == {"new-late@x.io", "hot-never@x.io", "warm-late@x.io"}
    assert {r.email for r in service.search("overdue")} == marked  # the marker and the language agree
