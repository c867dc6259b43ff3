"""Marshmallow schemas at the API boundary for actions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from network.api.pagination import PageArgsSchema
from network.workplan.actions.models import ActionStatus


class ActionSchema(Schema):
    """An action and where it stands."""

    id = fields.Int()
    description = fields.Str()
    owner_office_id = fields.Int(allow_none=True)
    owner_office = fields.Function(lambda a: a.owner_office.name if a.owner_office else None)
    owner_person = fields.Function(lambda a: a.owner_person.name if a.owner_person else None)
    due_on = fields.Date()
    status = fields.Function(lambda a: a.status.value)
    meeting_id = fields.Int(allow_none=True)
    item_id = fields.Int(allow_none=True)
    workstream_id = fields.Int(allow_none=True)


class ActionQuerySchema(PageArgsSchema):
    """Narrow the office's actions; a page at a time."""

    status = fields.Str(validate=validate.OneOf([s.value for s in ActionStatus]))
    overdue = fields.Bool(load_default=False)


class ActionUpdateSchema(Schema):
    """A dated note and/or a new status for one of the office's actions."""

    status = fields.Str(validate=validate.OneOf([s.value for s in ActionStatus]))
    note = fields.Str(load_default="", validate=validate.Length(max=5000))
