"""The parser's tables are cached in the per-user cache folder, never in the shared temp folder, where another
local user could plant the pickle that lark loads back."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

PARSE = "from statustui.language.parser import parser; print(parser().parse('status = HOT', 'query').data)"


def _parse_in_new_process(tmp_path: Path, cache_home: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "TMPDIR": str(temp)}
    done = subprocess.run([sys.executable, "-c", PARSE], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "query"
    assert list(temp.iterdir()) == []  # nothing in the temp folder


def test_the_tables_are_cached_in_a_private_per_user_folder(tmp_path: Path) -> None:
    cache_home = tmp_path / "cache"
    _parse_in_new_process(tmp_path, cache_home)
    folder = cache_home / "statustui"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (cached,) = folder.glob("grammar-*.pickle")
    written = cached.stat().st_mtime_ns
    _parse_in_new_process(tmp_path, cache_home)
    assert cached.stat().st_mtime_ns == written  # the second process loaded it rather than building again


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "statustui"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    _parse_in_new_process(tmp_path, tmp_path / "cache")
    assert list(folder.iterdir()) == []
