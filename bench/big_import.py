"""How a very large contacts CSV is handled: rejected whole when its last row is bad, and imported.

    python bench/big_import.py [MEGABYTES]   (default 1024; the file is made in a temporary folder and deleted)

Prints the file size, rows, seconds and the child's peak memory for each run.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_csv(path: Path, megabytes: int, bad_last_row: bool) -> int:
    rows = 0
    pad = "x" * 180
    with path.open("w", encoding="utf-8") as f:
        f.write("email,name,notes\n")
        while f.tell() < megabytes * 1024 * 1024:
            f.writelines(f"p{rows + i}@example.com,Person {rows + i},{pad}\n" for i in range(10_000))
            rows += 10_000
        if bad_last_row:
            f.write("broken-email,Last,\n")
    return rows


def run(tmp: Path, megabytes: int, bad_last_row: bool) -> None:
    ws = tmp / f"ws-{bad_last_row}"
    subprocess.run([sys.executable, "-m", "statustui", "init", str(ws)], check=True, capture_output=True)
    path = tmp / "big.csv"
    rows = write_csv(path, megabytes, bad_last_row)
    size = path.stat().st_size / 1e6
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "statustui", "-w", str(ws), "import", "contacts", str(path)],
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    path.unlink()
    outcome = done.stderr.strip().splitlines()[0] if done.returncode else done.stdout.strip()
    print(
        f"{'bad last row' if bad_last_row else 'valid file  '}: {size:,.0f} MB, {rows:,} rows, {seconds:.1f} s, "
        f"peak child memory so far {peak_mb:,.0f} MB -> {outcome[:100]}"
    )


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), megabytes, bad_last_row=True)
        run(Path(tmp), megabytes, bad_last_row=False)


if __name__ == "__main__":
    main()
