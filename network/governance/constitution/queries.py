"""Reads of the Constitution: the version in force on a day, its rules, versions with their
text, amendments and whether one is ready to be put to a motion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from flask import abort
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from network.errors import Conflict
from network.extensions import db
from network.governance.constitution.decision_rules import DecisionRule, DecisionType
from network.governance.constitution.models import (
    Amendment,
    AmendmentChange,
    AmendmentStatus,
    ChangeKind,
    ConstitutionPart,
    ConstitutionVersion,
    VersionStatus,
)
from network.members import policy
from network.time import local_date, today
from network.workplan.minutes.signals import quorum_rule_of_meeting

ADOPTED = (VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED)


def _with_text(query):
    return query.options(selectinload(ConstitutionVersion.parts)
                         .selectinload(ConstitutionPart.clauses))


def version_in_force(on: date | None = None, *, with_text: bool = False
                     ) -> ConstitutionVersion | None:
    """The version in force on a day (today by default): the adopted version with the latest
    effective date on or before it. On the day a version takes effect, that version."""
    on = on or today()
    query = (select(ConstitutionVersion)
             .where(ConstitutionVersion.status.in_(ADOPTED),
                    ConstitutionVersion.effective_from <= on)
             .order_by(ConstitutionVersion.effective_from.desc(),
                       ConstitutionVersion.number.desc()).limit(1))
    return db.session.scalar(_with_text(query) if with_text else query)


def rules_in_force(decision_type: DecisionType, at: datetime) -> DecisionRule:
    """The rule for a type of decision under the version in force at a moment (the moment a
    vote opened, a meeting began). Conflict when no version was in force or it has no rule."""
    day = local_date(at)
    version = version_in_force(day)
    if version is None:
        raise Conflict(f"No version of the Constitution was in force on {day:%-d %B %Y}, so "
                       "there is no rule for this decision")
    try:
        return version.rule_set.for_type(DecisionType(decision_type))
    except KeyError:
        raise Conflict(f"{version.label} of the Constitution has no rule for "
                       f"{DecisionType(decision_type).label.lower()}") from None


def document_of_version(version: ConstitutionVersion):
    """A version's text and rules as a Document (parts and clauses read in two queries)."""
    from network.governance.constitution.document import document_of

    if version is None:
        return None
    loaded = db.session.scalar(_with_text(select(ConstitutionVersion)
                                          .where(ConstitutionVersion.id == version.id)))
    return document_of(loaded)


def version_by_number(number: int, *, with_text: bool = True) -> ConstitutionVersion | None:
    """An adopted version by its number (drafts are not published)."""
    query = select(ConstitutionVersion).where(ConstitutionVersion.number == number,
                                              ConstitutionVersion.status.in_(ADOPTED))
    return db.session.scalar(_with_text(query) if with_text else query)


def load_version(number) -> ConstitutionVersion:
    """An adopted version with its parts and clauses, or 404."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        abort(404)
    if not 0 < number < 2**31:
        abort(404)
    version = version_by_number(number)
    if version is None:
        abort(404)
    return version


def versions() -> list[ConstitutionVersion]:
    """Every adopted version, newest first (a Constitution has tens, not thousands)."""
    return list(db.session.scalars(select(ConstitutionVersion)
                                   .where(ConstitutionVersion.status.in_(ADOPTED))
                                   .order_by(ConstitutionVersion.number.desc())))


def versions_by_id(ids) -> dict[int, ConstitutionVersion]:
    """Versions by id (for lists of amendments)."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {v.id: v for v in db.session.scalars(
        select(ConstitutionVersion).where(ConstitutionVersion.id.in_(ids)))}


def amendment_with_changes(amendment_id: int) -> Amendment | None:
    """An amendment with its changes, base version and offices loaded."""
    return db.session.scalar(select(Amendment).where(Amendment.id == amendment_id).options(
        selectinload(Amendment.changes), selectinload(Amendment.base_version),
        selectinload(Amendment.adopted_version),
        selectinload(Amendment.proposer_office), selectinload(Amendment.seconder_office),
        selectinload(Amendment.drafted_by)))


