"""Working on single contacts from the command line, on SQLite and PostgreSQL: add, edit, tag, note, log,
duplicates, merge, delete and forget; each undoable change reverts with `undo`; bad input changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from statustui.cli import main
from tests.cli_runner import Runner, make_runner

PEOPLE = """name,email,phone,company,status,tags,city
Ann Lee,ann@example.com,+1 512 555 0123,Globex,HOT,buyer,Austin
Ann Lee,ann.lee@work.example,(512) 555-0123,Globex,WARM,seller,
Bob Smith,bob@example.com,,,,,
"""


@pytest.fixture
def run(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> Runner:
    assert main(["init", str(tmp_path / "ws"), "--preset", "leadklozer"]) == 0
    capsys.readouterr()
    runner = make_runner(capsys, tmp_path / "ws", db_url)
    (tmp_path / "people.csv").write_text(PEOPLE)
    assert runner("import", "contacts", str(tmp_path / "people.csv")).code == 0
    return runner


def contact(run: Runner, email: str) -> dict:
    result = run("search", f'email = "{email}"', "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    return rows[0] if rows else {}


def everyone(run: Runner) -> list[dict]:
    return json.loads(run("search", "", "--format", "json").out)


def test_add_a_contact_with_tags_and_fields_and_undo_it(run: Runner) -> None:
    result = run(
        "contact",
        "add",
        "--name",
        "Cara Diaz",
        "--email",
        " Cara@Example.com ",
        "--phone",
        "+1 512 555 0199",
        "--tag",
        "buyer",
        "--tag",
        "first time",
        "--field",
        "price range=300-400k",
    )
    assert result.code == 0, result.err
    cara = contact(run, "cara@example.com")
    assert cara["name"] == "Cara Diaz"
    assert cara["status"] == "NEUTRAL"  # the workspace's default
    assert run("search", "tagged first_time and field.price_range = '300-400k'", "--count").out.strip() == "1"
    assert "started as NEUTRAL" in run("history", "cara@example.com").out
    assert run("undo").code == 0
    assert contact(run, "cara@example.com") == {}
    assert len(everyone(run)) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--email", "not-an-email"), "not an email address"),
        (("--email", "ann@example.com"), "already the email of Ann Lee"),
        (("--email", "x@example.com", "--status", "HTO"), "did you mean HOT"),
        (("--email", "x@example.com", "--field", "novalue"), "FIELD=VALUE"),
        (("--email", "bell\x07@example.com"), "not an email address"),
    ],
)
def test_add_refuses_bad_input_and_changes_nothing(run: Runner, args: tuple[str, ...], message: str) -> None:
    result = run("contact", "add", "--name", "X", *args)
    assert result.code == 2
    assert message in result.err
    assert len(everyone(run)) == 3


def test_edit_fields_and_tags_is_recorded_and_undoable(run: Runner) -> None:
    result = run(
        "contact",
        "edit",
        "bob@example.com",
        "--set",
        "company=Initech",
        "--set",
        "field.city=Denver",
        "--set",
        "name=Robert Smith",
        "--add-tag",
        "vip",
    )
    assert result.code == 0, result.err
    assert "company: (empty) -> Initech" in result.out
    assert "tag vip added" in result.out
    bob = contact(run, "bob@example.com")
    assert (bob["name"], bob["company"]) == ("Robert Smith", "Initech")
    assert run("search", "tagged vip and field.city = Denver", "--count").out.strip() == "1"
    history = run("history", "bob@example.com").out
    assert "name: Bob Smith -> Robert Smith" in history
    assert (
        run("contact", "edit", "ann@example.com", "--set", "field.city=", "--remove-tag", "buyer").code == 0
    )
    assert run("search", "field.city is empty and email = 'ann@example.com'", "--count").out.strip() == "1"
    assert run("undo").code == 0  # the second edit
    assert run("search", "field.city = Austin and tagged buyer", "--count").out.strip() == "1"
    assert run("undo").code == 0  # the first
    bob = contact(run, "bob@example.com")
    assert (bob["name"], bob["company"]) == ("Bob Smith", None)
    assert run("search", "tagged vip or field.city = Denver", "--count").out.strip() == "0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--set", "nmae=Bob"), "did you mean name"),
        (("--set", "email=ann@example.com"), "already the email of Ann Lee"),
        (("--set", "email=bad"), "not an email address"),
    ],
)
def test_edit_refuses_bad_input(run: Runner, args: tuple[str, ...], message: str) -> None:
    result = run("contact", "edit", "bob@example.com", *args)
    assert result.code == 2, result.err
    assert message in result.err
    assert contact(run, "bob@example.com")["name"] == "Bob Smith"


def test_an_unknown_email_is_a_named_error(run: Runner) -> None:
    result = run("contact", "edit", "bobb@example.com", "--set", "name=X")
    assert result.code == 2
    assert "no contact with email 'bobb@example.com'" in result.err


def test_a_note_shows_in_the_history_and_is_searchable(run: Runner) -> None:
    assert run("note", "bob@example.com", "Asked about pricing.\nCall back Friday").code == 0
    assert "Asked about pricing." in run("history", "bob@example.com").out
    assert run("search", 'note ~ "pricing"', "--count").out.strip() == "1"
    assert run("search", 'note ~ "PRICING" and email = "bob@example.com"', "--count").out.strip() == "1"
    assert run("search", 'not note ~ "pricing"', "--count").out.strip() == "2"


def test_a_logged_call_counts_scores_and_fires_the_engagement_rules(run: Runner) -> None:
    before = contact(run, "bob@example.com")
    result = run(
        "log", "bob@example.com", "--channel", "phone", "--kind", "call", "--text", "left a voicemail"
    )
    assert result.code == 0, result.err
    after = contact(run, "bob@example.com")
    assert after["score"] > before["score"]
    assert after["last_engaged_at"] is not None
    assert after["status"] == "NEW"  # leadklozer: a first engagement makes a NEUTRAL contact NEW
    assert run("search", "engaged phone within 1d", "--count").out.strip() == "1"
    assert run("undo").code == 0
    back = contact(run, "bob@example.com")
    assert (back["status"], back["score"]) == (before["status"], before["score"])
    assert run("search", "engaged phone within 1d", "--count").out.strip() == "0"


def test_log_refuses_an_unknown_kind_with_a_suggestion(run: Runner) -> None:
    result = run("log", "bob@example.com", "--kind", "cal")
    assert result.code == 2
    assert "did you mean call" in result.err
    before_1970 = run("log", "bob@example.com", "--kind", "call", "--at", "1965-03-01T10:00")
    assert before_1970.code == 2 and "before 1970" in before_1970.err


def test_duplicates_by_phone_and_name(run: Runner) -> None:
    by_phone = run("duplicates", "--by", "phone")
    assert by_phone.code == 0
    assert "+15125550123: 2 contacts" in by_phone.out
    assert "ann.lee@work.example" in by_phone.out
    assert "ann lee / globex: 2 contacts" in run("duplicates", "--by", "name").out
    assert "no duplicates" in run("duplicates", "--by", "email").out


def test_merge_moves_everything_and_one_undo_restores_both(run: Runner) -> None:
    assert run("log", "ann.lee@work.example", "--channel", "email", "--kind", "reply").code == 0
    assert run("note", "ann.lee@work.example", "prefers email").code == 0
    keep_before = contact(run, "ann@example.com")
    other_before = contact(run, "ann.lee@work.example")
    result = run("merge", "ann@example.com", "ann.lee@work.example")
    assert result.code == 0, result.err
    assert "(1 engagement row, 1 status history row, 1 note row)" in result.out
    assert contact(run, "ann.lee@work.example") == {}
    kept = contact(run, "ann@example.com")
    assert kept["status"] == "HOT"  # keeps its own status
    assert kept["engagement_count"] == other_before["engagement_count"] + keep_before["engagement_count"]
    assert run("search", "tagged seller and tagged buyer", "--count").out.strip() == "1"
    history = run("history", "ann@example.com").out
    assert "prefers email" in history and "WARM" in history  # the other's note and status history moved
    assert run("undo").code == 0
    assert contact(run, "ann.lee@work.example") == other_before
    assert contact(run, "ann@example.com") == keep_before
    assert run("search", "tagged seller and tagged buyer", "--count").out.strip() == "0"


def test_merge_refuses_a_contact_with_itself(run: Runner) -> None:
    result = run("merge", "ann@example.com", "ANN@example.com")
    assert result.code == 2
    assert "itself" in result.err


def test_delete_and_undo(run: Runner) -> None:
    before = everyone(run)
    assert run("contact", "delete", "bob@example.com", "ann@example.com").code == 0
    assert [c["email"] for c in everyone(run)] == ["ann.lee@work.example"]
    assert run("undo").code == 0
    assert sorted(everyone(run), key=lambda c: c["email"]) == sorted(before, key=lambda c: c["email"])


def test_forget_leaves_nothing_in_any_table(run: Runner, tmp_path: Path, db_url: str) -> None:
    assert run("note", "bob@example.com", "Bob Smith said no").code == 0
    assert run("log", "bob@example.com", "--kind", "call", "--text", "Bob Smith again").code == 0
    assert run("contact", "edit", "bob@example.com", "--set", "field.city=Bobville").code == 0
    refused = run("contact", "forget", "bob@example.com")  # no --yes and no terminal to ask on
    assert refused.code == 2 and "--yes" in refused.err
    result = run("contact", "forget", "bob@example.com", "--yes")
    assert result.code == 0, result.err
    assert "forgot bob@example.com" in result.out
    undo = run("undo")  # a forget cannot be undone, and undo does not reach past it to the edit silently
    assert undo.code == 1 and "cannot be undone" in undo.err
    from statustui.services import Service

    service = Service.open(tmp_path / "ws", db_url)
    try:
        for table in service.db.get_tables():
            for row in service.db.execute_sql(f'SELECT * FROM "{table}"').fetchall():
                text = " ".join(str(v) for v in row).lower()
                assert "bob@example.com" not in text and "bob smith" not in text and "bobville" not in text, (
                    table
                )
    finally:
        service.close()
