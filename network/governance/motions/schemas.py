"""Marshmallow schemas at the API boundary for motions."""

from marshmallow import Schema, fields, validate

from network.api.pagination import PageArgsSchema
from network.governance.motions.arithmetic import Choice
from network.governance.motions.models import MotionStatus


class MotionQuerySchema(PageArgsSchema):
    """Which motions: a page, optionally of one status."""

    status = fields.Str(load_default=None, validate=validate.OneOf([s.value for s in MotionStatus]))


class MotionSchema(Schema):
    """A motion and where its vote is."""

    id = fields.Int()
    title = fields.Str()
    text = fields.Str()
    proposer_office = fields.Function(lambda m: m.proposer_office.slug)
    seconder_office = fields.Function(lambda m: m.seconder_office.slug)
    decision_type = fields.Function(lambda m: m.decision_type.value)
    method = fields.Function(lambda m: m.method.value)
    status = fields.Function(lambda m: m.status.value)
    item_id = fields.Int(allow_none=True)
    amendment_id = fields.Int(allow_none=True)
    opens_at = fields.DateTime(allow_none=True)
    closes_at = fields.DateTime(allow_none=True)
    declared_at = fields.DateTime(allow_none=True)
    decision = fields.Function(lambda m: m.decision.reference if m.decision else None)


class MotionResultSchema(Schema):
    """A declared result: the counts, the rule it was decided by and the arithmetic."""

    motion = fields.Nested(MotionSchema)
    result = fields.Dict(metadata={"description": "for, against, abstain, present, membership, "
                                                  "quorum and majority numbers, sentence"})
    rule = fields.Dict(metadata={"description": "The decision rule in force when it opened"})
    constitution_version_id = fields.Int(allow_none=True)


class VoteSchema(Schema):
    """The office's vote."""

    choice = fields.Str(required=True, validate=validate.OneOf(
        Choice.ALL, error="Must be one of: for, against, abstain"))


class MotionReceiptSchema(Schema):
    """What casting returns."""

    receipt = fields.Str()
