"""/api/v1 motions: the list, a motion, its declared result, and the office's vote in writing
(with a token of the office's designated voter or substitute)."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint

from network.api.auth import TokenPrincipal, api_authorize, api_principal, require_api_auth
from network.api.pagination import PAGE_HEADERS, paginate
from network.extensions import db
from network.governance.motions import queries as mq
from network.governance.motions import services as service
from network.governance.motions.models import MotionStatus
from network.governance.motions.schemas import (
    MotionQuerySchema,
    MotionReceiptSchema,
    MotionResultSchema,
    MotionSchema,
    VoteSchema,
)
from network.members.models import Office, Person
from network.members.policy import can

blp = Blueprint("api_motions", __name__, url_prefix="/motions",
                description="Motions and their results; the office's vote in writing")
SECURITY = [{"bearerAuth": []}]


def _motion(motion_id: int):
    motion = mq.motion_with_links(motion_id)
    if motion is None or not can(api_principal(), "motion.view", motion):
        abort(404)
    return mq.show_current_state(motion)


@blp.route("")
@require_api_auth
@blp.arguments(MotionQuerySchema, location="query")
@blp.response(200, MotionSchema(many=True), headers=PAGE_HEADERS)
@blp.doc(security=SECURITY)
def list_motions(args):
    """Motions newest first, a page at a time; follow the Link header's rel="next"."""
    api_authorize("motion.list")
    status = MotionStatus(args["status"]) if args.get("status") else None
    page = paginate(mq.listed(api_principal(), status), args)
    return page.response([mq.show_current_state(m) for m in page.rows])


@blp.route("/<int:motion_id>")
@require_api_auth
@blp.response(200, MotionSchema)
@blp.doc(security=SECURITY)
def get_motion(motion_id: int):
    """One motion."""
    api_authorize("motion.list")
    return _motion(motion_id)


@blp.route("/<int:motion_id>/result")
@require_api_auth
@blp.response(200, MotionResultSchema)
@blp.doc(security=SECURITY)
def result(motion_id: int):
    """The declared result with its arithmetic; 404 until declared."""
    api_authorize("motion.list")
    motion = _motion(motion_id)
    if not motion.is_declared:
        abort(404)
    return {"motion": motion, "result": motion.result, "rule": motion.rule,
            "constitution_version_id": motion.constitution_version_id}


@blp.route("/<int:motion_id>/vote", methods=["POST"])
@require_api_auth
@blp.arguments(VoteSchema)
@blp.response(201, MotionReceiptSchema)
@blp.doc(security=SECURITY)
def vote(args, motion_id: int):
    """Cast the office's one vote in writing. With a token it acts for the person who made
    it, who must be the office's designated voter or substitute."""
    principal = api_principal()
    if not isinstance(principal, TokenPrincipal):
        abort(401)
    person = db.session.get(Person, principal.token.created_by_id)
    office = db.session.get(Office, principal.office_id)
    if person is None or not person.is_active or not can(person, "motion.vote", office):
        abort(403)
    motion = _motion(motion_id)
    receipt = service.cast_vote(person, motion, args["choice"])
    db.session.commit()
    return {"receipt": receipt}
