"""Versions of the Constitution for tests, written directly (no audit entry): a version in
force with the rules a test needs, on top of whatever version was in force before."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from network.db import utcnow
from network.extensions import db
from network.governance.constitution.decision_rules import DecisionRule, DecisionType
from network.governance.constitution.demo import demo_document
from network.governance.constitution.document import Document
from network.governance.constitution.models import (
    ConstitutionClause,
    ConstitutionPart,
    ConstitutionVersion,
    VersionStatus,
)


def version_in_force(rules: dict[DecisionType, DecisionRule] | None = None, *,
                     effective_from: date = date(2024, 6, 3),
                     document: Document | None = None) -> ConstitutionVersion:
    """A new version in force from `effective_from`, numbered after the last, with the demo
    Constitution's text and rules except the `rules` given (by decision type). The version in
    force before (if any) is marked superseded. Flushed, not committed."""
    document = document or demo_document()
    stored = dict(document.rules)
    for decision_type, rule in (rules or {}).items():
        stored[DecisionType(decision_type).value] = rule.to_dict()
    last = db.session.scalar(select(func.max(ConstitutionVersion.number))) or 0
    previous = db.session.scalar(select(ConstitutionVersion).where(
        ConstitutionVersion.status == VersionStatus.IN_FORCE))
    version = ConstitutionVersion(
        number=last + 1, title="Constitution of the UK Mayors Network",
        effective_from=effective_from, status=VersionStatus.IN_FORCE, rules=stored,
        summary="Made for a test.", adopted_at=utcnow(),
        supersedes_id=previous.id if previous else None)
    for p_at, part in enumerate(document.parts, start=1):
        row = ConstitutionPart(key=part.key, number=part.number, title=part.title,
                               position=p_at, version=version)
        for c_at, clause in enumerate(part.clauses, start=1):
            row.clauses.append(ConstitutionClause(key=clause.key, number=clause.number,
                                                  heading=clause.heading, text=clause.text,
                                                  position=c_at, version=version))
    if previous is not None:
        previous.status, previous.superseded_at = VersionStatus.SUPERSEDED, utcnow()
    db.session.add(version)
    db.session.flush()
    return version
