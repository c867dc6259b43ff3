"""Versions of the Constitution (parts, clauses and decision rules) and amendments to them.

A version's text and rules are never edited once it is in force: `_refuse_edits` below stops
any flush that would change them. An adopted amendment makes a new version that supersedes the
old one; only the old version's status moves on."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from network.db import Labelled, TimestampMixin, enum_column, utcnow
from network.extensions import db
from network.governance.constitution.decision_rules import DecisionRule, DecisionType, RuleSet


class VersionStatus(enum.StrEnum):
    """Where a version is in its life."""

    DRAFT = "draft"              # being assembled (the demo's first version, a factory's)
    IN_FORCE = "in_force"        # adopted; in force from its effective date
    SUPERSEDED = "superseded"    # replaced by a later version

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"draft": "Draft", "in_force": "In force",
                "superseded": "Superseded"}[self.value]


class ConstitutionVersion(db.Model):
    """One consolidated text of the Constitution, numbered 1, 2, ... with its decision rules."""

    __tablename__ = "constitution_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[VersionStatus] = mapped_column(enum_column(VersionStatus),
                                                  default=VersionStatus.DRAFT, index=True)
    rules: Mapped[dict] = mapped_column(JSON, default=dict)  # DecisionType value -> rule dict
    summary: Mapped[str] = mapped_column(Text, default="")  # what changed from the last one
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("constitution_version.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    motion_id: Mapped[int | None]  # the motion that adopted it (governance/motions)
    adopted_at: Mapped[datetime | None]
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    superseded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parts: Mapped[list[ConstitutionPart]] = relationship(
        back_populates="version", lazy="raise", order_by="ConstitutionPart.position",
        cascade="all, delete-orphan")

    @property
    def rule_set(self) -> RuleSet:
        """The decision rules this version carries."""
        return RuleSet({DecisionType(k): DecisionRule.from_dict(v)
                        for k, v in (self.rules or {}).items()})

    @property
    def label(self) -> str:
        """"Version 3", for headings and the audit log."""
        return f"Version {self.number}"

    def __str__(self) -> str:
        return self.label


class ConstitutionPart(db.Model):
    """A numbered part (Purpose, Membership, ...) of one version."""

    __tablename__ = "constitution_part"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("constitution_version.id"), index=True)
    key: Mapped[str] = mapped_column(String(60))  # the same part in every version
    number: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]

    version: Mapped[ConstitutionVersion] = relationship(back_populates="parts", lazy="raise")
    clauses: Mapped[list[ConstitutionClause]] = relationship(
        back_populates="part", lazy="raise", order_by="ConstitutionClause.position",
        cascade="all, delete-orphan")


class ConstitutionClause(db.Model):
    """A numbered clause of a part. Its `key` is the same clause in every version, whatever its
    number or part, so renumbered and moved clauses are recognised."""

    __tablename__ = "constitution_clause"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("constitution_version.id"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("constitution_part.id"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    number: Mapped[str] = mapped_column(String(20))
    heading: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)  # Markdown
    position: Mapped[int]

    part: Mapped[ConstitutionPart] = relationship(back_populates="clauses", lazy="raise")
    version: Mapped[ConstitutionVersion] = relationship(lazy="raise")


class AmendmentStatus(Labelled):
    """Where an amendment is on its way to the vote."""

    DRAFT = "draft"
    PROPOSED = "proposed"
    PUT = "put"              # put to a motion (governance/motions)
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return "Put to a motion" if self is AmendmentStatus.PUT else super().label


OPEN_AMENDMENT = (AmendmentStatus.DRAFT, AmendmentStatus.PROPOSED, AmendmentStatus.PUT)


class Amendment(TimestampMixin, db.Model):
    """A proposed change to the Constitution, drafted against a base version, as a list of
    clause-level changes. Drafted by the secretariat (no proposer office) or proposed by a
    member office with a seconder office."""

    __tablename__ = "constitution_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    explanation: Mapped[str] = mapped_column(Text, default="")
    base_version_id: Mapped[int] = mapped_column(ForeignKey("constitution_version.id"),
                                                 index=True)
    status: Mapped[AmendmentStatus] = mapped_column(enum_column(AmendmentStatus),
                                                    default=AmendmentStatus.DRAFT, index=True)
    drafted_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    proposer_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    seconder_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    seconded_at: Mapped[datetime | None]
    seconded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    proposed_at: Mapped[datetime | None]
    effective_from: Mapped[date | None]  # None: from the day it is adopted
    decided_at: Mapped[datetime | None]
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    motion_id: Mapped[int | None]
    adopted_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("constitution_version.id"))

    base_version: Mapped[ConstitutionVersion] = relationship(
        foreign_keys=[base_version_id], lazy="raise")
    adopted_version: Mapped[ConstitutionVersion | None] = relationship(
        foreign_keys=[adopted_version_id], lazy="raise")
    proposer_office = relationship("Office", foreign_keys=[proposer_office_id], lazy="raise")
    seconder_office = relationship("Office", foreign_keys=[seconder_office_id], lazy="raise")
    drafted_by = relationship("Person", foreign_keys=[drafted_by_id], lazy="raise")
    changes: Mapped[list[AmendmentChange]] = relationship(
        back_populates="amendment", lazy="raise", order_by="AmendmentChange.position",
        cascade="all, delete-orphan")

    @property
    def reference(self) -> str:
        """"Amendment A-7", as pages and conflict messages name it."""
        return f"Amendment A-{self.id}"

    @property
    def is_open(self) -> bool:
        """Not yet decided or withdrawn."""
        return self.status in OPEN_AMENDMENT

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class ChangeKind(Labelled):
    """What one change of an amendment does."""

    AMEND = "amend"          # new text (and heading) for a clause
    INSERT = "insert"        # a new clause
    DELETE = "delete"        # remove a clause
    MOVE = "move"            # a clause to another place (and number)
    RENUMBER = "renumber"    # a clause's number only
    RULE = "rule"            # a decision rule replaced

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"amend": "Amend the text", "insert": "Insert a clause",
                "delete": "Delete a clause", "move": "Move a clause",
                "renumber": "Renumber a clause",
                "rule": "Change a decision rule"}[self.value]


class AmendmentChange(db.Model):
    """One clause-level change, applied in `position` order to the base version."""

    __tablename__ = "constitution_amendment_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("constitution_amendment.id"),
                                              index=True)
    position: Mapped[int]
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind))
    clause_key: Mapped[str] = mapped_column(String(60), default="", index=True)
    part_key: Mapped[str] = mapped_column(String(60), default="")  # insert and move: where
    after_clause_key: Mapped[str] = mapped_column(String(60), default="")  # "": first in part
    number: Mapped[str] = mapped_column(String(20), default="")
    heading: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    decision_type: Mapped[str] = mapped_column(String(40), default="")
    rule: Mapped[dict | None] = mapped_column(JSON)

    amendment: Mapped[Amendment] = relationship(back_populates="changes", lazy="raise")


# What may still change on a version once it is in force: only its passing into history.
_MUTABLE_AFTER_ADOPTION = {"status", "superseded_at"}


def _version_of(session: Session, obj) -> ConstitutionVersion | None:
    if isinstance(obj, ConstitutionVersion):
        return obj
    version_id = obj.version_id
    return session.get(ConstitutionVersion, version_id) if version_id else None


@event.listens_for(Session, "before_flush")
def _refuse_edits(session: Session, flush_context, instances) -> None:
    """Versions in force or superseded are never rewritten (their text, rules, parts and
    clauses); a change would be a new version."""
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, ConstitutionVersion | ConstitutionPart | ConstitutionClause):
            continue
        version = _version_of(session, obj)
        if version is None:
            continue
        state = inspect(version)
        status = state.attrs.status.history.deleted or [version.status]
        if status[0] == VersionStatus.DRAFT:
            continue
        if obj in session.deleted:
            raise ValueError(f"{version.label} of the Constitution is adopted: it is never "
                             "deleted")
        changed = {a.key for a in inspect(obj).attrs if a.history.has_changes()}
        if obj is version:
            changed -= _MUTABLE_AFTER_ADOPTION
        if changed:
            raise ValueError(f"{version.label} of the Constitution is adopted: it is never "
                             f"edited ({', '.join(sorted(changed))})")
