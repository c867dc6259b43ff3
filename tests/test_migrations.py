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


def test_running_the_migrations_leaves_the_apps_log_working(app, tmp_path):
    """Alembic's env.py configures logging from alembic.ini; that must not switch off the
    loggers that already exist (the portal's own, whose warnings `make run` shows)."""
    from pathlib import Path

    from flask_migrate import upgrade

    from network import create_app

    assert not app.logger.disabled
    other = create_app({"ENV_NAME": "testing",
                        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "m.sqlite3"),
                        "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    with other.app_context():
        upgrade(directory=str(Path(__file__).resolve().parents[1] / "migrations"))
    assert not app.logger.disabled
