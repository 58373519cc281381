"""A database URL's password never appears in any message, log record or exception: a wrong user, a bad
host, a closed port, a missing database, a malformed URL; through the command line and the service."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from statustui.services import Service
from statustui.store.db import StoreError
from statustui.workspace import init_workspace

PASSWORD = "Tr0ub4dor&3"
ENCODED = "Tr0ub4dor%263"  # as written inside a URL
BAD_URLS = [
    f"postgresql://nobody:{ENCODED}@127.0.0.1:5432/test",  # the server refuses this role
    f"postgresql://postgres:{ENCODED}@no-such-host.invalid:5432/test",
    f"postgresql://postgres:{ENCODED}@127.0.0.1:1/test",  # nothing listens there
    f"postgresql://postgres:{ENCODED}@127.0.0.1:5432/",  # no database named
    f"postgresql://postgres:{ENCODED}@127.0.0.1:5432/test?schema=Bad-Name",
    f"mysql://root:{ENCODED}@127.0.0.1/test",
]


def _leaks(text: str) -> bool:
    return PASSWORD in text or ENCODED in text or "Tr0ub4dor" in text


@pytest.mark.parametrize("url", BAD_URLS)
def test_the_password_is_in_no_message_log_or_exception(
    url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if "127.0.0.1:5432" in url and not os.environ.get("STATUSTUI_TEST_POSTGRES"):
        pytest.skip("needs the PostgreSQL server (STATUSTUI_TEST_POSTGRES)")
    ws = init_workspace(tmp_path / "ws")
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StoreError) as raised:
        Service.open(ws, url)
    error = raised.value
    chain = [error, error.__cause__, error.__context__]
    assert not any(_leaks(repr(e)) for e in chain if e is not None)
    assert not _leaks(caplog.text)
    # STATUSTUI_DEBUG=1 would show a bug's traceback; a storage problem is still one clean line.
    done = subprocess.run(
        [sys.executable, "-m", "statustui", "-w", str(ws), "--database", url, "search", ""],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "STATUSTUI_DEBUG": "1"},
    )
    assert done.returncode == 1
    assert done.stderr.startswith("statustui: ") and "Traceback" not in done.stderr
    assert not _leaks(done.stdout + done.stderr), done.stderr


# Passwords that break a naive parser: `@`, `/`, `:`, `?` and `#` inside, percent-encoded or not; malformed
# ports and hosts; a NUL. The secret's halves must appear nowhere.
HALVES = ("Pa55", "w0rd")
MALFORMED_URLS = [
    "postgresql://postgres:Pa55@w0rd@127.0.0.1:1/x",
    "postgresql://postgres:Pa55/w0rd@127.0.0.1:1/x",
    "postgresql://postgres:Pa55:w0rd@127.0.0.1:1/x",
    "postgresql://postgres:Pa55?w0rd@127.0.0.1:1/x",
    "postgresql://postgres:Pa55#w0rd@127.0.0.1:1/x",
    "postgresql://postgres:Pa55%40w0rd@127.0.0.1:1/x",
    "postgresql://postgres:Pa55w0rd@127.0.0.1:99999/x",
    "postgresql://postgres:Pa55w0rd@127.0.0.1:abc/x",
    "postgresql://postgres:Pa55w0rd@[::1/x",
    "postgresql://postgres:Pa55w0rd@127.0.0.1:1/x%00",
    "postgresql://postgres:Pa55%00w0rd@127.0.0.1:1/x",
    "postgresql://postgres:Pa55w0rd@127.0.0.1:1/",
    "postgresql://postgres:Pa55w0rd@127.0.0.1:1/x?schema=Bad-Name",
    "postgresql://postgres:Pa55w0rd@127.0.0.1:1/x?password=Pa55w0rd",
    "postgres://postgres:Pa55w0rd@127.0.0.1:1",
    "postgresql://:Pa55w0rd@127.0.0.1:1/x",
    "mysql://root:Pa55w0rd@127.0.0.1/x",
    "postgresql://127.0.0.1:1/x?password=Pa55w0rd",
]


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_a_malformed_url_is_a_named_error_without_its_password(url: str, tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    for debug in ("", "1"):
        done = subprocess.run(
            [sys.executable, "-m", "statustui", "-w", str(ws), "--database", url, "search", ""],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "STATUSTUI_DEBUG": debug},
        )
        output = done.stdout + done.stderr
        assert done.returncode == 1 and done.stderr.startswith("statustui: "), output
        assert "Traceback" not in output and "internal error" not in output, output
        assert not any(half in output for half in HALVES), output


def test_redact_url_hides_the_password_whatever_the_shape() -> None:
    from statustui.store.urls import parse_url, redact_url

    for url in MALFORMED_URLS:
        assert not any(half in redact_url(url) for half in HALVES), url
    assert parse_url("postgresql://postgres:S3c@retPW@host/db").password == "S3c@retPW"
    assert parse_url("postgresql://postgres:S3cret/PW@127.0.0.1:1/x").password == "S3cret/PW"
    assert parse_url("postgresql://u@[::1]:5433/db?schema=s").host == "::1"
    assert parse_url("sqlite:///a@b:c.db").path == "a@b:c.db"
