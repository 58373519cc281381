"""A contact's own follow-up goal (`contact.follow_up`) comes before its status's: in `overdue` (SQL and the
evaluator), in the sidebar's count and in the marker of a row on screen."""

from __future__ import annotations

from statustui.scoring.followup import is_overdue
from statustui.services import Service
from statustui.store.models import Contact
from tests.scoring.scoring_env import DAY, NOW, add_contact


def test_a_contacts_own_goal_comes_before_its_status_goal(service: Service) -> None:
    # LeadKlozer goals: HOT 3d; COLD has none.
    own_longer = add_contact(service, "patient@x.io", "HOT", last_engaged_at=NOW - 5 * DAY)
    own_shorter = add_contact(service, "eager@x.io", "COLD", last_engaged_at=NOW - 2 * DAY)
    add_contact(service, "plain-hot@x.io", "HOT", last_engaged_at=NOW - 5 * DAY)
    own_edge = add_contact(service, "edge@x.io", "COLD", last_engaged_at=NOW - DAY)
    for contact_id, goal in ((own_longer, 30 * DAY), (own_shorter, DAY), (own_edge, DAY)):
        Contact.update(follow_up=goal).where(Contact.id == contact_id).execute()
    expected = {"eager@x.io", "plain-hot@x.io"}  # edge@ is exactly at its goal: not yet
    assert {r.email for r in service.search("overdue")} == expected
    assert service.overdue_count() == 2
    rows = service.search("")
    assert {
        r.email for r in rows if is_overdue(service.config, r.status, r.last_engaged_at, NOW, r.follow_up)
    } == (expected)
