"""The grants in docs/deployment.md, run against a real PostgreSQL server: a member role can do all the
daily work, a reader can search but gets a clear refusal when changing, and status history is append-only
for members at the database level."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.reliability.harness import close_bound_database, make_workspace, run_cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def _grants() -> str:
    return re.search(r"```sql\n(-- statustui grants.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)


@pytest.fixture
def roles(db_url: str, tmp_path: Path) -> Iterator[tuple[Path, str, str]]:
    """A workspace made by the owner, and URLs for a member and a reader with the documented grants."""
    if not db_url.startswith("postgresql"):
        pytest.skip("roles are PostgreSQL's")
    import psycopg2

    ws = make_workspace(tmp_path / "ws", db_url, 5)
    close_bound_database()
    parts = urlsplit(db_url)
    schema = parse_qs(parts.query)["schema"][0]
    database = parts.path.lstrip("/")
    suffix = uuid.uuid4().hex[:8]
    member, reader = f"statustui_member_{suffix}", f"statustui_reader_{suffix}"
    sql = (
        _grants()
        .replace("statustui_member", member)
        .replace("statustui_reader", reader)
        .replace(":schema", f'"{schema}"')
        .replace(":database", f'"{database}"')
    )
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=database,
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        for role in (member, reader):
            cur.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw-{suffix}'")
        cur.execute(sql)
    base = f"postgresql://{{}}@{parts.hostname}:{parts.port or 5432}/{database}?schema={schema}"
    env = os.environ.get("PGPASSWORD")
    os.environ["PGPASSWORD"] = f"pw-{suffix}"  # as a person would: the password stays out of the URL
    try:
        yield ws, base.format(member), base.format(reader)
    finally:
        if env is None:
            os.environ.pop("PGPASSWORD")
        else:
            os.environ["PGPASSWORD"] = env
        close_bound_database()
        with conn.cursor() as cur:
            for role in (member, reader):
                cur.execute(f"DROP OWNED BY {role}")
                cur.execute(f"DROP ROLE {role}")
        conn.close()


def test_documented_grants_let_members_work_and_readers_only_read(
    roles: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws, member, reader = roles
    (tmp_path / "more.csv").write_text(
        "email,name,status,tags,budget\nnew@example.com,New,HOT,vip,5\np1@example.com,,COLD,x,7\n"
    )
    (tmp_path / "events.jsonl").write_text(
        '{"email": "p1@example.com", "channel": "email", "kind": "reply", "at": "2026-11-01T09:30"}\n'
    )
    for command in (
        ("set-status", "HOT", "--email", "p0@example.com"),
        ("undo",),
        ("import", "contacts", str(tmp_path / "more.csv")),
        ("undo",),
        ("import", "events", str(tmp_path / "events.jsonl")),
        ("note", "p0@example.com", "met at the open house"),
        ("merge", "p1@example.com", "p2@example.com"),
        ("undo",),
        ("search", "", "--count"),
    ):
        code, out, err = run_cli(ws, member, capsys, *command)
        assert code == 0, (command, out + err)
    code, out, err = run_cli(ws, reader, capsys, "search", "", "--count")
    assert code == 0 and (out + err).strip() == "5"  # the undone import's new contact is gone again
    code, out, err = run_cli(ws, reader, capsys, "set-status", "HOT", "--email", "p0@example.com")
    assert code == 1 and "may not save this status change" in out + err and "internal error" not in out + err


def test_status_history_is_append_only_for_members(roles: tuple[Path, str, str]) -> None:
    import psycopg2

    _, member, _ = roles
    parts = urlsplit(member)
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port,
        user=parts.username,
        dbname=parts.path.lstrip("/"),
        options=f"-c search_path={parse_qs(parts.query)['schema'][0]}",
    )
    try:
        for sql in ('DELETE FROM "status_history"', "UPDATE \"status_history\" SET new_status = 'HOT'"):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn.cursor() as cur:
                cur.execute(sql)
            conn.rollback()
    finally:
        conn.close()
