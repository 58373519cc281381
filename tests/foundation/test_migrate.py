"""A database made by an older statustui is upgraded when opened: missing tables, columns (with their
defaults, also on existing rows) and indexes appear; the data stays."""

from __future__ import annotations

from peewee import Database

from statustui.store.db import open_database
from statustui.store.migrate import is_current, schema_key
from statustui.store.models import Contact, Meta


def _make_old(db: Database) -> None:
    """What an older schema looked like: no rule_skip table, no contact.engagement_count, no
    status_history.actor_name, no index on status_history.at nor on contact (score, id), and no fingerprint."""
    db.execute_sql('DROP TABLE "rule_skip"')
    db.execute_sql('ALTER TABLE "status_history" DROP COLUMN "actor_name"')
    db.execute_sql('DROP INDEX "status_history_at"')
    db.execute_sql('DROP INDEX "contact_score_id"')
    db.execute_sql('ALTER TABLE "contact" DROP COLUMN "engagement_count"')
    Meta.delete().where(Meta.key == schema_key()).execute()


def test_opening_an_old_database_adds_what_is_missing(db_url: str) -> None:
    db = open_database(db_url)
    Contact.create(name="Ann", email="ann@example.com", status="New", status_changed_at=1, created_at=1)
    _make_old(db)
    assert "engagement_count" not in {c.name for c in db.get_columns("contact")}
    assert not is_current(db)
    db.close()

    db = open_database(db_url)
    assert is_current(db)
    assert "rule_skip" in db.get_tables()
    assert "engagement_count" in {c.name for c in db.get_columns("contact")}
    assert "actor_name" in {c.name for c in db.get_columns("status_history")}
    indexes = {i.name for t in ("contact", "status_history") for i in db.get_indexes(t)}
    assert {"contact_score_id", "status_history_at"} <= indexes
    ann = Contact.get(Contact.email == "ann@example.com")
    assert (ann.name, ann.engagement_count) == ("Ann", 0)  # the existing row got the default
    # New rows use the added columns as the models say.
    Contact.create(name="Bob", email="bob@example.com", status="New", status_changed_at=1, created_at=1)
    assert Contact.get(Contact.email == "bob@example.com").engagement_count == 0
    db.close()
