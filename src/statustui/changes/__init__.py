"""Changing data: the one status write path, batches, the journal and undo (the layer just above store).

batch_id = open_batch(db, "import", "import contacts a.csv", at)      # every data-changing command
new_stage(db); stage_contacts(db, where, at, "HOT", manual=True, actor="person")
write_status_changes(db, config, batch_id)                            # history, status, score, unsubscribe
journal.record_from(db, batch_id, journal.FIELD, "SELECT ...")        # other changes, before making them
revert(db, config, last_batch(current_actor()), at)                   # undo
"""

from statustui.changes import journal
from statustui.changes.batches import close_batch, current_actor, last_batch, open_batch
from statustui.changes.status import (
    HISTORY_COLUMNS,
    StagedChange,
    new_stage,
    stage_contacts,
    stage_rows,
    stage_select,
    write_first_statuses,
    write_status_changes,
)
from statustui.changes.undo import UndoResult, revert

__all__ = [
    "HISTORY_COLUMNS",
    "StagedChange",
    "UndoResult",
    "close_batch",
    "current_actor",
    "journal",
    "last_batch",
    "new_stage",
    "open_batch",
    "revert",
    "stage_contacts",
    "stage_rows",
    "stage_select",
    "write_first_statuses",
    "write_status_changes",
]
