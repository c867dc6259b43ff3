"""Changes to the Constitution: the first version established; amendments drafted,
proposed, seconded, rebased and withdrawn; adopted (a new version) or rejected when the
motion they were put to is decided (governance/motions calls adopt_amendment and
reject_amendment)."""

from __future__ import annotations

import re
import secrets
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from network import audit
from network.db import utcnow
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.governance.constitution.decision_rules import DecisionRule, DecisionType
from network.governance.constitution.document import (
    Document,
    apply_change,
    apply_changes,
    check_number,
    document_of,
)
from network.governance.constitution.models import (
    Amendment,
    AmendmentChange,
    AmendmentStatus,
    ChangeKind,
    ConstitutionClause,
    ConstitutionPart,
    ConstitutionVersion,
    VersionStatus,
)
from network.governance.constitution.queries import (
    amendment_ready_to_put,
    document_of_version,
    version_in_force,
)
from network.governance.decisions.models import Decision
from network.governance.elections.models import Method
from network.inputs import clean_text
from network.members.models import Office, OfficeStatus, Person, Role
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


# --- amendments ------------------------------------------------------------------------

MAX_CLAUSE = 20_000
AMENDMENT_FIELDS = ["title", "explanation", "seconder_office_id", "effective_from"]


def _clean(value, field: str, what: str, limit: int, required: bool = True) -> str:
    text = clean_text(value if isinstance(value, str) else "").strip()
    if required and not text:
        raise ValidationFailed(f"Enter {what}", field)
    if len(text) > limit:
        raise ValidationFailed(f"{what[:1].upper()}{what[1:].removeprefix('the ')} must be "
                               f"{limit:,} characters or fewer", field)
    return text


def _current() -> ConstitutionVersion:
    version = version_in_force()
    if version is None:
        raise Conflict("No version of the Constitution is in force to amend")
    return version


def _office(office_id, field: str, what: str) -> Office:
    office = db.session.get(Office, office_id) if isinstance(office_id, int) else None
    if office is None or office.status != OfficeStatus.ACTIVE:
        raise ValidationFailed(f"Choose the {what} from the list", field)
    return office


def _effective(value: date | None) -> date | None:
    if value is not None and value < today():
        raise ValidationFailed("The date it takes effect must be today or later; leave it "
                               "blank for the day it is adopted", "effective_from")
    return value


def _offices_of(actor: Person, seconder_office_id) -> tuple[int | None, int | None]:
    """Secretariat drafts have no proposer; a member lead proposes for their own office with
    a different office as seconder."""
    if actor.role in (Role.SECRETARIAT, Role.SECRETARIAT_ADMIN):
        return None, None
    if seconder_office_id in (None, ""):
        raise ValidationFailed("Choose the office that seconds the amendment", "seconder")
    seconder = _office(seconder_office_id, "seconder", "seconder office")
    if seconder.id == actor.office_id:
        raise ValidationFailed("The seconder must be a different office from the proposer",
                               "seconder")
    return actor.office_id, seconder.id


def draft_amendment(actor: Person, *, title: str, explanation: str = "",
                    seconder_office_id: int | None = None,
                    effective_from: date | None = None) -> Amendment:
    """A draft amendment against the version in force, by the secretariat or by a member
    lead for their office (with a seconder office)."""
    require(actor, "amendment.draft")
    proposer_id, seconder_id = _offices_of(actor, seconder_office_id)
    amendment = Amendment(
        title=_clean(title, "title", "the title", 200),
        explanation=_clean(explanation, "explanation", "the explanation", 10_000, False),
        base_version_id=_current().id, drafted_by_id=actor.id,
        proposer_office_id=proposer_id, seconder_office_id=seconder_id,
        effective_from=_effective(effective_from), changes=[])
    db.session.add(amendment)
    db.session.flush()
    audit.record("amendment.drafted", actor=actor, obj=amendment, label=amendment.reference,
                 after={"title": amendment.title, "base_version": amendment.base_version_id,
                        "proposer_office_id": proposer_id, "seconder_office_id": seconder_id})
    return amendment


def update_amendment(actor: Person, amendment: Amendment, *, title: str, explanation: str,
                     seconder_office_id: int | None = None,
                     effective_from: date | None = None) -> Amendment:
    """Change a draft's title, explanation, seconder or date of effect."""
    require(actor, "amendment.edit", amendment)
    before = audit.changes(amendment, AMENDMENT_FIELDS)
    amendment.title = _clean(title, "title", "the title", 200)
    amendment.explanation = _clean(explanation, "explanation", "the explanation", 10_000,
                                   False)
    if amendment.proposer_office_id is not None:
        if seconder_office_id in (None, ""):
            raise ValidationFailed("Choose the office that seconds the amendment", "seconder")
        seconder = _office(seconder_office_id, "seconder", "seconder office")
        if seconder.id == amendment.proposer_office_id:
            raise ValidationFailed("The seconder must be a different office from the "
                                   "proposer", "seconder")
        amendment.seconder_office_id = seconder.id
    amendment.effective_from = _effective(effective_from)
    after = audit.changes(amendment, AMENDMENT_FIELDS)
    db.session.flush()
    audit.record("amendment.updated", actor=actor, obj=amendment, label=amendment.reference,
                 before={k: v for k, v in before.items() if after[k] != v},
                 after={k: v for k, v in after.items() if before[k] != v})
    return amendment


