"""/api/v1/policy-tracker: the tracker's entries, a page at a time (RFC 8288 Link header), and
one entry; the same visibility as the pages (members read, observers do not)."""

from __future__ import annotations

from flask import abort, request
from flask_smorest import Blueprint

from network.api.auth import api_authorize, api_principal, require_api_auth
from network.api.pagination import PAGE_HEADERS, paginate
from network.members.policy import can
from network.workplan.tracker import queries as tq
from network.workplan.tracker.models import PolicyKind, PolicyStatus
from network.workplan.tracker.schemas import PolicyEntrySchema, PolicyQuerySchema

blp = Blueprint("api_policy_tracker", __name__, url_prefix="/policy-tracker",
                description="National policy developments the secretariat tracks")
SECURITY = [{"bearerAuth": []}]


@blp.route("")
@require_api_auth
@blp.arguments(PolicyQuerySchema, location="query")
@blp.response(200, PolicyEntrySchema(many=True), headers=PAGE_HEADERS)
@blp.doc(security=SECURITY)
def list_entries(args):
    """Entries, newest development first; `Link` names the next and previous pages."""
    api_authorize("policy_entry.list")
    filters = tq.PolicyFilters(
        status=PolicyStatus(args["status"]) if args.get("status") else None,
        kind=PolicyKind(args["kind"]) if args.get("kind") else None,
        workstream_id=args.get("workstream"))
    if args.get("per_page") and "page_size" not in request.args:  # its former name
        args = {**args, "page_size": args["per_page"]}
    return paginate(tq.entry_list(api_principal(), filters), args).response()


@blp.route("/<int:entry_id>")
@require_api_auth
@blp.response(200, PolicyEntrySchema)
@blp.doc(security=SECURITY)
def get_entry(entry_id: int):
    """One entry."""
    api_authorize("policy_entry.list")
    entry = tq.entry_with_links(entry_id)
    if entry is None or not can(api_principal(), "policy_entry.view", entry):
        abort(404)
    return entry
