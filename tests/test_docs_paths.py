"""Docs and bench scripts name commands anyone can run: no path of one machine, and every file of the
repository they (or the code's comments) cite exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md", *sorted((ROOT / "bench").glob("*.*"))]
MACHINE_PATH = re.compile(r"(?<![\w.~])/(?:work|tmp|home|root|Users|var/folders)/")
# A repository path such as `tests/reliability/test_crash.py`; `rules/...` is left out (a workspace's folder).
CITED_FILE = re.compile(r"(?<![\w/.-])((?:src|tests|docs|bench|grammar)/[\w./-]*\.(?:py|md|lark|toml|svg))\b")


def test_no_doc_or_bench_script_names_a_path_of_one_machine() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in DOCS
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MACHINE_PATH.search(line)
    ]
    assert found == []


def test_every_cited_file_exists() -> None:
    missing = [
        f"{path.relative_to(ROOT)}: {cited}"
        for path in DOCS
        for cited in CITED_FILE.findall(path.read_text(encoding="utf-8"))
        if not (ROOT / cited).exists()
    ]
    for path in sorted((ROOT / "src").rglob("*.py")):
        for name in re.findall(r"\b([\w-]+\.md)\b", path.read_text(encoding="utf-8")):
            if not ((ROOT / "docs" / name).exists() or (ROOT / name).exists()):
                missing.append(f"{path.relative_to(ROOT)}: {name}")
    assert missing == []
