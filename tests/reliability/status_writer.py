"""A child process that changes statuses in rounds, as an open app (set-status through the service) or a
repeated import (CSV with a status column) would. Prints how many status changes it made.

    python status_writer.py WORKSPACE URL set-status|import ROUNDS OFFSET
"""

from __future__ import annotations

import sys
from pathlib import Path

from statustui.services import Service

STATUSES = ("NEUTRAL", "WARM", "HOT", "COLD")


def main(workspace: str, url: str, how: str, rounds: int, offset: int) -> int:
    service = Service.open(workspace, url)
    ids = service.search_ids("")
    emails = [r.email for r in service.contacts_by_id(ids)]
    changed = 0
    for r in range(rounds):
        status = STATUSES[(r + offset) % len(STATUSES)]
        if how == "set-status":
            changed += service.set_status(status, ids).changed
        else:
            path = Path(workspace) / f"round-{offset}-{r}.csv"
            path.write_text("email,status\n" + "".join(f"{e},{status}\n" for e in emails))
            changed += service.import_contacts(path).status_changed
    service.close()
    print(changed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])))
