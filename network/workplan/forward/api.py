"""/api/v1/forward-agenda: the next twelve months, with the same filters and visibility as the
page, a page of meetings at a time (page and page_size, the Link header of every API list) with
the elections and votes in the part of the twelve months each page covers."""

from __future__ import annotations

from flask_smorest import Blueprint

from network.api.auth import api_authorize, api_principal, require_api_auth
from network.api.pagination import PAGE_HEADERS, Page
from network.workplan.forward import queries as fq
from network.workplan.forward.schemas import ForwardAgendaSchema, ForwardQuerySchema

blp = Blueprint("api_forward", __name__, url_prefix="/forward-agenda",
                description="The forward agenda: meetings, items, deadlines, votes")
SECURITY = [{"bearerAuth": []}]
PAGING = (
    "An object rather than an array, paged by meetings like every list: `page` and "
    "`page_size`, and the Link header (follow rel=\"next\" until there is none). `starts_on` "
    "and `ends_on` are the whole twelve months on every page; `meetings` are the page's "
    "meetings by start time. `events` (elections and votes opening or closing) are those "
    "from `covers_from` up to, not including, `covers_until`: page 1 covers from the start "
    "of the twelve months, a later page from its first meeting's start, and each page up to "
    "the start of the next page's first meeting (the last page to the end of the twelve "
    "months), so each event is on exactly one page. With no meetings (kind 'elections') "
    "page 1 holds every event; a page past the end has no meetings and no events.")


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
@blp.response(200, ForwardAgendaSchema, headers=PAGE_HEADERS)
@blp.doc(security=SECURITY, description=PAGING)
def forward_agenda(args):
    """Meetings in the next twelve months the caller may see, a page at a time in time order
    (follow the Link header's rel="next"), with their deadlines, accepted and planned items,
    and the elections and votes opening or closing in the part of the twelve months the page
    covers (from `covers_from` up to `covers_until`), so each is on exactly one page."""
    api_authorize("forward.view")
    filters = fq.Filters.chosen(args.get("kind"), args.get("workstream_id"),
                                args.get("office_id"))
    agenda = fq.forward_agenda_page(api_principal(), filters, args["page"], args["page_size"])
    page = Page(agenda.meetings, agenda.page.number, agenda.page.size,
                has_next=agenda.page.has_next)
    body = {"starts_on": agenda.starts_on, "ends_on": agenda.ends_on,
            "covers_from": agenda.covers_from, "covers_until": agenda.covers_until,
            "meetings": [_Row(row) for row in agenda.meetings], "events": agenda.events}
    return body, 200, page.headers()