def amendments(statuses=None):
    """A select of amendments, newest first, with their offices loaded (for a paged list)."""
    query = select(Amendment).options(selectinload(Amendment.proposer_office),
                                      selectinload(Amendment.seconder_office))
    if statuses:
        query = query.where(Amendment.status.in_(statuses))
    return query.order_by(Amendment.id.desc())


def _targets(change: AmendmentChange) -> set[str]:
    if change.kind == ChangeKind.RULE:
        return {f"rule:{change.decision_type}"}
    if change.kind == ChangeKind.INSERT:
        return set()
    return {f"clause:{change.clause_key}"}


def conflicts(amendment: Amendment) -> list[tuple[Amendment, str]]:
    """Earlier open amendments that change a clause (or rule) this one changes, each with the
    target they share: the later amendment waits for the earlier to be decided."""
    mine = {t for c in amendment.changes for t in _targets(c)}
    if not mine:
        return []
    rows = db.session.execute(
        select(Amendment, AmendmentChange).join(AmendmentChange)
        .where(Amendment.id < amendment.id,
               Amendment.status.in_((AmendmentStatus.DRAFT, AmendmentStatus.PROPOSED,
                                     AmendmentStatus.PUT)))
        .order_by(Amendment.id, AmendmentChange.position)).all()
    found: dict[int, tuple[Amendment, str]] = {}
    for other, change in rows:
        shared = mine & _targets(change)
        if shared and other.id not in found:
            found[other.id] = (other, sorted(shared)[0])
    return list(found.values())


def with_changes(amendment: Amendment) -> Amendment:
    """The amendment with its changes and versions loaded (the same object, refreshed from
    the database if a commit expired it), however the caller loaded it."""
    return amendment_with_changes(amendment.id)


def amendment_ready_to_put(amendment: Amendment) -> str | None:
    """Why the amendment cannot be put to a motion now, or None when it can."""
    from network.governance.constitution.document import describe_target

    amendment = with_changes(amendment)
    if amendment.status != AmendmentStatus.PROPOSED:
        if amendment.status == AmendmentStatus.DRAFT:
            return "The amendment is still a draft: propose it first."
        return f"The amendment is {amendment.status.label.lower()}."
    current = version_in_force()
    if current is None or amendment.base_version_id != current.id:
        return ("The amendment was drafted against a version of the Constitution that has "
                "since been superseded: rebase it on the version in force first.")
    if not amendment.changes:
        return "The amendment has no changes yet."
    if amendment.proposer_office_id and not amendment.seconded_at:
        return "The seconder office has not yet seconded the amendment."
    clashes = conflicts(amendment)
    if clashes:
        other, target = clashes[0]
        where = describe_target(target, document_of_version(current))
        return (f"It changes {where}, which {other.reference} "
                f"(\u201c{other.title}\u201d) also changes: that amendment must be decided or "
                "withdrawn first.")
    return None


@quorum_rule_of_meeting.connect
def quorum_of_meeting(meeting) -> tuple[Fraction, str] | None:
    """A meeting's quorum: the ordinary-decision quorum of the version in force on its day."""
    version = version_in_force(local_date(meeting.starts_at))
    if version is None or DecisionType.ORDINARY.value not in (version.rules or {}):
        return None
    rule = version.rule_set.for_type(DecisionType.ORDINARY)
    return rule.quorum, f"{version.label.lower()} of the Constitution"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def rule_terms(rule: DecisionRule, offices: dict[int, str]) -> list[tuple[str, str]]:
    """A rule in words, term by term: [("Quorum", "Half of the member offices, ..."), ...];
    the one wording the page, the PDF and the Word document share."""
    from network.governance.elections.models import Method

    tie = (f"Decided by the casting vote of "
           f"{offices.get(rule.casting_vote_office_id, 'the office named')}"
           if rule.casting_vote_office_id else "Not carried (no casting vote)")
    terms = [("Quorum", _sentence(rule.quorum_words)),
             ("Majority needed", _sentence(rule.majority_words)),
             ("Abstentions", "Not counted as votes cast"), ("A tie", tie),
             ("Votes in writing", "Secret" if rule.recording.value == "secret"
              else "Published by office")]
    if rule.method:
        labels = {m.value: m.label for m in Method}
        terms.append(("Method of election", labels.get(rule.method, rule.method)))
    if rule.term:
        terms.append(("Term of office", rule.term))
    return terms


