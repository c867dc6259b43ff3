"""Marshmallow schemas at the API boundary for the forward agenda."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from network.api.pagination import PageArgsSchema
from network.workplan.forward.queries import ELECTIONS
from network.workplan.meetings.models import MeetingKind
from network.workplan.meetings.schemas import MeetingSchema


class ForwardQuerySchema(PageArgsSchema):
    """The forward agenda's filters, as on the page, and which page of its meetings."""

    kind = fields.Str(load_default=None, validate=validate.OneOf(
        [k.value for k in MeetingKind] + [ELECTIONS]), metadata={
        "description": "A meeting type, or 'elections' for elections and votes only"})
    workstream_id = fields.Int(load_default=None, strict=False,
                               validate=validate.Range(min=1, max=2**31 - 1))
    office_id = fields.Int(load_default=None, strict=False,
                           validate=validate.Range(min=1, max=2**31 - 1),
                           metadata={"description": "Meetings this office is invited to, and "
                                                    "the items it brings"})


class ForwardItemSchema(Schema):
    """An item accepted onto a meeting's agenda."""

    id = fields.Int()
    title = fields.Str()
    purpose = fields.Function(lambda i: i.purpose.value)
    office = fields.Function(lambda i: i.office.name if i.office else None)
    workstream = fields.Function(lambda i: i.workstream.name if i.workstream else None)
    is_confidential = fields.Bool()


class PlanEntrySchema(Schema):
    """An item the secretariat has planned for the meeting, not yet on its agenda."""

    id = fields.Int()
    title = fields.Str()
    purpose = fields.Function(lambda e: e.purpose.value)
    lead_office = fields.Function(lambda e: e.lead_office.name if e.lead_office else None)
    workstream = fields.Function(lambda e: e.workstream.name if e.workstream else None)


class ForwardMeetingSchema(MeetingSchema):
    """A meeting on the forward agenda with its deadlines, items and planned items."""

    workstream = fields.Function(lambda m: m.workstream.name if m.workstream else None)
    items = fields.List(fields.Nested(ForwardItemSchema))
    planned = fields.List(fields.Nested(PlanEntrySchema))


class ForwardEventSchema(Schema):
    """An election's nominations or ballot opening or closing."""

    at = fields.DateTime()
    kind = fields.Str()
    title = fields.Str()


class ForwardAgendaSchema(Schema):
    """One page of the next twelve months, paged by meetings (`page`, `page_size` and the Link
    header, as every API list): the page's meetings in time order, and the elections and votes
    from `covers_from` up to `covers_until`. Page 1 covers from the start of the twelve months,
    a later page from its first meeting's start, and each page up to the next page's first
    meeting's start (the last page to the end of the twelve months), so each event is on
    exactly one page; with no meetings (type 'elections') page 1 holds every event. A page past
    the end has no meetings and no events."""

    starts_on = fields.Date(metadata={"description": "The first day of the twelve months"})
    ends_on = fields.Date(metadata={"description": "The day after the last day covered"})
    covers_from = fields.DateTime(metadata={
        "description": "Where this page's part of the twelve months starts"})
    covers_until = fields.DateTime(metadata={
        "description": "Where it ends (not included): the next page's first meeting's start, "
                       "or the end of the twelve months"})
    meetings = fields.List(fields.Nested(ForwardMeetingSchema),
                           metadata={"description": "This page's meetings, by start time"})
    events = fields.List(fields.Nested(ForwardEventSchema), metadata={
        "description": "Elections and votes opening or closing in this page's part of the "
                       "twelve months"})
