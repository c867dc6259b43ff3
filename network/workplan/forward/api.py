"""/api/v1/forward-agenda: the next twelve months, with the same filters and visibility as the
page. Bounded to twelve months, so it is one response rather than pages."""

from __future__ import annotations

from flask_smorest import Blueprint

from network.api.auth import api_authorize, api_principal, require_api_auth
from network.workplan.forward import queries as fq
from network.workplan.forward.schemas import ForwardAgendaSchema, ForwardQuerySchema
from network.workplan.meetings.models import MeetingKind

blp = Blueprint("api_forward", __name__, url_prefix="/forward-agenda",
                description="The forward agenda: meetings, items, deadlines, votes")
SECURITY = [{"bearerAuth": []}]


class _Row:
    """A forward agenda meeting read as the meeting with its items and planned entries."""

    def __init__(self, row: fq.AgendaMeeting):
        self._row = row
        self.items, self.planned = row.items, row.planned

    def __getattr__(self, name):
        return getattr(self._row.meeting, name)


@blp.route("")
@require_api_auth
@blp.arguments(ForwardQuerySchema, location="query")
@blp.response(200, ForwardAgendaSchema)
@blp.doc(security=SECURITY)
def forward_agenda(args):
    """Meetings in the next twelve months the caller may see, with their deadlines, accepted
    and planned items, and elections and votes opening or closing."""
    api_authorize("forward.view")
    kind = args.get("kind")
    filters = fq.Filters(kind=MeetingKind(kind) if kind and kind != fq.ELECTIONS else None,
                         elections_only=kind == fq.ELECTIONS,
                         workstream_id=args.get("workstream_id"),
                         office_id=args.get("office_id"))
    agenda = fq.forward_agenda(api_principal(), filters)
    return {"starts_on": agenda.starts_on, "ends_on": agenda.ends_on,
            "meetings": [_Row(row) for row in agenda.meetings], "events": agenda.events}
