"""Each report's numbers on the known history (tests/reports/known_history.py)."""

from __future__ import annotations

from statustui.reports.queries import Stay, build_report
from statustui.services import Service
from tests.reports.known_history import DAY, T0, WEEK

SINCE = T0 + 14 * DAY


def test_contacts_per_status_now(service: Service) -> None:
    counts = build_report(service).counts
    assert {k: v for k, v in counts.items() if v} == {
        "New Lead": 1,
        "Active Lead": 1,
        "Client": 1,
        "Archive": 2,
    }
    assert list(counts) == service.config.status_names  # every status, in the configured order


def test_weekly_changes_count_changes_not_first_statuses(service: Service) -> None:
    assert build_report(service).weekly == [
        (T0, {"Active Lead": 2, "Archive": 1}),
        (T0 + WEEK, {"Client": 1}),
        (T0 + 2 * WEEK, {"Active Lead": 1, "Archive": 1}),
        (T0 + 3 * WEEK, {}),  # this week: nothing yet, still shown
    ]
    assert build_report(service, since=SINCE).weekly == [
        (T0 + 2 * WEEK, {"Active Lead": 1, "Archive": 1}),
        (T0 + 3 * WEEK, {}),
    ]


def test_funnel_by_status_type(service: Service) -> None:
    assert build_report(service).funnel == {"contacts": 5, "open": 5, "won": 1, "lost": 2}
    assert build_report(service, since=SINCE).funnel == {"contacts": 1, "open": 1, "won": 0, "lost": 0}


def test_average_time_in_status_counts_completed_stays(service: Service) -> None:
    # New Lead: a 1d, b 2d, d 1h, e 3d (since creation: e has no first history row); Active Lead: a 7d, b 14d
    assert build_report(service).stays == {
        "New Lead": Stay(4, 6 * DAY + 3600),
        "Active Lead": Stay(2, 21 * DAY),
    }
    assert build_report(service).stays["Active Lead"].average_seconds == 10.5 * DAY
    assert build_report(service, since=SINCE).stays == {
        "New Lead": Stay(1, 3600),
        "Active Lead": Stay(1, 14 * DAY),
    }


def test_changes_by_rules_and_people(service: Service) -> None:
    assert build_report(service).actors == [
        ("person", None, 2),
        ("rule", "engaged", 2),
        ("api", None, 1),
        ("rule", "won deal", 1),
    ]
    assert build_report(service, since=SINCE).actors == [("person", None, 1), ("rule", "engaged", 1)]