def _key_for(heading: str) -> str:
    """A new clause's key: from its heading, unique in the text (and never reused)."""
    stem = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")[:40] or "clause"
    return f"{stem}-{secrets.token_hex(3)}"


def _rule_change(data: dict) -> tuple[str, dict]:
    try:
        decision_type = DecisionType(data.get("decision_type"))
    except ValueError:
        raise ValidationFailed("Choose the type of decision from the list",
                               "decision_type") from None
    rule = data.get("rule")
    if not isinstance(rule, DecisionRule):
        try:
            rule = DecisionRule.from_dict(rule if isinstance(rule, dict) else {})
        except ValueError as exc:
            raise ValidationFailed("Enter the rule in full", "quorum") from exc
    try:
        rule.check()
    except ValueError as exc:
        raise ValidationFailed(str(exc), "quorum") from exc
    if rule.casting_vote_office_id is not None:
        _office(rule.casting_vote_office_id, "casting_vote", "office with the casting vote")
    if decision_type == DecisionType.ELECTION:
        if rule.method not in {m.value for m in Method}:
            raise ValidationFailed("Choose how officers are elected", "method")
        if not rule.term.strip():
            raise ValidationFailed("Enter the term of office, for example Two years", "term")
    return decision_type.value, rule.to_dict()


def add_change(actor: Person, amendment: Amendment, kind: ChangeKind | str,
               data: dict) -> AmendmentChange:
    """Add one clause-level change to a draft; the whole amendment must still apply to its
    base version (clause numbers unique, every clause it names there)."""
    require(actor, "amendment.edit", amendment)
    try:
        kind = ChangeKind(kind)
    except ValueError:
        raise ValidationFailed("Choose the kind of change from the list", "kind") from None
    base = db.session.get(ConstitutionVersion, amendment.base_version_id)
    doc = apply_changes(document_of_version(base), amendment.changes)
    change = AmendmentChange(kind=kind, position=len(amendment.changes) + 1)
    if kind == ChangeKind.RULE:
        change.decision_type, change.rule = _rule_change(data)
        if doc.rules.get(change.decision_type) == change.rule:
            raise ValidationFailed("That is the rule already", "quorum")
    else:
        _clause_change(change, kind, data, doc)
    apply_changes(doc, [change])  # refuses what would not apply
    amendment.changes.append(change)
    db.session.flush()
    audit.record("amendment.change_added", actor=actor, obj=amendment,
                 label=amendment.reference,
                 after={"kind": kind.value, "clause_key": change.clause_key,
                        "number": change.number, "decision_type": change.decision_type})
    return change


def _clause_change(change: AmendmentChange, kind: ChangeKind, data: dict,
                   doc: Document) -> None:
    if kind != ChangeKind.INSERT:
        key = data.get("clause_key") or ""
        found = doc.clause(key) if isinstance(key, str) else None
        if found is None:
            raise ValidationFailed("Choose a clause from the list", "clause")
        change.clause_key = key
    if kind in (ChangeKind.AMEND, ChangeKind.INSERT):
        change.heading = _clean(data.get("heading"), "heading", "the heading", 200, False)
        change.text = _clean(data.get("text"), "text", "the text of the clause", MAX_CLAUSE)
    if kind == ChangeKind.AMEND:
        clause = found[1]
        if (change.heading, change.text) == (clause.heading, clause.text.strip()):
            raise ValidationFailed("The new text is the same as the clause's text", "text")
    if kind in (ChangeKind.INSERT, ChangeKind.MOVE):
        change.part_key = data.get("part_key") if isinstance(data.get("part_key"), str) else ""
        if doc.part(change.part_key) is None:
            raise ValidationFailed("Choose a part of the Constitution from the list", "part")
        after = data.get("after_clause_key") or ""
        change.after_clause_key = after if isinstance(after, str) else ""
    if kind in (ChangeKind.INSERT, ChangeKind.RENUMBER) or (
            kind == ChangeKind.MOVE and data.get("number")):
        change.number = check_number(data.get("number") if isinstance(data.get("number"), str)
                                     else "")
    if kind == ChangeKind.RENUMBER and change.number == found[1].number:
        raise ValidationFailed(f"Clause {change.number} already has that number", "number")
    if kind == ChangeKind.INSERT:
        change.clause_key = _key_for(change.heading or change.text[:40])


