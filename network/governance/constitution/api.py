"""/api/v1/constitution (read): the version in force, as at a date, any version, and the
redline between two."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint

from network.api.auth import api_authorize, api_principal, require_api_auth
from network.api.pagination import PAGE_HEADERS, PageArgsSchema, paginate
from network.governance.constitution import queries as cq
from network.governance.constitution.document import document_of
from network.governance.constitution.redline import compare
from network.governance.constitution.schemas import (
    AsAtQuerySchema,
    RedlineQuerySchema,
    RedlineSchema,
    VersionSchema,
    VersionSummarySchema,
)

blp = Blueprint("api_constitution", __name__, url_prefix="/constitution",
                description="The network's Constitution and its decision rules")
SECURITY = [{"bearerAuth": []}]


def _or_404(version):
    if version is None:
        abort(404)
    return version


@blp.route("")
@require_api_auth
@blp.response(200, VersionSchema)
@blp.doc(security=SECURITY)
def current():
    """The version in force today, with its text and decision rules."""
    api_authorize("constitution.view")
    return _or_404(cq.version_in_force(with_text=True))


@blp.route("/as-at")
@require_api_auth
@blp.arguments(AsAtQuerySchema, location="query")
@blp.response(200, VersionSchema)
@blp.doc(security=SECURITY)
def as_at(args):
    """The version in force on a day (on the day a version takes effect, that version)."""
    api_authorize("constitution.view")
    return _or_404(cq.version_in_force(args["date"], with_text=True))


@blp.route("/versions")
@require_api_auth
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, VersionSummarySchema(many=True), headers=PAGE_HEADERS)
@blp.doc(security=SECURITY)
def list_versions(args):
    """Every adopted version, newest first (without their text), a page at a time (follow
    the Link header's rel="next")."""
    api_authorize("constitution.view")
    return paginate(cq.version_list(api_principal()), args).response()


@blp.route("/versions/<int:number>")
@require_api_auth
@blp.response(200, VersionSchema)
@blp.doc(security=SECURITY)
def get_version(number: int):
    """One version, with its text and decision rules."""
    api_authorize("constitution.view")
    return cq.load_version(number)


@blp.route("/redline")
@require_api_auth
@blp.arguments(RedlineQuerySchema, location="query")
@blp.response(200, RedlineSchema)
@blp.doc(security=SECURITY)
def redline(args):
    """The changes from one version to another, clause by clause and word by word."""
    api_authorize("constitution.view")
    old, new = cq.load_version(args["old"]), cq.load_version(args["new"])
    if old.number > new.number:
        old, new = new, old
    red = compare(document_of(old), document_of(new))
    return {"old": old.number, "new": new.number, "counts": red.counts, "parts": red.parts,
            "rules": red.rules}
