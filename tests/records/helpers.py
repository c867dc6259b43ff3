"""Shared pieces of the records tests: a populated network (the demo), a second portal on
another database, and reading an export."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from network import create_app
from network.extensions import db
from network.records.export import comparable
from network.scale.databases import throwaway_postgres
from tests.conftest import _clean

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def load_populated_network() -> None:
    """The demo network: offices, people, meetings with papers and packs, minutes, actions,
    the Constitution, decisions, an election with ballots counted and declared, and their
    audit entries; the agenda packs built."""
    from network.demo import load_demo_network

    load_demo_network()
    from network.workplan.meetings.tasks import build_agenda_packs

    build_agenda_packs()  # as the scheduler would: the agenda packs are stored files too


def manifest_of(directory: Path) -> dict:
    """An export's manifest, without the values two exports of one record may differ in."""
    return comparable(json.loads((Path(directory) / "manifest.json").read_text()))


def postgres_available(url: str) -> bool:
    """Whether a PostgreSQL server answers at url."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 2})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means: not available
        return False


@contextmanager
def other_portal(kind: str, tmp_path: Path, config: dict | None = None):
    """A second portal on an empty migrated database of `kind` ('sqlite' or 'postgresql'),
    with its own file store (and any settings of `config`); yields the app."""
    from flask_migrate import upgrade

    drop = None
    if kind == "sqlite":
        url = "sqlite:///" + str(tmp_path / "other.sqlite3")
    else:
        url, drop = throwaway_postgres(os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES,
                                       "ukmn_test")
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "UPLOAD_FOLDER": str(tmp_path / "other-uploads"),
                      "SERVER_NAME_FOR_EMAIL": "http://portal.test", **(config or {})})
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if drop:
            drop()


def empty_database(app) -> None:
    """Empty every table of the app's database (the suite's own cleaning)."""
    db.session.remove()
    _clean(app)
