"""Changes to the Constitution: the first version established, versions made from adopted
amendments. Amendments themselves are drafted in amendments.py."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from network import audit
from network.db import utcnow
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.governance.constitution.decision_rules import DecisionRule, DecisionType
from network.governance.constitution.document import Document, check_number
from network.governance.constitution.models import (
    ConstitutionClause,
    ConstitutionPart,
    ConstitutionVersion,
    VersionStatus,
)
from network.members.models import Person
from network.members.policy import require


def check_rules(rules: dict) -> dict:
    """Rules keyed by DecisionType value as stored; every type needs a rule, each must apply
    (a quorum above nought and at most the whole membership)."""
    checked = {}
    for decision_type in DecisionType:
        data = rules.get(decision_type.value)
        if data is None:
            raise ValidationFailed(f"The Constitution needs a rule for "
                                   f"{decision_type.label.lower()}s", "rules")
        rule = data if isinstance(data, DecisionRule) else DecisionRule.from_dict(data)
        try:
            rule.check()
        except ValueError as exc:
            raise ValidationFailed(f"{decision_type.label}: {exc}", "quorum") from exc
        checked[decision_type.value] = rule.to_dict()
    return checked


def _check_document(doc: Document) -> None:
    if not doc.parts:
        raise ValidationFailed("The Constitution needs at least one part", "parts")
    keys: set[str] = set()
    for part, clause in doc.clauses():
        check_number(clause.number)
        if clause.key in keys:
            raise ValidationFailed(f"Two clauses share the key {clause.key}", "clause")
        keys.add(clause.key)
        if not clause.text.strip():
            raise ValidationFailed(f"Clause {clause.number} of part {part.number} has no "
                                   "text", "text")


def _build(doc: Document, *, number: int, title: str, effective_from: date, summary: str,
           rules: dict, **links) -> ConstitutionVersion:
    """A version (in force) holding the document, added to the session and flushed; `links`
    are its adopted_by_id, supersedes_id, decision_id and motion_id."""
    _check_document(doc)
    version = ConstitutionVersion(number=number, title=title, effective_from=effective_from,
                                  status=VersionStatus.IN_FORCE, rules=rules, summary=summary,
                                  adopted_at=utcnow(), **links)
    for p_at, part in enumerate(doc.parts, start=1):
        row = ConstitutionPart(key=part.key, number=part.number, title=part.title,
                               position=p_at, version=version)
        for c_at, clause in enumerate(part.clauses, start=1):
            row.clauses.append(ConstitutionClause(
                key=clause.key, number=clause.number, heading=clause.heading,
                text=clause.text, position=c_at, version=version))
    db.session.add(version)
    db.session.flush()
    return version


def establish_constitution(actor: Person, doc: Document, *, title: str,
                           effective_from: date) -> ConstitutionVersion:
    """Version 1: the Constitution the network was founded on (once; later versions come
    only from adopted amendments)."""
    require(actor, "constitution.establish")
    if db.session.scalar(select(func.count()).select_from(ConstitutionVersion)):
        raise Conflict("The Constitution already exists: change it by amendment")
    version = _build(doc, number=1, title=title, effective_from=effective_from,
                     summary="The Constitution as founded.", rules=check_rules(doc.rules),
                     adopted_by_id=actor.id)
    audit.record("constitution.established", actor=actor, obj=version,
                 object_type="constitution_version", label=version.label,
                 after={"number": 1, "effective_from": effective_from.isoformat(),
                        "rules": version.rules})
    return version
