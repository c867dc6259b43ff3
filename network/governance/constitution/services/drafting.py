"""Amendments drafted, changed clause by clause, proposed, seconded, rebased and withdrawn."""

from __future__ import annotations

import re
import secrets
from datetime import date
from fractions import Fraction

from network import audit
from network.db import utcnow
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.governance.constitution.decision_rules import (
    DecisionRule,
    DecisionType,
    Majority,
    MajorityBase,
    QuorumBasis,
    Recording,
)
from network.governance.constitution.document import (
    Document,
    apply_change,
    apply_changes,
    check_number,
)
from network.governance.constitution.models import (
    Amendment,
    AmendmentChange,
    AmendmentStatus,
    ChangeKind,
    ConstitutionVersion,
)
from network.governance.constitution.queries import (
    document_of_version,
    with_changes,
)
from network.governance.constitution.services.versions import (
    require_current_base,
    version_to_amend,
)
from network.governance.elections.models import Method
from network.inputs import MAX_INT, clean_text
from network.members.models import Office, OfficeStatus, Person, Role
from network.members.policy import require
from network.time import today

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


def _office(office_id, field: str, what: str) -> Office:
    known = isinstance(office_id, int) and not isinstance(office_id, bool) and (
        0 < office_id <= MAX_INT)  # past what the database holds: no such office
    office = db.session.get(Office, office_id) if known else None
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
        base_version_id=version_to_amend().id, drafted_by_id=actor.id,
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


_FRACTION = re.compile(r"^\s*(\d{1,3})\s*(?:/\s*(\d{1,3})\s*)?$")


def _choice(enum_cls, value, field: str, what: str):
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationFailed(f"Choose {what} from the list", field) from None


def rule_from_input(data: dict) -> DecisionRule:
    """A decision rule from what a person entered (the quorum as "1/2"), each part checked
    with a message naming it."""
    match = _FRACTION.match(data.get("quorum") or "") if isinstance(
        data.get("quorum"), str) else None
    if match is None or int(match.group(2) or 1) == 0:
        raise ValidationFailed("Enter the quorum as a fraction of the member offices, like "
                               "1/2", "quorum")
    casting = data.get("casting_vote_office_id")
    if casting in ("", None):
        casting = None
    elif isinstance(casting, str) and casting.isascii() and casting.isdigit() and (
            len(casting) <= 9):
        casting = int(casting)
    elif not isinstance(casting, int) or isinstance(casting, bool):
        raise ValidationFailed("Choose the office with the casting vote from the list",
                               "casting_vote")
    method = data.get("method") or None
    if method is not None:
        method = _choice(Method, method, "method", "how officers are elected").value
    return DecisionRule(
        quorum=Fraction(int(match.group(1)), int(match.group(2) or 1)),
        quorum_basis=_choice(QuorumBasis, data.get("quorum_basis"), "quorum_basis",
                             "the offices counted for the quorum"),
        majority=_choice(Majority, data.get("majority"), "majority", "the majority needed"),
        base=_choice(MajorityBase, data.get("base"), "base", "what the majority is of"),
        recording=_choice(Recording, data.get("recording") or "by_name", "recording",
                          "how votes in writing are recorded"),
        casting_vote_office_id=casting, method=method,
        term=_clean(data.get("term"), "term", "the term of office", 200, False))


def _rule_change(data: dict) -> tuple[str, dict]:
    decision_type = _choice(DecisionType, data.get("decision_type"), "decision_type",
                            "the type of decision")
    rule = data.get("rule")
    if not isinstance(rule, DecisionRule):
        rule = rule_from_input(rule if isinstance(rule, dict) else {})
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
    elif rule.method or rule.term:
        raise ValidationFailed("A method and term of office are for elections only: leave "
                               "them blank", "method")
    return decision_type.value, rule.to_dict()


def add_change(actor: Person, amendment: Amendment, kind: ChangeKind | str,
               data: dict) -> AmendmentChange:
    """Add one clause-level change to a draft; the whole amendment must still apply to its
    base version (clause numbers unique, every clause it names there)."""
    amendment = with_changes(amendment)
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
    amendment = with_changes(amendment)
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


def propose_amendment(actor: Person, amendment: Amendment) -> Amendment:
    """A draft becomes a proposal (its changes fixed); a member's waits for its seconder."""
    amendment = with_changes(amendment)
    require(actor, "amendment.propose", amendment)
    require_current_base(amendment)
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
    amendment = with_changes(amendment)
    require(actor, "amendment.rebase", amendment)
    current = version_to_amend()
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
