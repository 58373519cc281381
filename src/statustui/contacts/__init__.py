"""Working on single contacts: add, edit, tag, note, log an activity, find and merge duplicates, delete, forget."""
