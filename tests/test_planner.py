"""The planner's statistics are refreshed after a bulk load and nightly (network/planner.py):
SQLite keeps none otherwise and then plans big pages badly."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from network.digest.scheduler import run_once
from tests.factories import OfficeFactory


def _sqlite_has_statistics(db) -> bool:
    return db.engine.dialect.name == "sqlite" and bool(db.session.scalar(text(
        "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")))


def _statistics_of(db, table: str) -> int:
    """Rows the planner believes `table` holds (0: it has no statistics for it)."""
    if db.engine.dialect.name == "sqlite":
        if not _sqlite_has_statistics(db):
            return 0
        stat = db.session.scalar(text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t"), {"t": table})
        return int(stat.split()[0]) if stat else 0
    return int(db.session.scalar(text(
        "SELECT greatest(reltuples, 0) FROM pg_class WHERE relname = :t"), {"t": table}))


@pytest.fixture
def forget_statistics(db):
    """Each test starts without statistics and leaves none behind for the tests after it."""
    def forget():
        if _sqlite_has_statistics(db):
            db.session.execute(text("DELETE FROM sqlite_stat1"))
            db.session.commit()
    forget()
    yield
    forget()


def test_the_nightly_job_gives_the_planner_the_tables_sizes(db, forget_statistics):
    for _ in range(12):
        OfficeFactory()
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        assert _statistics_of(db, "office") == 0
    summary, queued = run_once("refresh-statistics")
    assert summary == f"refresh-statistics: statistics refreshed ({db.engine.dialect.name})"
    assert queued == []
    assert _statistics_of(db, "office") == 12


def test_loading_the_demo_refreshes_the_statistics(app, db, forget_statistics):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    offices = db.session.scalar(text("SELECT count(*) FROM office"))
    assert offices > 0
    assert _statistics_of(db, "office") == offices
