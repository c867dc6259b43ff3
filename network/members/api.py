"""/api/v1 read endpoints for member offices and for "me"."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint

from network.api.auth import TokenPrincipal, api_authorize, api_principal, require_api_auth
from network.api.pagination import PAGE_HEADERS, paginate
from network.members import queries
from network.members.models import OfficeStatus
from network.members.schemas import MeSchema, OfficeDetailSchema, OfficeListArgs, OfficeSchema

blp = Blueprint("api_members", __name__, description="Member offices and the caller")
SECURITY = [{"bearerAuth": []}]


@blp.route("/offices")
@require_api_auth
@blp.arguments(OfficeListArgs, location="query")
@blp.response(200, OfficeSchema(many=True), headers=PAGE_HEADERS)
@blp.doc(security=SECURITY)
def list_offices(args):
    """Member offices by name, optionally of one status, a page at a time (follow the Link
    header's rel="next")."""
    api_authorize("api.read_offices")
    status = OfficeStatus(args["status"]) if args.get("status") else None
    return paginate(queries.office_list(api_principal(), status), args).response()


@blp.route("/offices/<slug>")
@require_api_auth
@blp.response(200, OfficeDetailSchema)
@blp.doc(security=SECURITY)
def get_office(slug: str):
    """One member office with its active people."""
    office = queries.office_by_slug(slug) or abort(404)
    api_authorize("office.view", office)
    return office


@blp.route("/me")
@require_api_auth
@blp.response(200, MeSchema)
@blp.doc(security=SECURITY)
def me():
    """The caller: the token's office, or the signed-in person."""
    principal = api_principal()
    if isinstance(principal, TokenPrincipal):
        office = queries.office_overview(principal.office_id)
        return {"kind": "token", "office": office, "token_name": principal.token.name,
                "person": None, "role": principal.role.value}
    office = queries.office_overview(principal.office_id) if principal.office_id else None
    return {"kind": "person", "office": office, "token_name": None, "person": principal,
            "role": principal.role.value}
