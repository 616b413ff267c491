"""Counting the SQL statements a block of code runs, on the engine (``before_cursor_execute``),
so that a page's tests can say it runs a fixed number whatever the data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def counted_statements(engine=None) -> Iterator[list[str]]:
    """The statements run inside the block, in order (the list fills as they run; clear it to
    start counting again). ``engine``: the app's engine by default."""
    engine = engine if engine is not None else db.engine
    statements: list[str] = []

    def count(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
