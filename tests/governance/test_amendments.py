"""Amendments to the Constitution: drafted by the secretariat or proposed by a member office
with a seconder office, changed clause by clause, checked before they are put, adopted as a
new version (linked to the motion and the decision) or rejected; refused when they should be."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.errors import Conflict, Forbidden, ValidationFailed
from network.governance.constitution import queries, services
from network.governance.constitution.decision_rules import DecisionType
from network.governance.constitution.models import (
    Amendment,
    AmendmentStatus,
    ConstitutionVersion,
    VersionStatus,
)
from network.governance.decisions.services import record_decision
from network.time import today
from tests.governance.constitution_factories import version_in_force


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _load(amendment):
    return queries.amendment_with_changes(amendment.id)


@pytest.fixture
def base(db):
    version = version_in_force(effective_from=date(2024, 6, 3))
    db.session.commit()
    return version


def _secretariat_amendment(cast, title="Written procedure", **changes):
    amendment = services.draft_amendment(cast["officer"], title=title)
    for kind, data in changes.get("changes", [("amend", {
            "clause_key": "written-procedure", "heading": "Written procedure",
            "text": "Between meetings the Secretariat may put a motion in writing, with a "
                    "voting window of at least three working days."})]):
        services.add_change(cast["officer"], amendment, kind, data)
    return amendment


def _decision(cast):
    _, item = cast.held_meeting()
    return record_decision(cast["officer"], item, "The amendment is carried.")


def test_a_secretariat_amendment_is_proposed_put_and_adopted_as_a_new_version(db, cast, base):
    amendment = _secretariat_amendment(cast, changes=[
        ("amend", {"clause_key": "written-procedure", "heading": "Written procedure",
                   "text": "Between meetings the Secretariat may put a motion in writing."}),
        ("insert", {"part_key": "decisions", "after_clause_key": "written-procedure",
                    "number": "4.3A", "heading": "Urgent decisions",
                    "text": "The Chair may call an urgent written vote."}),
        ("delete", {"clause_key": "subscriptions"}),
        ("move", {"clause_key": "register", "part_key": "officers",
                  "after_clause_key": "secretariat", "number": "5.4"}),
        ("rule", {"decision_type": "ordinary", "rule": {
            "quorum": "2/3", "quorum_basis": "present", "majority": "simple",
            "base": "votes_cast", "recording": "by_name"}}),
    ])
    assert queries.amendment_ready_to_put(_load(amendment)) == (
        "The amendment is still a draft: propose it first.")
    services.propose_amendment(cast["officer"], amendment)
    amendment = _load(amendment)
    assert queries.amendment_ready_to_put(amendment) is None
    services.put_amendment(amendment, motion_id=7, actor=cast["officer"])
    decision = _decision(cast)
    version = services.adopt_amendment(amendment, decision_id=decision.id, motion_id=7,
                                       actor=cast["admin"])
    db.session.commit()
    assert (version.number, version.decision_id, version.motion_id) == (2, decision.id, 7)
    assert version.effective_from == today() and version.supersedes_id == base.id
    db.session.refresh(base)
    assert base.status == VersionStatus.SUPERSEDED
    assert queries.version_in_force().id == version.id
    doc = queries.document_of_version(version)
    assert doc.clause("subscriptions") is None
    part, clause = doc.clause("register")
    assert (part.key, clause.number) == ("officers", "5.4")
    urgent = next(c for _, c in doc.clauses() if c.number == "4.3A")
    assert urgent.heading == "Urgent decisions"
    assert queries.rules_in_force(DecisionType.ORDINARY, decision.recorded_at).quorum == (
        Fraction(2, 3))
    assert _load(amendment).status == AmendmentStatus.ADOPTED
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"amendment.drafted", "amendment.change_added", "amendment.proposed",
            "amendment.put", "amendment.adopted", "constitution.version_adopted",
            "constitution.version_superseded"} <= actions


def test_adoption_takes_the_amendments_effective_date(db, cast, base):
    later = today() + timedelta(days=30)
    amendment = services.draft_amendment(cast["officer"], title="Later",
                                         effective_from=later)
    services.add_change(cast["officer"], amendment, "renumber",
                        {"clause_key": "name", "number": "1.9"})
    services.propose_amendment(cast["officer"], amendment)
    services.put_amendment(_load(amendment), motion_id=3, actor=None)
    version = services.adopt_amendment(_load(amendment), decision_id=_decision(cast).id,
                                       motion_id=3, actor=None)
    db.session.commit()
    assert version.effective_from == later
    assert queries.version_in_force().id == base.id  # still in force until that day
    assert queries.version_in_force(later).id == version.id


def test_a_rejected_amendment_leaves_the_constitution_alone(db, cast, base):
    amendment = _secretariat_amendment(cast)
    services.propose_amendment(cast["officer"], amendment)
    services.put_amendment(_load(amendment), motion_id=4, actor=None)
    services.reject_amendment(_load(amendment), decision_id=None, motion_id=4, actor=None)
    db.session.commit()
    assert _load(amendment).status == AmendmentStatus.REJECTED
    assert _count(db, ConstitutionVersion) == 1


def test_adoption_is_only_through_a_motion(db, cast, base):
    amendment = _secretariat_amendment(cast)
    services.propose_amendment(cast["officer"], amendment)
    with pytest.raises(Conflict, match="has not been put to a motion"):
        services.adopt_amendment(_load(amendment), decision_id=None, motion_id=1, actor=None)
    services.put_amendment(_load(amendment), motion_id=5, actor=None)
    with pytest.raises(Conflict, match="put to another motion"):
        services.adopt_amendment(_load(amendment), decision_id=None, motion_id=6, actor=None)


def test_a_member_proposal_needs_a_different_seconder_office_that_seconds(db, cast, base):
    lead_a, office_b = cast["lead_a"], cast["office_b"]
    with pytest.raises(ValidationFailed, match="Choose the office that seconds") as missing:
        services.draft_amendment(lead_a, title="No seconder")
    assert missing.value.field == "seconder"
    with pytest.raises(ValidationFailed, match="different office from the proposer"):
        services.draft_amendment(lead_a, title="Self", seconder_office_id=cast["office_a"].id)
    with pytest.raises(ValidationFailed, match="from the list"):
        services.draft_amendment(lead_a, title="Nowhere", seconder_office_id=2**40)
    with pytest.raises(Forbidden):
        services.draft_amendment(cast["staff_a"], title="Staff",
                                 seconder_office_id=office_b.id)
    amendment = services.draft_amendment(lead_a, title="Seconded",
                                         seconder_office_id=office_b.id)
    services.add_change(lead_a, amendment, "renumber", {"clause_key": "name", "number": "1.7"})
    services.propose_amendment(lead_a, amendment)
    assert queries.amendment_ready_to_put(_load(amendment)) == (
        "The seconder office has not yet seconded the amendment.")
    with pytest.raises(Forbidden):
        services.second_amendment(lead_a, _load(amendment))  # the proposer cannot second
    services.second_amendment(cast["lead_b"], _load(amendment))
    assert queries.amendment_ready_to_put(_load(amendment)) is None
    db.session.rollback()
    assert _count(db, Amendment) == 0  # refusals and the rest rolled back: nothing half-saved


def test_competing_amendments_to_one_clause_name_each_other(db, cast, base):
    first = _secretariat_amendment(cast, title="First")
    second = _secretariat_amendment(cast, title="Second")
    services.propose_amendment(cast["officer"], first)
    services.propose_amendment(cast["officer"], second)
    assert queries.amendment_ready_to_put(_load(first)) is None
    reason = queries.amendment_ready_to_put(_load(second))
    assert reason.startswith(f"It changes clause 4.3, which Amendment A-{first.id} "
                             "(\u201cFirst\u201d) also changes")
    with pytest.raises(Conflict, match=f"Amendment A-{first.id}"):
        services.put_amendment(_load(second), motion_id=9, actor=None)
    services.withdraw_amendment(cast["officer"], _load(first))
    assert queries.amendment_ready_to_put(_load(second)) is None


def test_an_amendment_against_a_superseded_version_must_be_rebased(db, cast, base):
    stale = _secretariat_amendment(cast, title="Stale", changes=[
        ("amend", {"clause_key": "name", "heading": "Name", "text": "The Network."})])
    services.propose_amendment(cast["officer"], stale)
    version_in_force(effective_from=date(2025, 1, 1))  # a newer version takes effect
    db.session.commit()
    stale = _load(stale)
    assert "rebase it on the version in force" in queries.amendment_ready_to_put(stale)
    with pytest.raises(Conflict, match="rebase it on the version in force first"):
        services.put_amendment(stale, motion_id=2, actor=None)
    services.rebase_amendment(cast["officer"], stale)
    stale = _load(stale)
    assert stale.base_version_id == queries.version_in_force().id
    assert stale.status == AmendmentStatus.DRAFT  # checked and proposed again
    with pytest.raises(Conflict, match="already based on"):
        services.rebase_amendment(cast["officer"], stale)


def test_a_rebase_refuses_changes_to_clauses_that_are_gone(db, cast, base):
    from network.governance.constitution.demo import demo_document
    from network.governance.constitution.document import Document

    amendment = _secretariat_amendment(cast, changes=[("delete", {"clause_key": "subscriptions"})])
    doc = demo_document()
    without = Document(tuple(p if p.key != "membership" else p.__class__(
        p.key, p.number, p.title, tuple(c for c in p.clauses if c.key != "subscriptions"))
        for p in doc.parts), doc.rules)
    version_in_force(effective_from=date(2025, 1, 1), document=without)
    db.session.commit()
    with pytest.raises(ValidationFailed, match="Change 1 \\(delete a clause\\) no longer "
                                               "applies to version 2"):
        services.rebase_amendment(cast["officer"], _load(amendment))


@pytest.mark.parametrize("kind, data, message", [
    ("amend", {"clause_key": "nope", "text": "x"}, "Choose a clause from the list"),
    ("amend", {"clause_key": "name", "heading": "Name", "text": (
        "The network is called the **UK Mayors Network** (\u201cthe Network\u201d).")},
     "same as the clause"),
    ("insert", {"part_key": "decisions", "number": "4.1", "text": "Clash"},
     "Two clauses would be numbered 4.1"),
    ("insert", {"part_key": "decisions", "number": "four", "text": "Bad"},
     "Enter a clause number like 4.2"),
    ("insert", {"part_key": "nowhere", "number": "9.1", "text": "x"}, "Choose a part"),
    ("insert", {"part_key": "decisions", "number": "4.9", "text": "  "}, "Enter the text"),
    ("move", {"clause_key": "name", "part_key": "purpose", "after_clause_key": "name"},
     "cannot be put after itself"),
    ("rule", {"decision_type": "ordinary", "rule": {
        "quorum": "3/2", "quorum_basis": "present", "majority": "simple",
        "base": "votes_cast"}}, "cannot be more than the whole membership"),
    ("rule", {"decision_type": "ordinary", "rule": {
        "quorum": "0/2", "quorum_basis": "present", "majority": "simple",
        "base": "votes_cast"}}, "more than nought"),
    ("rule", {"decision_type": "ordinary", "rule": {
        "quorum": "1e999999", "quorum_basis": "present", "majority": "simple",
        "base": "votes_cast"}}, "Enter the quorum as a fraction"),
    ("rule", {"decision_type": "ordinary", "rule": {
        "quorum": "1/2", "quorum_basis": "present", "majority": "most",
        "base": "votes_cast"}}, "Choose the majority needed"),
    ("rule", {"decision_type": "election", "rule": {
        "quorum": "1/2", "quorum_basis": "voting", "majority": "simple",
        "base": "votes_cast", "method": "", "term": "Two years"}},
     "Choose how officers are elected"),
    ("rule", {"decision_type": "tyranny", "rule": {}}, "Choose the type of decision"),
    ("explode", {}, "Choose the kind of change"),
])
def test_bad_changes_are_refused_with_a_message(db, cast, base, kind, data, message):
    amendment = services.draft_amendment(cast["officer"], title="Bad")
    db.session.commit()
    with pytest.raises(ValidationFailed, match=message):
        services.add_change(cast["officer"], _load(amendment), kind, data)
    db.session.rollback()
    assert _load(amendment).changes == []


def test_nul_bytes_never_reach_the_text(db, cast, base):
    amendment = services.draft_amendment(cast["officer"], title="Nul\x00 title")
    services.add_change(cast["officer"], amendment, "amend", {
        "clause_key": "name", "heading": "Na\x00me", "text": "The\x00 Network."})
    db.session.commit()
    amendment = _load(amendment)
    assert amendment.title == "Nul title"
    assert (amendment.changes[0].heading, amendment.changes[0].text) == ("Name", "The Network.")


def test_only_drafts_change_and_only_their_owners_change_them(db, cast, base):
    amendment = _secretariat_amendment(cast)
    with pytest.raises(Forbidden):
        services.add_change(cast["lead_a"], _load(amendment), "delete",
                            {"clause_key": "name"})
    services.propose_amendment(cast["officer"], amendment)
    with pytest.raises(Forbidden):
        services.add_change(cast["officer"], _load(amendment), "delete",
                            {"clause_key": "name"})
