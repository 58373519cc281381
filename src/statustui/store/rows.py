"""Typed iteration over peewee's `.tuples()` queries.

peewee's bundled stubs type `.tuples()` as returning the query itself, whose iteration yields model
instances; at run time it yields plain tuples. `tuples()` says so once, here, instead of a cast at each use.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from peewee import BaseQuery


def tuples(query: BaseQuery) -> Iterator[tuple[Any, ...]]:
    """The query's rows as tuples, in the order of its selected columns."""
    return cast(Iterator[tuple[Any, ...]], iter(query.tuples()))
