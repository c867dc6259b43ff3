"""Marshmallow schemas at the API boundary for the policy tracker."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from network.api.pagination import MAX_PAGE_SIZE, PageArgsSchema
from network.workplan.tracker.models import PolicyKind, PolicyStatus


class WorkstreamRefSchema(Schema):
    """A workstream an entry is relevant to."""

    id = fields.Int()
    name = fields.Str()


class PolicyEntrySchema(Schema):
    """A national policy development as the tracker holds it."""

    id = fields.Int()
    title = fields.Str()
    source_url = fields.Str(metadata={"description": "The announcement (https)"})
    published_on = fields.Date(metadata={"description": "When it was published or announced"})
    summary = fields.Str()
    kind = fields.Function(lambda e: e.kind.value, metadata={
        "description": "opportunity or risk", "enum": [k.value for k in PolicyKind]})
    suggested_action = fields.Str()
    owner = fields.Function(lambda e: e.owner.name, metadata={
        "description": "The secretariat person who follows it up"})
    status = fields.Function(lambda e: e.status.value, metadata={
        "enum": [s.value for s in PolicyStatus]})
    workstreams = fields.List(fields.Nested(WorkstreamRefSchema))
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class PolicyQuerySchema(PageArgsSchema):
    """Narrow and page the tracker."""

    status = fields.Str(validate=validate.OneOf([s.value for s in PolicyStatus]))
    kind = fields.Str(validate=validate.OneOf([k.value for k in PolicyKind]))
    workstream = fields.Int(strict=False, validate=validate.Range(min=1, max=2**31 - 1))
    per_page = fields.Int(validate=validate.Range(min=1, max=MAX_PAGE_SIZE), metadata={
        "deprecated": True, "description": "The former name of page_size, still honoured "
                                           "when page_size is not given"})