def rules_in_words(version: ConstitutionVersion) -> list[tuple[DecisionType, list]]:
    """A version's rules in the order of the decision types, each in words (rule_terms)."""
    rules = version.rule_set.rules
    offices = casting_vote_offices(version)
    return [(t, rule_terms(rules[t], offices)) for t in DecisionType if t in rules]


def casting_vote_offices(*found: ConstitutionVersion) -> dict[int, str]:
    """Names of the offices the versions' rules give a casting vote, in one query."""
    from network.members.models import Office

    ids = {r.casting_vote_office_id for v in found if v is not None
           for r in v.rule_set.rules.values() if r.casting_vote_office_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(Office.id, Office.name)
                                   .where(Office.id.in_(ids))).all())


@dataclass
class AmendmentPicture:
    """What the amendment page shows: its changes in words, the redline against the version
    in force (against its base when that has been superseded), conflicts and readiness."""

    current: ConstitutionVersion | None
    needs_rebase: bool
    described: list
    redline: object | None
    problem: str | None
    conflicts: list  # (the earlier amendment, what both change in words)
    not_ready: str | None


def amendment_picture(amendment: Amendment) -> AmendmentPicture:
    """Everything the amendment page needs, in a handful of queries."""
    from network.errors import ValidationFailed
    from network.governance.constitution.document import (
        apply_changes,
        describe_changes,
        describe_target,
    )
    from network.governance.constitution.redline import compare

    current = version_in_force()
    base_doc = document_of_version(amendment.base_version)
    needs_rebase = amendment.is_open and (
        current is None or current.id != amendment.base_version_id)
    # decided amendments and those awaiting a rebase are read against the text they amend
    shown_against = (document_of_version(current) if amendment.is_open and not needs_rebase
                     else base_doc)
    problem, red = None, None
    try:
        red = compare(shown_against, apply_changes(base_doc, amendment.changes))
    except ValidationFailed as exc:
        problem = exc.message
    clashes = [(other, describe_target(target, base_doc))
               for other, target in (conflicts(amendment) if amendment.is_open else [])]
    return AmendmentPicture(current, needs_rebase, describe_changes(base_doc, amendment.changes),
                            red, problem, clashes, amendment_ready_to_put(amendment))


def amendment_document(amendment: Amendment):
    """The text as the amendment's changes so far leave it (for choosing the next change);
    its base text when they no longer apply."""
    from network.errors import ValidationFailed
    from network.governance.constitution.document import apply_changes

    base = document_of_version(amendment.base_version)
    try:
        return apply_changes(base, amendment.changes)
    except ValidationFailed:
        return base


def version_adopted_by(decision_id: int) -> ConstitutionVersion | None:
    """The version of the Constitution a decision of the register adopted, if any."""
    return db.session.scalar(select(ConstitutionVersion)
                             .where(ConstitutionVersion.decision_id == decision_id).limit(1))


def version_list(principal) -> Select:
    """Adopted versions the principal may read (the `constitution.view` rule as SQL), newest
    first, without their text: a query for a caller to page."""
    return (select(ConstitutionVersion)
            .where(policy.clause(principal, "constitution.view"),
                   ConstitutionVersion.status.in_(ADOPTED))
            .order_by(ConstitutionVersion.number.desc()))
