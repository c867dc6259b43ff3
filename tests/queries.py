"""Counting the SQL statements a block or a page sends, for the query-count tests."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from network.extensions import db


@contextmanager
def counting_queries():
    """Count SQL statements sent to the database inside the block."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def query_counts(client, paths) -> dict[str, int]:
    """The statements each page sends, by path (each must answer 200)."""
    counts = {}
    for path in paths:
        with counting_queries() as statements:
            assert client.get(path).status_code == 200, path
        counts[path] = len(statements)
    return counts
