"""The policy table: printed whole, every action described, and every list clause agreeing
with its object check for every role over a network with private and open meetings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.db import utcnow
from network.extensions import db as _db
from network.governance.decisions.models import Decision
from network.governance.motions.models import Motion, MotionMethod, MotionStatus
from network.members import policy
from network.members.models import Role
from network.workplan.actions.models import Action, ActionStatus
from network.workplan.contacts.models import Contact
from network.workplan.correspondence.models import Correspondence
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import Meeting
from tests.factories import PersonFactory


def test_the_table_prints_whole_and_every_rule_says_who(app):
    lines = []
    for action in sorted(policy.RULES):
        rule = policy.RULES[action]
        lines.append(f"{action:28} {'list+object' if rule.clause else 'object':12} "
                     f"{rule.description}")
        assert rule.description, f"{action} has no description of who may"
    printed = "\n".join(lines)
    print(printed)  # the whole table, for `pytest -s`
    assert "meeting.view" in printed and "election.vote" in printed
    assert len(policy.RULES) >= 50


def test_an_unknown_action_fails_loudly(db):
    person = PersonFactory(role=Role.SECRETARIAT_ADMIN)
    with pytest.raises(KeyError, match="unknown action"):
        policy.can(person, "meeting.teleport")
    with pytest.raises(KeyError, match="unknown action"):
        policy.clause(person, "meeting.teleport")


@pytest.fixture
def network(db, cast):
    """The cast's two offices; a meeting for all, one for office A only, one for office B
    only (the observer invited to each), actions owned by each office at each, one with no
    meeting, and a decision at each."""
    a, b = cast["office_a"], cast["office_b"]
    people = {"officer": cast["officer"], "admin": cast["admin"], "observer": cast["observer"],
              "outsider": cast["outsider_observer"], "lead_a": cast["lead_a"],
              "staff_b": cast["staff_b"]}
    for number, (offices, title) in enumerate((([], "All"), ([a], "Only A"), ([b], "Only B"))):
        meeting, item = cast.held_meeting(offices=offices, title=title)
        for owner in (a, b):
            _db.session.add(Action(description=f"{title} for {owner.name}",
                                   owner_office_id=owner.id,
                                   due_on=date.today() + timedelta(days=7),
                                   status=ActionStatus.OPEN, meeting_id=meeting.id,
                                   item_id=item.id, created_by_id=people["officer"].id))
        _db.session.add(Decision(year=2026, sequence=number + 1, meeting_id=meeting.id,
                                 item_id=item.id, text=f"Agreed at {title}",
                                 decided_on=date.today(), recorded_by_id=people["officer"].id))
    # motions: drafts of other offices' (each hidden from one of the two members), one put
    # to a vote in writing, one open; and a decision by written procedure (no meeting)
    from tests.factories import OfficeFactory

    c = OfficeFactory()
    now = utcnow()
    for number, (proposer, seconder, status, put) in enumerate((
            (c, b, MotionStatus.DRAFT, None), (c, a, MotionStatus.DRAFT, None),
            (c, b, MotionStatus.DRAFT, now), (c, b, MotionStatus.OPEN, now))):
        _db.session.add(Motion(title=f"Motion {number}", text="That.",
                               proposer_office_id=proposer.id, seconder_office_id=seconder.id,
                               decision_type="ordinary", method=MotionMethod.WRITTEN,
                               status=status, put_at=put,
                               opens_at=now, closes_at=now + timedelta(days=1),
                               created_by_id=people["officer"].id))
    _db.session.add(Decision(year=2026, sequence=9, text="Agreed in writing",
                             decided_on=date.today(), recorded_by_id=people["officer"].id))
    _db.session.add(Action(description="No meeting", owner_office_id=a.id,
                           due_on=date.today() + timedelta(days=7), status=ActionStatus.OPEN,
                           created_by_id=people["officer"].id))
    # the secretariat's desk: a query from each office and one from government; a key
    # contact of each office and a government official
    from tests.factories import ContactFactory, CorrespondenceFactory

    for sender in (a, b, None):
        CorrespondenceFactory(actor=people["officer"], from_office=sender,
                              from_organisation="" if sender else "HM Treasury")
        ContactFactory(actor=people["officer"], office_id=sender.id if sender else None)
    _db.session.commit()
    return people


def _listed():
    """action -> (model, options loading what the object check reads)."""
    return {
        "meeting.view": (Meeting, [selectinload(Meeting.offices), selectinload(Meeting.observers)]),
        "action.view": (Action, [selectinload(Action.meeting).selectinload(Meeting.offices),
                                 selectinload(Action.meeting).selectinload(Meeting.observers)]),
        "item.view": (AgendaItem, [
            selectinload(AgendaItem.meeting).selectinload(Meeting.offices),
            selectinload(AgendaItem.meeting).selectinload(Meeting.observers)]),
        "decision.view": (Decision, [
            selectinload(Decision.meeting).selectinload(Meeting.offices),
            selectinload(Decision.meeting).selectinload(Meeting.observers)]),
        "correspondence.view": (Correspondence, []),
        "contact.view": (Contact, []),
        "motion.view": (Motion, []),
    }


LISTED = ("action.view", "contact.view", "correspondence.view", "decision.view",
          "item.view", "meeting.view", "motion.view")


def test_every_clause_beyond_the_role_alone_is_walked_here(app):
    beyond_roles = {a for a, r in policy.RULES.items()
                    if r.clause and not r.description.startswith("roles:")}
    assert beyond_roles == set(LISTED)


@pytest.mark.parametrize("action", LISTED)
@pytest.mark.parametrize("who", ["officer", "admin", "observer", "outsider", "lead_a", "staff_b"])
def test_the_list_clause_and_the_object_check_agree(network, action, who):
    model, options = _listed()[action]
    principal = network[who]
    everything = _db.session.scalars(select(model).options(*options)).all()
    by_check = {obj.id for obj in everything if policy.can(principal, action, obj)}
    by_clause = set(_db.session.scalars(
        select(model.id).where(policy.clause(principal, action))))
    assert by_clause == by_check
    if who in ("outsider", "lead_a", "staff_b"):
        assert by_check != {obj.id for obj in everything}, "the fixture hides something"
