"""PostgreSQL parity: every test module that opens a database runs on both databases, through the `db_url`
fixture (directly or via its folder's conftest) or an explicit PostgreSQL variant. A new module that only
tries SQLite fails here, so CI (which sets STATUSTUI_TEST_POSTGRES and fails without it) covers it."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
OPENS_A_DATABASE = re.compile(r"Service\.open\(|open_database\(|make_runner\(|make_workspace\(|\bmain\(\[")
BOTH_DATABASES = re.compile(r"\bdb_url\b|POSTGRES_URL|STATUSTUI_TEST_POSTGRES")
# Known exceptions, each with its reason.
SQLITE_ONLY = {
    "foundation/test_demo.py": "the demo workspace is a SQLite file by design (statustui --demo)",
    "test_architecture.py": "reads the source, opens no database",
}


def _uses_both(module: Path) -> bool:
    if BOTH_DATABASES.search(module.read_text(encoding="utf-8")):
        return True
    folder = module.parent
    while folder != TESTS.parent:
        conftest = folder / "conftest.py"
        if conftest.exists() and "db_url" in conftest.read_text(encoding="utf-8") and folder != TESTS:
            return True
        folder = folder.parent
    return False


def test_every_module_that_opens_a_database_also_runs_on_postgresql() -> None:
    sqlite_only = []
    for module in sorted(TESTS.rglob("test_*.py")):
        name = module.relative_to(TESTS).as_posix()
        if name in SQLITE_ONLY or not OPENS_A_DATABASE.search(module.read_text(encoding="utf-8")):
            continue
        if not _uses_both(module):
            sqlite_only.append(name)
    assert sqlite_only == [], "use the db_url fixture (tests/conftest.py) in these modules"
