"""Typed iteration over peewee's `.tuples()` and `.dicts()` queries.

peewee's bundled stubs type `.tuples()` and `.dicts()` as returning the query itself, whose iteration yields
model instances; at run time they yield plain tuples and dicts. These say so once, here, instead of a cast at
each use.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from peewee import BaseQuery


def tuples(query: BaseQuery) -> Iterator[tuple[Any, ...]]:
    """The query's rows as tuples, in the order of its selected columns."""
    return cast(Iterator[tuple[Any, ...]], iter(query.tuples()))


def dicts(query: BaseQuery) -> Iterator[dict[str, Any]]:
    """The query's rows as dicts keyed by column name."""
    return cast(Iterator[dict[str, Any]], iter(query.dicts()))
