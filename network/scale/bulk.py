"""Bulk rows for the generated network: ids given here (the database is empty), inserted in
batches through the ORM's bulk INSERT, then each id sequence moved past them (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, insert, select, text

from network.extensions import db

BATCH = 2_000


class Rows:
    """Rows of one model, numbered from 1 in the order they are added."""

    def __init__(self, model):
        self.model = model
        self.rows: list[dict] = []

    def add(self, **values) -> int:
        values.setdefault("id", len(self.rows) + 1)
        self.rows.append(values)
        return values["id"]

    def __len__(self) -> int:
        return len(self.rows)

    def write(self) -> int:
        """Insert the rows in batches (in the caller's transaction)."""
        write(self.model, self.rows)
        return len(self.rows)


def write(model, rows: list[dict]) -> None:
    """Core INSERTs of the model's table (column defaults and types apply), in batches."""
    table = getattr(model, "__table__", model)
    shapes: dict[tuple, list[dict]] = {}  # one executemany takes rows of the same keys
    for row in rows:
        shapes.setdefault(tuple(row), []).append(row)
    for same in shapes.values():
        for start in range(0, len(same), BATCH):
            db.session.execute(insert(table), same[start:start + BATCH])


def restart_sequences(models) -> None:
    """On PostgreSQL, move each id sequence past the ids written here."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__
        sequence = db.session.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                                     {"t": f'"{table.name}"'})
        if sequence:
            highest = func.max(table.c.id)
            db.session.execute(select(func.setval(sequence, func.coalesce(highest, 1),
                                                  highest.is_not(None))))
