"""The Constitution's versions: which is in force on a day, the rules each carries, the demo's
founding text, and adopted versions never rewritten."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pytest
from sqlalchemy import select

from network.errors import Conflict, ValidationFailed
from network.governance.constitution import queries
from network.governance.constitution.decision_rules import (
    DecisionRule,
    DecisionType,
    Majority,
    MajorityBase,
    QuorumBasis,
)
from network.governance.constitution.demo import demo_document
from network.governance.constitution.models import ConstitutionClause, VersionStatus
from network.governance.constitution.services import check_rules, establish_constitution
from tests.factories import LONDON
from tests.governance.constitution_factories import version_in_force


def test_as_at_a_date_gives_the_version_that_took_effect_that_day(db):
    first = version_in_force(effective_from=date(2024, 6, 3))
    second = version_in_force(effective_from=date(2026, 3, 1))
    db.session.commit()
    assert queries.version_in_force(date(2024, 6, 2)) is None
    assert queries.version_in_force(date(2024, 6, 3)).id == first.id
    assert queries.version_in_force(date(2026, 2, 28)).id == first.id
    assert queries.version_in_force(date(2026, 3, 1)).id == second.id  # its first day
    assert first.status == VersionStatus.SUPERSEDED and second.status == VersionStatus.IN_FORCE


def test_rules_in_force_at_a_moment_follow_the_london_day(db):
    two_thirds = DecisionRule(Fraction(2, 3), QuorumBasis.VOTING, Majority.TWO_THIRDS,
                              MajorityBase.MEMBERSHIP)
    version_in_force(effective_from=date(2024, 6, 3))
    version_in_force({DecisionType.ORDINARY: two_thirds}, effective_from=date(2026, 7, 1))
    db.session.commit()
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time)
    late = datetime(2026, 6, 30, 23, 30, tzinfo=LONDON).astimezone(LONDON)
    assert queries.rules_in_force(DecisionType.ORDINARY, late).quorum == Fraction(1, 2)
    from datetime import UTC
    assert queries.rules_in_force(DecisionType.ORDINARY,
                                  datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == two_thirds
    with pytest.raises(Conflict, match="No version of the Constitution was in force"):
        queries.rules_in_force(DecisionType.ORDINARY, datetime(2020, 1, 1, tzinfo=UTC))


def test_the_demo_rules_are_those_of_the_issue():
    rules = demo_document().rules
    ordinary = DecisionRule.from_dict(rules["ordinary"])
    assert (ordinary.quorum, ordinary.majority, ordinary.base) == (
        Fraction(1, 2), Majority.SIMPLE, MajorityBase.VOTES_CAST)
    amendment = DecisionRule.from_dict(rules["amendment"])
    assert (amendment.majority, amendment.base) == (Majority.TWO_THIRDS,
                                                    MajorityBase.MEMBERSHIP)
    election = DecisionRule.from_dict(rules["election"])
    assert (election.method, election.term) == ("irv", "Two years")
    parts = [p.title for p in demo_document().parts]
    assert parts == ["Name and purpose", "Membership", "Meetings", "Decisions", "Officers",
                     "Elections", "Amendments"]


@pytest.mark.parametrize("quorum, message", [
    ("3/2", "cannot be more than the whole membership"), ("0/1", "more than nought"),
    ("-1/2", "more than nought")])
def test_a_rule_whose_quorum_is_not_a_share_of_the_membership_is_refused(quorum, message):
    rules = dict(demo_document().rules)
    rules["ordinary"] = {**rules["ordinary"], "quorum": quorum}
    with pytest.raises(ValidationFailed, match=message):
        check_rules(rules)


def test_a_version_in_force_is_never_edited(db):
    version = version_in_force()
    db.session.commit()
    clause = db.session.scalar(select(ConstitutionClause).where(
        ConstitutionClause.version_id == version.id).limit(1))
    clause.text = "Rewritten"
    with pytest.raises(ValueError, match="never edited"):
        db.session.flush()
    db.session.rollback()
    version.rules = {}
    with pytest.raises(ValueError, match="never edited"):
        db.session.flush()


def test_the_constitution_is_established_once(db, cast):
    admin = cast["admin"]
    version = establish_constitution(admin, demo_document(), title="Constitution",
                                     effective_from=date(2024, 6, 3))
    assert version.number == 1 and queries.version_in_force(date(2025, 1, 1)).id == version.id
    with pytest.raises(Conflict, match="change it by amendment"):
        establish_constitution(admin, demo_document(), title="Again",
                               effective_from=date(2025, 1, 1))


def _election_data(**extra) -> dict:
    from datetime import timedelta

    from network.db import utcnow
    from network.governance.elections.models import Method

    start = utcnow() + timedelta(days=1)
    return {"position": "Chair", "seats": 1, "term": "", "method": Method.IRV,
            "statement_word_limit": 300, "term_limit": None, "scrutineer_office_id": None,
            "nominations_open_at": start, "nominations_close_at": start + timedelta(days=14),
            "ballot_open_at": start + timedelta(days=16),
            "ballot_close_at": start + timedelta(days=23), **extra}


def test_elections_take_their_method_and_term_from_the_constitution(db, cast):
    from network.governance.elections.models import Method
    from network.governance.elections.services import create_election

    version_in_force()  # elections of officers: alternative vote, two years
    db.session.commit()
    admin = cast["admin"]
    with pytest.raises(ValidationFailed, match="elects officers by alternative vote") as bad:
        create_election(admin, _election_data(method=Method.FPTP))
    assert bad.value.field == "method"
    with pytest.raises(ValidationFailed, match="sets the term of office: Two years"):
        create_election(admin, _election_data(term="Four years"))
    election = create_election(admin, _election_data())
    assert election.term == "Two years"
    dated = create_election(admin, _election_data(term="Two years from May 2027"))
    assert dated.term == "Two years from May 2027"
    seats = create_election(admin, _election_data(seats=3, method=Method.STV))
    assert seats.method == Method.STV  # the alternative vote's form for several seats
