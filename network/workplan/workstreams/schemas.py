"""Marshmallow schemas at the API boundary for workstreams."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from network.api.pagination import PageArgsSchema
from network.workplan.workstreams.models import MilestoneStatus, WorkstreamStatus


class OfficeRefSchema(Schema):
    """An office, by id and name."""

    id = fields.Int()
    name = fields.Str()


class StatusUpdateSchema(Schema):
    """One dated RAG status update: who, when, the status and why."""

    at = fields.DateTime()
    by = fields.Function(lambda u: u.person.name, metadata={"type": "string"})
    status = fields.Enum(WorkstreamStatus, by_value=True)
    previous_status = fields.Enum(WorkstreamStatus, by_value=True, allow_none=True)
    commentary = fields.Str()


class MilestoneSchema(Schema):
    """A milestone and where it stands."""

    id = fields.Int()
    title = fields.Str()
    due_on = fields.Date()
    status = fields.Enum(MilestoneStatus, by_value=True)
    evidence_url = fields.Str()
    completed_on = fields.Date(allow_none=True)


class RiskSchema(Schema):
    """An open risk: scores, mitigation, owner and review date."""

    id = fields.Int()
    description = fields.Str()
    likelihood = fields.Int()
    impact = fields.Int()
    score = fields.Int(metadata={"description": "likelihood × impact, 1 to 25"})
    mitigation = fields.Str()
    owner_office_id = fields.Int(allow_none=True)
    owner_person_id = fields.Int(allow_none=True)
    owner = fields.Str(attribute="owner_name")
    review_on = fields.Date()


class WorkstreamSchema(Schema):
    """A workstream in a list: its lead offices and RAG status."""

    id = fields.Int()
    name = fields.Str()
    slug = fields.Str()
    status = fields.Enum(WorkstreamStatus, by_value=True)
    lead_office = fields.Nested(OfficeRefSchema, allow_none=True)
    co_lead_offices = fields.List(fields.Nested(OfficeRefSchema))
    ends_on = fields.Date(allow_none=True)


class WorkstreamDetailSchema(WorkstreamSchema):
    """A workstream with its objectives, offices, milestones, open risks and status history
    (newest first)."""

    description = fields.Str()
    objectives = fields.Str()
    participating_offices = fields.List(fields.Nested(OfficeRefSchema))
    secretariat_lead = fields.Function(
        lambda w: w.secretariat_lead.name if w.secretariat_lead else None,
        metadata={"type": "string"}, allow_none=True)
    milestones = fields.List(fields.Nested(MilestoneSchema))
    open_risks = fields.List(fields.Nested(RiskSchema))
    status_history = fields.List(fields.Nested(StatusUpdateSchema), attribute="updates")


class WorkstreamQuerySchema(PageArgsSchema):
    """Narrow the list: by status, by lead office; a page at a time."""

    status = fields.Str(validate=validate.OneOf([s.value for s in WorkstreamStatus]))
    lead_office_id = fields.Int(validate=validate.Range(min=1, max=2**31 - 1))
