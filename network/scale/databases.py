"""Throwaway PostgreSQL databases for the test suite and the benchmarks: each run gets a
database of its own on a shared server, dropped when it is done."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from network.config import normalise_database_url


def throwaway_postgres(base_url: str, prefix: str) -> tuple[str, Callable[[], None]]:
    """Create a uniquely named database (`prefix` and random letters) on base_url's server;
    returns (its URL, a function that drops it, closing any connection left open)."""
    url = make_url(normalise_database_url(base_url))
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop
