"""The threshold arithmetic of motions against a slow, obviously correct reference that goes
through the offices one by one, over every combination of quorum basis, majority, base and
tie rule; and the exact boundaries (20 of 30 is two-thirds, 19 of 30 is not)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network.governance.constitution.decision_rules import (
    DecisionRule,
    Majority,
    MajorityBase,
    QuorumBasis,
)
from network.governance.motions.arithmetic import Tally, decide

ABSENT, SILENT = "absent", "present, not voting"  # an office's part besides its vote
PARTS = (ABSENT, SILENT, "for", "against", "abstain")


def reference(rule: DecisionRule, offices: list[str], casting: int | None) -> dict:
    """Count office by office; find each threshold by trying every whole number from 0 up."""
    membership = len(offices)
    present = voted = votes_for = against = 0
    for part in offices:
        if part != ABSENT:
            present += 1
        if part in ("for", "against", "abstain"):
            voted += 1
        if part == "for":
            votes_for += 1
        if part == "against":
            against += 1
    counted = present if rule.quorum_basis is QuorumBasis.PRESENT else voted
    quorum_needed = next(n for n in range(membership + 1)
                         if Fraction(n) >= rule.quorum * membership)
    if votes_for == against and votes_for > 0 and rule.casting_vote_office_id is not None \
            and casting is not None and offices[casting] in ("for", "against"):
        if offices[casting] == "for":
            votes_for += 1
        else:
            against += 1
    base = {MajorityBase.VOTES_CAST: votes_for + against, MajorityBase.PRESENT: present,
            MajorityBase.MEMBERSHIP: membership}[rule.base]

    def enough(n: int) -> bool:
        if n < 1:
            return False  # nothing carries without a For vote
        share = Fraction(n, base) if base else Fraction(0)
        return {Majority.SIMPLE: share > Fraction(1, 2),
                Majority.TWO_THIRDS: share >= Fraction(2, 3),
                Majority.THREE_QUARTERS: share >= Fraction(3, 4),
                Majority.UNANIMITY: n >= base}[rule.majority]

    required = next((n for n in range(base + 2) if enough(n)), base + 1)
    if base == 0:
        required = 1
    return {"quorate": counted >= quorum_needed, "quorum_needed": quorum_needed,
            "required": required, "base": base,
            "carried": counted >= quorum_needed and votes_for >= required}


rules = st.builds(
    DecisionRule,
    quorum=st.fractions(min_value=0, max_value=1, max_denominator=12),
    quorum_basis=st.sampled_from(QuorumBasis), majority=st.sampled_from(Majority),
    base=st.sampled_from(MajorityBase),
    casting_vote_office_id=st.one_of(st.none(), st.just(1)))


@settings(max_examples=600, deadline=None)
@given(rule=rules, offices=st.lists(st.sampled_from(PARTS), min_size=1, max_size=40),
       casting=st.integers(min_value=0, max_value=39))
def test_decide_agrees_with_counting_office_by_office(rule, offices, casting):
    casting = casting if casting < len(offices) else None
    expected = reference(rule, offices, casting)
    tally = Tally(offices.count("for"), offices.count("against"), offices.count("abstain"))
    present = sum(part != ABSENT for part in offices)
    casting_vote = offices[casting] if casting is not None and offices[casting] in (
        "for", "against", "abstain") else None
    outcome = decide(rule, tally, present=present, membership=len(offices),
                     casting_vote=casting_vote)
    assert outcome.quorate == expected["quorate"]
    assert outcome.quorum_needed == expected["quorum_needed"]
    assert outcome.base_count == expected["base"]
    assert outcome.required == expected["required"]
    assert outcome.carried == expected["carried"]
    assert ("not carried" in outcome.sentence) == (not outcome.carried)


def _rule(majority, base, quorum=Fraction(1, 2), basis=QuorumBasis.PRESENT, casting=None):
    return DecisionRule(quorum=quorum, quorum_basis=basis, majority=majority, base=base,
                        casting_vote_office_id=casting)


def test_twenty_of_thirty_is_two_thirds_and_nineteen_is_not():
    rule = _rule(Majority.TWO_THIRDS, MajorityBase.MEMBERSHIP)
    carried = decide(rule, Tally(20, 5, 3), present=28, membership=30)
    assert carried.carried and carried.required == 20
    assert carried.sentence == ("20 For of 30 member offices (3 abstaining): two-thirds needed, "
                                "20 required: carried")
    short = decide(rule, Tally(19, 6, 3), present=28, membership=30)
    assert not short.carried and short.required == 20
    assert short.sentence.endswith("two-thirds needed, 20 required: not carried")


@pytest.mark.parametrize(("majority", "base", "required"), [
    (Majority.SIMPLE, 30, 16), (Majority.SIMPLE, 31, 16), (Majority.TWO_THIRDS, 30, 20),
    (Majority.TWO_THIRDS, 31, 21), (Majority.THREE_QUARTERS, 30, 23),
    (Majority.THREE_QUARTERS, 28, 21), (Majority.UNANIMITY, 30, 30)])
def test_required_numbers_at_the_boundaries(majority, base, required):
    rule = _rule(majority, MajorityBase.MEMBERSHIP)
    at = decide(rule, Tally(required, 0, 0), present=base, membership=base)
    below = decide(rule, Tally(required - 1, 1, 0), present=base, membership=base)
    assert (at.required, at.carried, below.carried) == (required, True, False)


def test_abstentions_are_never_votes_cast():
    rule = _rule(Majority.SIMPLE, MajorityBase.VOTES_CAST)
    outcome = decide(rule, Tally(3, 2, 10), present=15, membership=20)
    assert outcome.carried and outcome.base_count == 5 and outcome.required == 3
    assert outcome.sentence == ("3 For of 5 votes cast (10 abstaining): a simple majority "
                                "(more than half) needed, 3 required: carried")


def test_a_tie_is_lost_unless_the_casting_vote_office_voted_for():
    plain = _rule(Majority.SIMPLE, MajorityBase.VOTES_CAST)
    casting = _rule(Majority.SIMPLE, MajorityBase.VOTES_CAST, casting=7)
    assert not decide(plain, Tally(4, 4, 0), present=8, membership=10,
                      casting_vote="for").carried
    won = decide(casting, Tally(4, 4, 0), present=8, membership=10, casting_vote="for")
    assert won.carried and won.casting_vote == "for" and "casting vote (For)" in won.sentence
    assert not decide(casting, Tally(4, 4, 0), present=8, membership=10,
                      casting_vote="abstain").carried
    assert not decide(casting, Tally(4, 4, 0), present=8, membership=10,
                      casting_vote=None).carried


def test_no_quorum_no_result():
    rule = _rule(Majority.SIMPLE, MajorityBase.VOTES_CAST, quorum=Fraction(1, 2),
                 basis=QuorumBasis.VOTING)
    outcome = decide(rule, Tally(7, 0, 0), present=7, membership=15, in_writing=True)
    assert not outcome.quorate and not outcome.carried
    assert outcome.sentence == ("7 offices voting of 15 member offices: 8 needed for a quorum: "
                                "not quorate, not carried")


def test_impossible_counts_are_refused():
    rule = _rule(Majority.SIMPLE, MajorityBase.VOTES_CAST)
    with pytest.raises(ValueError, match="more offices voted"):
        decide(rule, Tally(5, 5, 0), present=8, membership=10)
