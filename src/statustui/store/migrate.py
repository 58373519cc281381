"""Bringing a workspace's database up to the models when it is opened: additive only.

Missing tables and indexes are created and missing columns added with their defaults (one `ALTER TABLE ..
ADD COLUMN .. DEFAULT` each: no table copy on SQLite, no rewrite on PostgreSQL 11+). Nothing is dropped or
changed, so an older statustui still reads a database a newer one upgraded. A fingerprint of the models is
stored in the `meta` table: opening an up-to-date database costs one read and takes no write lock.
"""

from __future__ import annotations

import copy
import hashlib
from functools import cache

from peewee import SQL, Database, Entity, Field, ForeignKeyField
from playhouse.migrate import SchemaMigrator  # type: ignore[import-untyped]  # playhouse ships no types

from statustui.store.models import ALL_MODELS, Meta

_KEY_PREFIX = "schema:"


class MigrationError(Exception):
    """A model column cannot be added to existing rows (NOT NULL without a constant default)."""


@cache
def schema_key() -> str:
    """The models' tables, columns and indexes, as a short fingerprint."""
    parts = []
    for model in ALL_MODELS:
        parts.append(model._meta.table_name)
        parts.extend(f.column_name for f in model._meta.sorted_fields)
        parts.extend(index._name for index in model._meta.fields_to_index())
    return _KEY_PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def is_current(db: Database) -> bool:
    """Every table exists and the models' fingerprint was recorded: nothing to do."""
    if not {m._meta.table_name for m in ALL_MODELS} <= set(db.get_tables()):
        return False
    return Meta.select().where(Meta.key == schema_key()).exists()


def upgrade(db: Database) -> None:
    """Add what the models have and the database lacks (call inside a write transaction)."""
    if is_current(db):  # another process upgraded it while we waited for the lock
        return
    existing = set(db.get_tables())
    migrator = SchemaMigrator.from_database(db)
    for model in ALL_MODELS:
        table = model._meta.table_name
        if table not in existing:
            continue  # created whole below
        have = {c.name for c in db.get_columns(table)}
        for field in model._meta.sorted_fields:
            if field.column_name not in have:
                _add_column(db, migrator, table, field)
    db.create_tables(ALL_MODELS, safe=True)  # missing tables, and every missing index (IF NOT EXISTS)
    Meta.insert(key=schema_key(), value="1").on_conflict_ignore().execute()


def _add_column(db: Database, migrator: SchemaMigrator, table: str, field: Field) -> None:
    column = copy.copy(field)
    default = field.default
    if default is not None and not callable(default):
        column.constraints = [*(field.constraints or []), SQL(f"DEFAULT {_literal(default)}")]
    elif not field.null:
        raise MigrationError(
            f"cannot add column {table}.{field.column_name} to existing rows: it is NOT NULL without a "
            "constant default; give the model field a default"
        )
    ctx = migrator.make_context()
    ctx.literal("ALTER TABLE ").sql(Entity(table)).literal(" ADD COLUMN ").sql(column.ddl(ctx))
    if isinstance(field, ForeignKeyField):
        migrator.add_inline_fk_sql(ctx, column)
    db.execute(ctx)  # its index, if it has one, comes with the others from create_tables


def _literal(value: object) -> str:
    """A DEFAULT clause's constant (DDL takes no bound parameters on SQLite)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise MigrationError(f"no SQL literal for the default {value!r}")