def remove_change(actor: Person, amendment: Amendment, change: AmendmentChange) -> None:
    """Take a change out of a draft (the later changes must still apply without it)."""
    require(actor, "amendment.edit", amendment)
    if change.amendment_id != amendment.id:
        raise ValidationFailed("That change is not part of this amendment", "change")
    rest = [c for c in amendment.changes if c.id != change.id]
    base = db.session.get(ConstitutionVersion, amendment.base_version_id)
    apply_changes(document_of_version(base), rest)
    amendment.changes.remove(change)
    for at, kept in enumerate(rest, start=1):
        kept.position = at
    db.session.flush()
    audit.record("amendment.change_removed", actor=actor, obj=amendment,
                 label=amendment.reference,
                 before={"kind": change.kind.value, "clause_key": change.clause_key})


def _must_be_current(amendment: Amendment) -> ConstitutionVersion:
    current = _current()
    if amendment.base_version_id != current.id:
        raise Conflict("The amendment was drafted against a version of the Constitution that "
                       "has since been superseded: rebase it on the version in force first")
    return current


def propose_amendment(actor: Person, amendment: Amendment) -> Amendment:
    """A draft becomes a proposal (its changes fixed); a member's waits for its seconder."""
    require(actor, "amendment.propose", amendment)
    _must_be_current(amendment)
    if not amendment.changes:
        raise ValidationFailed("Add at least one change before proposing the amendment",
                               "changes")
    if amendment.proposer_office_id is not None and not amendment.seconder_office_id:
        raise ValidationFailed("Choose the office that seconds the amendment", "seconder")
    amendment.status, amendment.proposed_at = AmendmentStatus.PROPOSED, utcnow()
    db.session.flush()
    audit.record("amendment.proposed", actor=actor, obj=amendment, label=amendment.reference,
                 before={"status": "draft"}, after={"status": "proposed"})
    return amendment


def second_amendment(actor: Person, amendment: Amendment) -> Amendment:
    """The seconder office's lead seconds a member's proposal."""
    require(actor, "amendment.second", amendment)
    amendment.seconded_at, amendment.seconded_by_id = utcnow(), actor.id
    db.session.flush()
    audit.record("amendment.seconded", actor=actor, obj=amendment, label=amendment.reference,
                 after={"seconder_office_id": amendment.seconder_office_id})
    return amendment


def rebase_amendment(actor: Person, amendment: Amendment) -> Amendment:
    """Move an amendment drafted against a superseded version onto the version in force; its
    changes must still apply there (a proposal goes back to draft, to be checked again)."""
    require(actor, "amendment.rebase", amendment)
    current = _current()
    if amendment.base_version_id == current.id:
        raise Conflict(f"The amendment is already based on {current.label.lower()}, the "
                       "version in force")
    doc = document_of_version(current)
    for at, change in enumerate(amendment.changes, start=1):
        try:
            doc = apply_change(doc, change)
        except ValidationFailed as exc:
            raise ValidationFailed(f"Change {at} ({change.kind.label.lower()}) no longer "
                                   f"applies to {current.label.lower()}: {exc.message}. "
                                   "Remove it, rebase, then add it again.", "changes") from exc
    apply_changes(doc, [])
    old = amendment.base_version_id
    amendment.base_version_id = current.id
    if amendment.status == AmendmentStatus.PROPOSED:
        amendment.status, amendment.seconded_at, amendment.seconded_by_id = (
            AmendmentStatus.DRAFT, None, None)
    db.session.flush()
    audit.record("amendment.rebased", actor=actor, obj=amendment, label=amendment.reference,
                 before={"base_version": old}, after={"base_version": current.id})
    return amendment


def withdraw_amendment(actor: Person, amendment: Amendment) -> Amendment:
    """Withdraw an amendment before it is put to a motion."""
    require(actor, "amendment.withdraw", amendment)
    before = amendment.status.value
    amendment.status, amendment.decided_at = AmendmentStatus.WITHDRAWN, utcnow()
    db.session.flush()
    audit.record("amendment.withdrawn", actor=actor, obj=amendment, label=amendment.reference,
                 before={"status": before}, after={"status": "withdrawn"})
    return amendment


def put_amendment(amendment: Amendment, *, motion_id: int, actor: Person | None) -> Amendment:
    """Mark a proposed amendment as put to a motion (governance/motions calls this when it
    makes the motion); refused with the reason `amendment_ready_to_put` gives."""
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
    _decided(amendment, decision_id, motion_id)
    base = _must_be_current(amendment)
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
    _decided(amendment, decision_id, motion_id)
    amendment.status, amendment.decided_at = AmendmentStatus.REJECTED, utcnow()
    amendment.decision_id, amendment.motion_id = decision_id, motion_id
    db.session.flush()
    audit.record("amendment.rejected", actor=actor, obj=amendment, label=amendment.reference,
                 before={"status": "put"}, after={"status": "rejected",
                                                  "decision_id": decision_id,
                                                  "motion_id": motion_id})
    return amendment
