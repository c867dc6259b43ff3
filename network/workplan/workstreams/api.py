"""/api/v1 workstreams: the list (paginated, with a Link header) and one workstream with its
milestones, open risks and status history; the same visibility as the pages."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint

from network.api.auth import api_authorize, api_principal, require_api_auth
from network.api.pagination import PAGE_HEADERS, paginate
from network.members.policy import can
from network.workplan.workstreams import queries as wq
from network.workplan.workstreams.models import WorkstreamStatus
from network.workplan.workstreams.schemas import (
    WorkstreamDetailSchema,
    WorkstreamQuerySchema,
    WorkstreamSchema,
)

blp = Blueprint("api_workstreams", __name__, url_prefix="/workstreams",
                description="Workstreams: status, milestones, risks")
SECURITY = [{"bearerAuth": []}]


@blp.route("")
@require_api_auth
@blp.arguments(WorkstreamQuerySchema, location="query")
@blp.response(200, WorkstreamSchema(many=True), headers=PAGE_HEADERS)
@blp.doc(security=SECURITY)
def list_workstreams(args):
    """Workstreams by name, a page at a time (`page`, `page_size`); follow the Link header's
    rel="next" for the next page."""
    api_authorize("workstream.list")
    filters = wq.WorkstreamFilters(
        status=WorkstreamStatus(args["status"]) if args.get("status") else None,
        lead_office_id=args.get("lead_office_id"))
    return paginate(wq.workstream_list(api_principal(), filters), args).response()


@blp.route("/<int:workstream_id>")
@require_api_auth
@blp.response(200, WorkstreamDetailSchema)
@blp.doc(security=SECURITY)
def get_workstream(workstream_id: int):
    """One workstream with its milestones, open risks and status history."""
    workstream = wq.workstream_with_plan(workstream_id)
    if workstream is None or not can(api_principal(), "workstream.view", workstream):
        abort(404)
    return workstream
