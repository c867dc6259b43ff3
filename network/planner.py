"""The query planner's statistics: how many rows each table and index holds, which the
planner uses to choose an index and a join order.

PostgreSQL's autovacuum keeps them; SQLite keeps none until ANALYZE runs, and without them it
guesses. At ten years of data (`network demo --scale 1`) the guess made the member's home page
walk every agenda item of a given status (about 32 ms of SQL; about 16 ms with statistics) and
the secretariat's take 6.7 ms of SQL instead of 2.2 (docs/performance.md).
So the statistics are refreshed after a bulk load (`network demo`, with or without --scale) and
nightly by the scheduler (job `refresh-statistics`)."""

from __future__ import annotations

from sqlalchemy import text

from network.extensions import db

# Rows SQLite samples per index (its `analysis_limit`): enough for the planner's choices, and
# ANALYZE stays a fraction of a second however large the database grows.
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_statistics() -> str:
    """ANALYZE the database (committed); what was done, in words."""
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        db.session.execute(text(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}"))
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return f"statistics refreshed ({dialect})"
