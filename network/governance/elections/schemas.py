"""Marshmallow schemas at the API boundary for elections."""

from marshmallow import Schema, ValidationError, fields, validates


class CandidateSchema(Schema):
    """A standing candidate."""

    id = fields.Int()
    name = fields.Str(attribute="candidate_name")
    office = fields.Function(lambda n: n.candidate_office.slug)
    statement = fields.Str()


class ElectionSchema(Schema):
    """An election and where it is in its timetable."""

    id = fields.Int()
    position = fields.Str()
    seats = fields.Int()
    term = fields.Str()
    method = fields.Function(lambda e: e.method.value)
    status = fields.Function(lambda e: e.status.value)
    nominations_open_at = fields.DateTime()
    nominations_close_at = fields.DateTime()
    ballot_open_at = fields.DateTime()
    ballot_close_at = fields.DateTime()
    declared_at = fields.DateTime(allow_none=True)


class ResultSchema(Schema):
    """A declared result with every stage (votes as decimal strings)."""

    election = fields.Nested(ElectionSchema)
    result = fields.Dict()
    receipts = fields.List(fields.Str())


class BallotSchema(Schema):
    """A ranked ballot: candidate ids, first preference first."""

    ranking = fields.List(fields.Int(strict=True), required=True,
                          metadata={"description": "Candidate ids, most preferred first"})

    @validates("ranking")
    def _not_empty(self, value, **kwargs):
        if not value:
            raise ValidationError("Give at least one preference")
        if len(set(value)) != len(value):
            raise ValidationError("Each candidate can be ranked once")


class ReceiptSchema(Schema):
    """What casting returns."""

    receipt = fields.Str()
