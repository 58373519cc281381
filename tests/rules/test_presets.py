"""Each preset's documented behaviour, replayed through the command line on SQLite and PostgreSQL: import
contacts, import events (rules run on them in time order), set statuses by hand; then statuses, the
unsubscribed flag and the history a person would read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.helpers import Workspace, make_workspace


def preset(name: str):  # type: ignore[no-untyped-def]
    @pytest.fixture
    def fixture(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Workspace:
        return make_workspace(tmp_path, db_url, capsys, name)

    return fixture


leadklozer = preset("leadklozer")
kvcore = preset("kvcore")
salesmanago = preset("salesmanago")
conversica = preset("conversica")
benchmarkone = preset("benchmarkone")


def test_leadklozer_first_engagement_new_second_neutral_person_status_stays(leadklozer: Workspace) -> None:
    ws = leadklozer
    ws.contacts(
        "email,created_at\nann@example.com,2026-01-05\nbob@example.com,2026-01-05\n"
        "cara@example.com,2026-01-05\n"
    )
    ws.ok("set-status", "HOT", "--email", "cara@example.com", now="2026-01-06T09:00Z")
    # Given out of order on purpose: the rules see them in time order.
    result = ws.events(
        {"email": "ann@example.com", "channel": "facebook", "kind": "like", "at": "2026-02-01T10:00"},
        {"email": "ann@example.com", "channel": "facebook", "kind": "comment", "at": "2026-01-10T10:00"},
        {"email": "bob@example.com", "channel": "email", "kind": "open", "at": "2026-01-11T10:00"},
        {"email": "cara@example.com", "channel": "phone", "kind": "call", "at": "2026-01-12T10:00"},
        {"email": "cara@example.com", "channel": "phone", "kind": "call", "at": "2026-01-13T10:00"},
    )
    assert "3 status changes by rules" in result.out
    assert ws.status("ann@example.com") == "NEUTRAL"
    assert ws.status("bob@example.com") == "NEW"
    assert ws.status("cara@example.com") == "HOT"
    ann = ws.history("ann@example.com")
    assert len(ann) == 3
    assert "2026-01-10 10:00" in ann[1] and "NEUTRAL -> NEW" in ann[1]
    assert "by rule 'First engagement makes a contact NEW'" in ann[1]
    assert "2026-02-01 10:00" in ann[2] and "NEW -> NEUTRAL" in ann[2]
    assert "by rule 'Second engagement makes a NEW contact NEUTRAL'" in ann[2]
    assert [line.split(" by ")[-1] for line in ws.history("cara@example.com")] == ["default", "you"]
    # Explain says why: the rule only moves a NEUTRAL contact.
    explained = ws.ok("rules", "explain", "cara@example.com").out
    assert "First engagement makes a contact NEW  [on engagement]: does not match now" in explained
    assert "no   status = NEUTRAL" in explained


def test_leadklozer_first_engagement_leaves_imported_hot_and_cold(leadklozer: Workspace) -> None:
    # The page: HOT or WARM "will have to be decided by you"; only a NEUTRAL contact's first engagement is NEW.
    leadklozer.contacts("email,status\nhal@example.com,HOT\nmom@example.com,COLD\n")
    leadklozer.events(
        {"email": "hal@example.com", "channel": "phone", "kind": "call", "at": "2026-03-02T10:00"},
        {"email": "mom@example.com", "channel": "facebook", "kind": "like", "at": "2026-03-02T11:00"},
    )
    assert leadklozer.status("hal@example.com") == "HOT"
    assert leadklozer.status("mom@example.com") == "COLD"


def test_leadklozer_archive_by_hand_unsubscribes(leadklozer: Workspace) -> None:
    leadklozer.contacts("email\ndan@example.com\n")
    leadklozer.ok("set-status", "ARCHIVE", "--email", "dan@example.com")
    assert leadklozer.contact("dan@example.com")["unsubscribed"] is True


def test_kvcore_first_reply_activates_unless_within_two_minutes(kvcore: Workspace) -> None:
    kvcore.contacts("email,created_at\nann@example.com,2026-03-02T09:00\nbob@example.com,2026-03-02T09:00\n")
    kvcore.events(
        {"email": "ann@example.com", "channel": "email", "kind": "reply", "at": "2026-03-02T11:00"},
        {"email": "bob@example.com", "channel": "email", "kind": "reply", "at": "2026-03-02T09:01:30"},
        {"email": "bob@example.com", "channel": "sms", "kind": "reply", "at": "2026-03-03T10:00"},
    )
    assert kvcore.status("ann@example.com") == "Active Lead"
    assert "by rule 'First response activates a new lead'" in kvcore.history("ann@example.com")[-1]
    assert kvcore.status("bob@example.com") == "New Lead"  # its first reply came within 2 minutes


def test_kvcore_transactions_and_archive(kvcore: Workspace) -> None:
    kvcore.contacts("email,status\ncara@example.com,Active Lead\ndan@example.com,\n")
    kvcore.events(
        {"email": "cara@example.com", "kind": "transaction", "value": "opened", "at": "2026-03-05T10:00"}
    )
    assert kvcore.status("cara@example.com") == "Contract"
    kvcore.events(
        {"email": "cara@example.com", "kind": "transaction", "value": "closed", "at": "2026-04-05T10:00"}
    )
    assert kvcore.status("cara@example.com") == "Closed"
    explained = kvcore.ok("rules", "explain", "cara@example.com").out
    assert "Closed transaction makes it Closed  [on engagement transaction]: matches now" in explained
    assert "yes  event.value = closed" in explained and "no   event.value = opened" in explained
    assert kvcore.contact("cara@example.com")["unsubscribed"] is False
    kvcore.ok("set-status", "Archive", "--email", "dan@example.com")
    assert kvcore.contact("dan@example.com")["unsubscribed"] is True


def test_salesmanago_purchase_turns_prospect_into_client(salesmanago: Workspace) -> None:
    salesmanago.contacts("email,status\nann@example.com,\notto@example.com,OTHER\n")
    salesmanago.events(
        {"email": "ann@example.com", "channel": "website", "kind": "visit", "at": "2026-03-02T10:00"},
        {"email": "ann@example.com", "channel": "website", "kind": "purchase", "at": "2026-03-03T10:00"},
        {"email": "otto@example.com", "channel": "website", "kind": "purchase", "at": "2026-03-03T10:00"},
    )
    assert salesmanago.status("ann@example.com") == "CLIENT"
    assert salesmanago.status("otto@example.com") == "OTHER"


@pytest.mark.parametrize(
    ("value", "text", "expected"),
    [
        ("interested", None, "Hot Lead"),
        ("question", None, "Further Action"),
        ("helped", None, "Satisfied"),
        ("purchased_elsewhere", None, "Disqualified"),
        ("confused", None, "Lead to Review"),
        ("appointment", None, "Satisfied"),
        ("auto_reply", None, "Lead to Review"),
        (None, "I am out of the office until Monday; for questions call my assistant.", "Lead to Review"),
        (None, "I'm not interested, thanks", "Disqualified"),
        (None, "Sounds good, call me on Monday", "Hot Lead"),
        (None, "yes", "Lead to Review"),
        (None, "thanks", "Lead to Review"),
    ],
)
def test_conversica_classifies_replies(
    conversica: Workspace, value: str | None, text: str | None, expected: str
) -> None:
    conversica.contacts("email\nlead@example.com\n")
    event = {"email": "lead@example.com", "channel": "email", "kind": "reply", "at": "2026-03-02T10:00"}
    event.update({k: v for k, v in (("value", value), ("text", text)) if v is not None})
    conversica.events(event)
    assert conversica.status("lead@example.com") == expected


def test_benchmarkone_lifecycle(benchmarkone: Workspace) -> None:
    ws = benchmarkone
    ws.contacts(
        "email,status,created_at\nann@example.com,,2026-03-01\nbea@example.com,,2026-03-01\n"
        "cy@example.com,Customer,2026-03-01\n"
    )
    ws.events(
        {"email": "ann@example.com", "channel": "website", "kind": "form", "at": "2026-03-02T10:00"},
        {"email": "cy@example.com", "channel": "website", "kind": "form", "at": "2026-03-02T10:00"},
        {"email": "bea@example.com", "kind": "stage", "value": "demo_scheduled", "at": "2026-03-03T10:00"},
    )
    assert ws.status("ann@example.com") == "Prospect"
    assert ws.status("bea@example.com") == "Opportunity"
    assert ws.status("cy@example.com") == "Customer"
    ws.events(
        {"email": "ann@example.com", "kind": "stage", "value": "quote_requested", "at": "2026-03-04T10:00"}
    )
    assert ws.status("ann@example.com") == "Opportunity"
    ws.events(
        {"email": "ann@example.com", "channel": "website", "kind": "purchase", "at": "2026-03-10T10:00"}
    )
    assert ws.status("ann@example.com") == "Customer"
    assert [line.split(" by ")[-1] for line in ws.history("ann@example.com")] == [
        "default",
        "rule 'An interaction makes a Lead a Prospect'",
        "rule 'A quote request or a scheduled demo makes an Opportunity'",
        "rule 'A purchase makes a Customer'",
    ]


@pytest.mark.parametrize("name", ["leadklozer", "kvcore", "salesmanago", "conversica", "benchmarkone"])
def test_each_preset_ships_passing_scenarios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    ws = make_workspace(tmp_path, f"sqlite:///{tmp_path / 'unused.db'}", capsys, name)
    result = ws.ok("rules", "test")
    assert "0 failed" in result.out and "FAIL" not in result.out
    assert result.out.count("ok  ") >= 1
