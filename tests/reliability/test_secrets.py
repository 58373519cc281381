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
