"""Files other CRMs export import without --map: their headers are recognised (the mapping is printed), tags
split on `;` or `,`, and the encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and delimiter
(`,`, `;`, tab) are detected. The two files in files/ are shaped by hand like HubSpot and kvCORE exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli_runner import Runner, make_runner
from tests.import_export.conftest import workspace

FILES = Path(__file__).parent / "files"
ROWS = [
    [
        "First Name",
        "Last Name",
        "E-mail",
        "Mobile",
        "Organization",
        "Lead Source",
        "Stage",
        "Labels",
        "Created",
    ],
    [
        "Zoë",
        "Müller",
        "zoe@example.com",
        "+49 30 1234567",
        "Café Größe",
        "Messe",
        "WARM",
        "buyer, vip",
        "2026-03-01",
    ],
    ["Bob", "", "BOB@example.com", "", "", "web", "", "seller; first-time", "2026-03-02 14:30"],
]


def found(run: Runner) -> dict[str, dict]:
    result = run("search", "", "--format", "json")
    assert result.code == 0, result.err
    return {r["email"]: r for r in json.loads(result.out)}


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-16", "\t"), ("utf-8-sig", ";")],
)
def test_a_crm_shaped_file_imports_without_map(
    run: Runner, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    text = "".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in row) + "\r\n" for row in ROWS)
    (tmp_path / "crm.csv").write_bytes(text.encode(encoding))
    result = run("import", "contacts", str(tmp_path / "crm.csv"))
    assert result.code == 0, result.err
    assert re.search(r"E-mail +-> email", result.out) and re.search(r"Labels +-> tags", result.out)
    assert re.search(r"First Name +-> field.first_name \(and, joined, the name\)", result.out)
    zoe, bob = found(run)["zoe@example.com"], found(run)["bob@example.com"]
    assert (zoe["name"], zoe["phone"], zoe["company"], zoe["source"]) == (
        "Zoë Müller",
        "+49 30 1234567",
        "Café Größe",
        "Messe",
    )
    assert (
        zoe["status"] == "WARM"
        and zoe["tags"] == ["buyer", "vip"]
        and zoe["created_at"].startswith("2026-03-01")
    )
    assert zoe["field.first_name"] == "Zoë" and zoe["field.last_name"] == "Müller"
    assert bob["name"] == "Bob" and bob["tags"] == ["first_time", "seller"]


def test_a_file_without_an_email_column_says_how_to_map_one(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "crm.csv").write_text("Name,Work Mail\nAnn,ann@example.com\n")
    result = run("import", "contacts", str(tmp_path / "crm.csv"))
    assert result.code == 1 and "no email column" in result.err
    assert "--map 'Work Mail=email'" in result.err
    assert run("import", "contacts", str(tmp_path / "crm.csv"), "--map", "Work Mail=email").code == 0
    assert found(run)["ann@example.com"]["name"] == "Ann"


def test_a_hubspot_export(run: Runner) -> None:
    result = run(
        "import",
        "contacts",
        str(FILES / "hubspot-contacts.csv"),
        "--status-map",
        "NEW=NEW, OPEN=NEUTRAL, IN_PROGRESS=WARM, CONNECTED=HOT, UNQUALIFIED=COLD",
    )
    assert result.code == 0, result.err
    assert "6 contacts created" in result.out
    people = found(run)
    priya = people["priya@raman-consulting.co.uk"]
    assert priya["company"] == "Raman Consulting, Ltd." and priya["status"] == "WARM"
    assert priya["source"] == "Referrals" and priya["field.record_id"] == "53"
    assert priya["field.lifecycle_stage"] == "Opportunity" and priya["created_at"].startswith(
        "2025-10-01T13:47"
    )
    assert people["tom.baker@gmail.com"]["status"] == "COLD"
    assert people["chen.wei@example.cn"]["status"] == "NEUTRAL"  # no Lead Status: the default
    assert people["elodie.martin@atelier-martin.fr"]["name"] == "Élodie Martin"


def test_a_kvcore_export_into_a_kvcore_workspace(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run = make_runner(capsys, workspace(tmp_path, "kv", capsys, preset="kvcore"), db_url)
    result = run("import", "contacts", str(FILES / "kvcore-leads.csv"))
    assert result.code == 1
    assert "'Hot': 1 row (2)" in result.err and "--status-map 'Hot=" in result.err
    result = run("import", "contacts", str(FILES / "kvcore-leads.csv"), "--status-map", "Hot=Active Lead")
    assert result.code == 0, result.err
    people = found(run)
    assert people["rachel.kim@outlook.com"]["status"] == "Active Lead"
    assert people["rachel.kim@outlook.com"]["tags"] == ["buyer", "first_time"]
    assert people["nina.patel@gmail.com"]["tags"] == ["buyer", "investor"]
    assert people["angela.russo@yahoo.com"]["field.notes"] == 'Met at 14th St open house; "just looking"'
    assert people["marcus.hill@icloud.com"]["status"] == "Closed"
    assert people["dshaw@comcast.net"]["field.price_range"] == "$700k+"
