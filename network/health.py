"""GET /healthz: the app answers and the database is reachable."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from network.extensions import db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """200 with the database ok, or 503 when it cannot be reached."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
