"""/api/v1 actions: list the office's actions; update one with a note and a status."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint

from network.api.auth import api_actor, api_authorize, api_principal, require_api_auth
from network.api.pagination import PAGE_HEADERS, paginate
from network.extensions import db
from network.members.models import Role
from network.members.policy import can
from network.workplan.actions import queries as aq
from network.workplan.actions import services as service
from network.workplan.actions.models import Action, ActionStatus
from network.workplan.actions.schemas import ActionQuerySchema, ActionSchema, ActionUpdateSchema

blp = Blueprint("api_actions", __name__, url_prefix="/actions",
                description="The office's actions: list and update")
SECURITY = [{"bearerAuth": []}]


@blp.route("")
@require_api_auth
@blp.arguments(ActionQuerySchema, location="query")
@blp.response(200, ActionSchema(many=True), headers=PAGE_HEADERS)
@blp.doc(security=SECURITY)
def list_actions(args):
    """The caller office's actions, soonest due first (a secretariat session sees all), a
    page at a time (follow the Link header's rel="next")."""
    api_authorize("action.list")
    principal = api_principal()
    query = aq.action_log(principal, aq.ActionFilters(
        status=ActionStatus(args["status"]) if args.get("status") else None,
        is_overdue=args["overdue"]))
    if principal.role not in (Role.SECRETARIAT, Role.SECRETARIAT_ADMIN):
        query = query.where(Action.owner_office_id == principal.office_id)
    return paginate(query, args).response()


@blp.route("/<int:action_id>", methods=["PATCH"])
@require_api_auth
@blp.arguments(ActionUpdateSchema)
@blp.response(200, ActionSchema)
@blp.doc(security=SECURITY)
def update_action(args, action_id: int):
    """Add a note and/or set the status of one of the office's actions (token only)."""
    actor = api_actor()
    action = aq.action_with_history(action_id)
    if action is None or not can(api_principal(), "action.view", action):
        abort(404)
    if not can(api_principal(), "action.update", action):
        abort(403)
    service.update_action(actor, action, args.get("status"), args.get("note"))
    db.session.commit()
    return aq.action_with_history(action_id)

