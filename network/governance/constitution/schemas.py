"""Marshmallow schemas at the API boundary for the Constitution: versions with their parts,
clauses and decision rules, and the redline between two versions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from network.governance.constitution.decision_rules import DecisionRule

MAX_NUMBER = 2**31 - 1


class RuleSchema(Schema):
    """One decision type's rule (the quorum as "n/d" of member offices)."""

    decision_type = fields.Str()
    quorum = fields.Str(metadata={"description": "A fraction of the member offices, e.g. 1/2"})
    quorum_basis = fields.Str(metadata={"description": "present or voting"})
    majority = fields.Str(metadata={"description": "simple, two_thirds, three_quarters or "
                                                   "unanimity"})
    base = fields.Str(metadata={"description": "votes_cast, present or membership; "
                                               "abstentions are never votes cast"})
    recording = fields.Str(metadata={"description": "by_name or secret"})
    casting_vote_office_id = fields.Int(allow_none=True)
    method = fields.Str(allow_none=True)
    term = fields.Str()


def _rules(version) -> list[dict]:
    return [{"decision_type": key, **DecisionRule.from_dict(value).to_dict()}
            for key, value in sorted((version.rules or {}).items())]


class ClauseSchema(Schema):
    """A clause: its stable key (the same clause in every version), number and text."""

    key = fields.Str()
    number = fields.Str()
    heading = fields.Str()
    text = fields.Str(metadata={"description": "Markdown"})


class PartSchema(Schema):
    """A part and its clauses."""

    key = fields.Str()
    number = fields.Str()
    title = fields.Str()
    clauses = fields.List(fields.Nested(ClauseSchema))


class VersionSummarySchema(Schema):
    """A version without its text."""

    number = fields.Int()
    title = fields.Str()
    effective_from = fields.Date()
    status = fields.Function(lambda v: v.status.value)
    summary = fields.Str()
    decision_id = fields.Int(allow_none=True)
    motion_id = fields.Int(allow_none=True)


class VersionSchema(VersionSummarySchema):
    """A version with its parts, clauses and decision rules."""

    parts = fields.List(fields.Nested(PartSchema))
    rules = fields.Function(_rules, metadata={"description": "One rule per decision type"})


class AsAtQuerySchema(Schema):
    """The day to read the Constitution on."""

    date = fields.Date(required=True, metadata={"description": "YYYY-MM-DD"})


class RedlineQuerySchema(Schema):
    """The two versions to compare."""

    old = fields.Int(required=True, strict=False, validate=validate.Range(min=1, max=MAX_NUMBER))
    new = fields.Int(required=True, strict=False, validate=validate.Range(min=1, max=MAX_NUMBER))


class ClauseLineSchema(Schema):
    """What happened to one clause, with its text marked up (<ins>/<del>, escaped)."""

    key = fields.Str()
    number = fields.Str()
    old_number = fields.Str(allow_none=True)
    state = fields.Str(metadata={"description": "unchanged, amended, inserted or deleted"})
    moved_from = fields.Str(allow_none=True)
    renumbered = fields.Bool(attribute="is_renumbered")
    heading_html = fields.Function(lambda c: str(c.heading))
    text_html = fields.Function(lambda c: str(c.text))


class PartLineSchema(Schema):
    """One part in the comparison."""

    key = fields.Str()
    number = fields.Str()
    state = fields.Str()
    title_html = fields.Function(lambda p: str(p.title))
    clauses = fields.List(fields.Nested(ClauseLineSchema))


class RuleLineSchema(Schema):
    """A decision type whose rule changed."""

    decision_type = fields.Function(lambda r: r.decision_type.value)
    old = fields.Function(lambda r: r.old.to_dict() if r.old else None)
    new = fields.Function(lambda r: r.new.to_dict() if r.new else None)


class RedlineSchema(Schema):
    """The redline from the older version to the newer."""

    old = fields.Int()
    new = fields.Int()
    counts = fields.Dict(keys=fields.Str(), values=fields.Int())
    parts = fields.List(fields.Nested(PartLineSchema))
    rules = fields.List(fields.Nested(RuleLineSchema))
