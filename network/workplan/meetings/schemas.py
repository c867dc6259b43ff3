"""Marshmallow schemas at the API boundary for meetings and agenda items."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from network.workplan.items.models import ItemPurpose


class AgendaRowSchema(Schema):
    """One line of a published agenda."""

    number = fields.Int()
    starts_at = fields.DateTime()
    id = fields.Function(lambda row: row.item.id)
    title = fields.Function(lambda row: row.item.title)
    purpose = fields.Function(lambda row: row.item.purpose.value)
    presenter = fields.Function(lambda row: row.item.presenter)
    is_confidential = fields.Function(lambda row: row.item.is_confidential)
    papers = fields.Function(lambda row: len(row.item.papers))


class MeetingSchema(Schema):
    """A meeting the caller is invited to."""

    id = fields.Int()
    title = fields.Str()
    kind = fields.Function(lambda m: m.kind.value)
    status = fields.Function(lambda m: m.status.value)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    venue = fields.Str()
    room = fields.Str()
    online_link = fields.Str()
    submission_deadline_on = fields.Date()
    papers_due_on = fields.Date()


class MeetingDetailSchema(MeetingSchema):
    """A meeting with its agenda as the caller may see it."""

    agenda = fields.List(fields.Nested(AgendaRowSchema))


class ItemSubmissionSchema(Schema):
    """An item an office submits for a meeting."""

    title = fields.Str(required=True, validate=validate.Length(min=1, max=300))
    purpose = fields.Str(required=True, validate=validate.OneOf([p.value for p in ItemPurpose]))
    summary = fields.Str(required=True, validate=validate.Length(min=1, max=10_000))
    minutes_requested = fields.Int(required=True, strict=True,
                                   validate=validate.Range(min=1, max=240))
    presenter = fields.Str(load_default="", validate=validate.Length(max=200))
    is_confidential = fields.Bool(load_default=False)


class ItemSchema(Schema):
    """A submitted item and where it stands."""

    id = fields.Int()
    meeting_id = fields.Int()
    title = fields.Str()
    purpose = fields.Function(lambda i: i.purpose.value)
    status = fields.Function(lambda i: i.status.value)
    summary = fields.Str()
    minutes_requested = fields.Int()
    decline_reason = fields.Str()
