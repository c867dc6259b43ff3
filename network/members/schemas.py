"""Marshmallow schemas at the API boundary for offices and people."""

from marshmallow import Schema, fields, validate

from network.api.pagination import PageArgsSchema
from network.members.models import OfficeStatus


class PersonSummarySchema(Schema):
    """A person as other members see them."""

    id = fields.Int(dump_only=True)
    name = fields.Str()
    job_title = fields.Str()
    role = fields.Function(lambda p: p.role.value)


class OfficeSchema(Schema):
    """A member office."""

    slug = fields.Str()
    name = fields.Str()
    kind = fields.Function(lambda o: o.kind.value)
    region = fields.Str()
    mayor_name = fields.Str()
    joined_on = fields.Date()
    left_on = fields.Date(allow_none=True)
    status = fields.Function(lambda o: o.status.value)
    voter = fields.Function(lambda o: o.voter.name if o.voter else None)
    substitute = fields.Function(lambda o: o.substitute.name if o.substitute else None)


class OfficeDetailSchema(OfficeSchema):
    """A member office with its active people."""

    people = fields.Function(
        lambda o: PersonSummarySchema(many=True).dump([p for p in o.people if p.is_active]))


class OfficeListArgs(PageArgsSchema):
    """Query string of GET /offices: a status, a page."""

    # marshmallow 4 ignores a validator's return value: it must raise, as OneOf does
    status = fields.Str(validate=validate.OneOf([s.value for s in OfficeStatus]),
                        metadata={"description": "active, suspended or left"})


class MeSchema(Schema):
    """Who the API caller is."""

    kind = fields.Str(metadata={"description": "token or person"})
    office = fields.Nested(OfficeSchema, allow_none=True)
    token_name = fields.Str(allow_none=True)
    person = fields.Nested(PersonSummarySchema, allow_none=True)
    role = fields.Str()
