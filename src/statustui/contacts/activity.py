"""Logging an activity by hand (`statustui log`): a call, a meeting, an email, an SMS becomes an engagement
like an imported one, so counts, the Smart Score, `last_engaged` and the engagement rules all see it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from statustui.changes import open_batch
from statustui.config import name_key
from statustui.contacts.fields import FieldError, check_text
from statustui.errors import ServiceError
from statustui.store.db import with_retry
from statustui.suggest import did_you_mean

if TYPE_CHECKING:
    from statustui.services import IngestResult, Service


def vocabulary_key(what: str, raw: str, allowed: Sequence[str]) -> str:
    """`raw` as the workspace's vocabulary names it, or FieldError with a did-you-mean."""
    key = name_key(raw)
    if key not in allowed:
        raise FieldError(f"unknown {what} {raw!r}{did_you_mean(key, allowed)}; {what}s: {', '.join(allowed)}")
    return key


def log_activity(
    service: Service,
    contact_id: int,
    kind: str,
    channel: str | None = None,
    text: str = "",
    at: int | None = None,
) -> IngestResult:
    """Record one engagement now (or at `at`); the engagement rules run in the same transaction."""
    vocab = service.config.vocabulary
    try:
        kind_key = vocabulary_key("kind", kind, vocab.kinds)
        channel_key = vocabulary_key("channel", channel, vocab.channels) if channel else None
        note = check_text("text", text)
    except FieldError as e:
        raise ServiceError(str(e)) from None
    when = service.now() if at is None else at
    if when < 0:  # last_engaged_at 0 means never: engagements start at the epoch, as imports require
        raise ServiceError("an activity before 1970 cannot be logged; engagements start at 1970-01-01T00:00Z")
    row = (contact_id, channel_key, kind_key, when, None, note)

    def work() -> IngestResult:
        batch_id = open_batch(
            service.db,
            "log",
            f"log {kind_key}" + (f" by {channel_key}" if channel_key else ""),
            service.now(),
        )
        return service.add_engagements([row], batch_id)

    return with_retry(service.db, work, "log activity")
