"""The committed migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from network.extensions import db as _db
from network.search.schema import include_name


def test_upgraded_database_matches_the_models(db):
    with _db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "render_as_batch": True,
                                                         # the search index is not a model
                                                         "include_name": include_name})
        differences = compare_metadata(context, _db.metadata)
    assert differences == [], f"write a migration: {differences}"


def test_the_search_index_is_all_that_is_left_out(db):
    """Only the search index's own names are left out of the comparison."""
    from sqlalchemy import inspect

    inspector = inspect(_db.engine)
    left_out = [t for t in inspector.get_table_names() if not include_name(t, "table", {})]
    for table in _db.metadata.tables:
        left_out += [i["name"] for i in inspector.get_indexes(table)
                     if not include_name(i["name"], "index", {"table_name": table})]
    if _db.engine.dialect.name == "postgresql":
        assert sorted(left_out) == sorted(f"ix_search_{t}" for t in (
            "meeting", "agenda_item", "paper", "decision", "action", "workstream", "policy_entry",
            "correspondence", "contact"))
    else:
        assert "search_index" in left_out
        assert all(t.startswith("search_index") for t in left_out)
