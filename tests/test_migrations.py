"""The committed migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from network.extensions import db as _db


def test_upgraded_database_matches_the_models(db):
    with _db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "render_as_batch": True})
        differences = compare_metadata(context, _db.metadata)
    assert differences == [], f"write a migration: {differences}"
