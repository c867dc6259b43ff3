"""Versions of the Constitution: the first established; a new one made when the motion an
amendment was put to carries (adopt_amendment), or the amendment rejected when it does not."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from network import audit
from network.db import utcnow
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.governance.constitution.decision_rules import (
    DecisionRule,
    DecisionType,
)
from network.governance.constitution.document import (
    Document,
    apply_changes,
    check_number,
    document_of,
)
from network.governance.constitution.models import (
    Amendment,
    AmendmentStatus,
    ConstitutionClause,
    ConstitutionPart,
    ConstitutionVersion,
    VersionStatus,
)
from network.governance.constitution.queries import (
    amendment_ready_to_put,
    version_in_force,
    with_changes,
)
from network.governance.decisions.models import Decision
from network.members.models import Person
from network.members.policy import require
from network.time import today


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


def version_to_amend() -> ConstitutionVersion:
    """The version in force today (what amendments are drafted against); Conflict if none."""
    version = version_in_force()
    if version is None:
        raise Conflict("No version of the Constitution is in force to amend")
    return version


def require_current_base(amendment: Amendment) -> ConstitutionVersion:
    """The version in force, which must be the amendment's base (else: rebase first)."""
    current = version_to_amend()
    if amendment.base_version_id != current.id:
        raise Conflict("The amendment was drafted against a version of the Constitution that "
                       "has since been superseded: rebase it on the version in force first")
    return current


def put_amendment(amendment: Amendment, *, motion_id: int, actor: Person | None) -> Amendment:
    """Mark a proposed amendment as put to a motion (governance/motions calls this when it
    makes the motion); refused with the reason `amendment_ready_to_put` gives."""
    amendment = with_changes(amendment)
    reason = amendment_ready_to_put(amendment)
    if reason:
        raise Conflict(reason)
    if not isinstance(motion_id, int) or isinstance(motion_id, bool) or motion_id <= 0:
        raise ValidationFailed("The motion is missing", "motion")
    amendment.status, amendment.motion_id = AmendmentStatus.PUT, motion_id
    db.session.flush()
    audit.record("amendment.put", actor=actor, obj=amendment, label=amendment.reference,
                 before={"status": "proposed"}, after={"status": "put", "motion_id": motion_id})
    return amendment


def _decided(amendment: Amendment, decision_id: int | None, motion_id: int) -> None:
    if amendment.status != AmendmentStatus.PUT:
        raise Conflict(f"{amendment.reference} has not been put to a motion, so it cannot be "
                       "decided")
    if amendment.motion_id is not None and motion_id != amendment.motion_id:
        raise Conflict(f"{amendment.reference} was put to another motion")
    if decision_id is not None and db.session.get(Decision, decision_id) is None:
        raise ValidationFailed("The decision is not in the register", "decision")


def adopt_amendment(amendment: Amendment, *, decision_id: int, motion_id: int,
                    actor: Person | None) -> ConstitutionVersion:
    """The motion that carried the amendment was decided: make the new consolidated version
    (in force from the amendment's date, or today), linked to the motion and the decision,
    and supersede the version it amends. Called by governance/motions only: adoption is
    through a motion, never a page of its own."""
    amendment = with_changes(amendment)
    _decided(amendment, decision_id, motion_id)
    base = require_current_base(amendment)
    base = db.session.scalar(select(ConstitutionVersion).where(
        ConstitutionVersion.id == base.id).options(
            selectinload(ConstitutionVersion.parts).selectinload(ConstitutionPart.clauses)))
    doc = apply_changes(document_of(base), amendment.changes)
    day = max(amendment.effective_from or today(), today(), base.effective_from)
    number = (db.session.scalar(select(func.max(ConstitutionVersion.number))) or 0) + 1
    version = _build(doc, number=number, title=base.title, effective_from=day,
                     summary=f"{amendment.reference}: {amendment.title}",
                     rules=check_rules(doc.rules), supersedes_id=base.id,
                     decision_id=decision_id, motion_id=motion_id,
                     adopted_by_id=getattr(actor, "id", None))
    base.status, base.superseded_at = VersionStatus.SUPERSEDED, utcnow()
    amendment.status, amendment.decided_at = AmendmentStatus.ADOPTED, utcnow()
    amendment.adopted_version_id, amendment.decision_id = version.id, decision_id
    amendment.motion_id = motion_id
    db.session.flush()
    audit.record("amendment.adopted", actor=actor, obj=amendment, label=amendment.reference,
                 before={"status": "put"}, after={"status": "adopted", "number": number,
                                                  "decision_id": decision_id,
                                                  "motion_id": motion_id})
    audit.record("constitution.version_adopted", actor=actor, obj=version,
                 object_type="constitution_version", label=version.label,
                 after={"number": number, "effective_from": day.isoformat(),
                        "amendment": amendment.id, "decision_id": decision_id,
                        "motion_id": motion_id, "rules": version.rules})
    audit.record("constitution.version_superseded", actor=actor, obj=base,
                 object_type="constitution_version", label=base.label,
                 before={"status": "in_force"}, after={"status": "superseded",
                                                       "by": number})
    return version


def reject_amendment(amendment: Amendment, *, decision_id: int | None, motion_id: int,
                     actor: Person | None) -> Amendment:
    """The motion on the amendment was not carried: the amendment is rejected (the
    Constitution is unchanged)."""
    amendment = with_changes(amendment)
    _decided(amendment, decision_id, motion_id)
    amendment.status, amendment.decided_at = AmendmentStatus.REJECTED, utcnow()
    amendment.decision_id, amendment.motion_id = decision_id, motion_id
    db.session.flush()
    audit.record("amendment.rejected", actor=actor, obj=amendment, label=amendment.reference,
                 before={"status": "put"}, after={"status": "rejected",
                                                  "decision_id": decision_id,
                                                  "motion_id": motion_id})
    return amendment
