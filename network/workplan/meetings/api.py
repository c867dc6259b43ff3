"""/api/v1 meetings: list and read (with the agenda), submit and withdraw the office's items."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint

from network.api.auth import api_actor, api_authorize, api_principal, require_api_auth
from network.api.pagination import PAGE_HEADERS, PageArgsSchema, paginate
from network.extensions import db
from network.workplan.items import queries as item_queries
from network.workplan.items import services as item_service
from network.workplan.items.models import ItemPurpose
from network.workplan.meetings import queries as meeting_queries
from network.workplan.meetings.schemas import (
    ItemSchema,
    ItemSubmissionSchema,
    MeetingDetailSchema,
    MeetingSchema,
)

blp = Blueprint("api_meetings", __name__, url_prefix="/meetings",
                description="Meetings, agendas and item submissions")
SECURITY = [{"bearerAuth": []}]


def _meeting(meeting_id: int):
    meeting = meeting_queries.meeting_with_agenda(meeting_id)
    if meeting is None or not _can("meeting.view", meeting):
        abort(404)
    return meeting


class _WithAgenda:
    """A meeting seen through the agenda the caller may read."""

    def __init__(self, meeting, agenda):
        self._meeting, self.agenda = meeting, agenda

    def __getattr__(self, name):
        return getattr(self._meeting, name)


def _can(action: str, obj) -> bool:
    from network.members.policy import can

    return can(api_principal(), action, obj)


@blp.route("")
@require_api_auth
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, MeetingSchema(many=True), headers=PAGE_HEADERS)
@blp.doc(security=SECURITY)
def list_meetings(args):
    """Meetings the caller's office is invited to, by start time, a page at a time (follow
    the Link header's rel="next")."""
    api_authorize("meeting.list")
    return paginate(meeting_queries.meeting_list(api_principal()), args).response()


@blp.route("/<int:meeting_id>")
@require_api_auth
@blp.response(200, MeetingDetailSchema)
@blp.doc(security=SECURITY)
def get_meeting(meeting_id: int):
    """A meeting and its agenda (confidential items only for members and the secretariat)."""
    meeting = _meeting(meeting_id)
    return _WithAgenda(meeting, meeting_queries.agenda(meeting, api_principal()))


@blp.route("/<int:meeting_id>/items", methods=["POST"])
@require_api_auth
@blp.arguments(ItemSubmissionSchema)
@blp.response(201, ItemSchema)
@blp.doc(security=SECURITY)
def submit_item(args, meeting_id: int):
    """Submit an item for the office (before the meeting's deadline)."""
    meeting = _meeting(meeting_id)
    actor = api_actor()
    data = {**args, "purpose": ItemPurpose(args["purpose"]), "workstream_id": None}
    item = item_service.submit_item(actor, meeting, data)
    db.session.commit()
    return item


@blp.route("/<int:meeting_id>/items/<int:item_id>/withdraw", methods=["POST"])
@require_api_auth
@blp.response(200, ItemSchema)
@blp.doc(security=SECURITY)
def withdraw_item(meeting_id: int, item_id: int):
    """Withdraw one of the office's items before triage."""
    item = item_queries.item_with_papers(item_id)
    if item is None or item.meeting_id != meeting_id or not _can("item.view", item):
        abort(404)
    item_service.withdraw_submission(api_actor(), item)
    db.session.commit()
    return item
