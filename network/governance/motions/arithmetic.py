"""Deciding a motion from a decision rule and the votes: exact arithmetic, no database.

The rule (`constitution/decision_rules.DecisionRule`) gives the quorum as a fraction of member
offices counted on offices present or offices voting, the majority needed (simple: more than
half; two-thirds and three-quarters: at least; unanimity: all of the base) and its base (votes
cast = For + Against, abstentions are never votes cast; offices present, which in writing are
the offices that voted; or all member offices). Every comparison is made on integers and
`fractions.Fraction`, never floats, so 20 of 30 is two-thirds and 19 of 30 is not.

A tie (as many For as Against, at least one of each) is not carried, unless the rule names a
casting-vote office and that office voted For or Against: its vote then counts once more, on its
own side, as the casting vote (for a base of votes cast the casting vote is itself a vote cast).
No motion carries without at least one For vote, whatever the base."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from network.governance.constitution.decision_rules import (
    DecisionRule,
    Majority,
    MajorityBase,
    QuorumBasis,
)

SHARE = {Majority.SIMPLE: Fraction(1, 2), Majority.TWO_THIRDS: Fraction(2, 3),
         Majority.THREE_QUARTERS: Fraction(3, 4), Majority.UNANIMITY: Fraction(1)}


class Choice:
    """The three answers an office can give (stored as these strings)."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    ALL = ("for", "against", "abstain")
    LABELS = {"for": "For", "against": "Against", "abstain": "Abstain"}


@dataclass(frozen=True)
class Tally:
    """The votes of a motion: For, Against and Abstain counts."""

    votes_for: int
    against: int
    abstain: int

    @property
    def voted(self) -> int:
        """Offices that voted (abstaining is voting, but not a vote cast)."""
        return self.votes_for + self.against + self.abstain

    @property
    def cast(self) -> int:
        """Votes cast: For and Against only."""
        return self.votes_for + self.against


@dataclass(frozen=True)
class Outcome:
    """A motion's result and every number that led to it."""

    carried: bool
    quorate: bool
    quorum_count: int      # offices counted towards the quorum
    quorum_needed: int     # the least number that is quorate
    base_count: int        # the number the majority is a share of
    required: int          # the least For votes that carry
    votes_for: int         # For votes counted, with a casting vote if one was used
    tie: bool
    casting_vote: str | None  # "for" or "against" when a casting vote decided a tie
    sentence: str

    def to_dict(self) -> dict:
        """A JSON-ready form, kept with the declared result."""
        return {"carried": self.carried, "quorate": self.quorate,
                "quorum_count": self.quorum_count, "quorum_needed": self.quorum_needed,
                "base_count": self.base_count, "required": self.required,
                "votes_for": self.votes_for, "tie": self.tie, "casting_vote": self.casting_vote,
                "sentence": self.sentence}


def least_at_least(share: Fraction, whole: int) -> int:
    """The least whole number n with n >= share * whole."""
    exact = share * whole
    return exact.numerator // exact.denominator + (exact.denominator != 1)


def quorum_needed(rule: DecisionRule, membership: int) -> int:
    """The least number of offices that makes the vote quorate."""
    return least_at_least(rule.quorum, membership)


def required_for(majority: Majority, base: int) -> int:
    """The least For votes carrying with this majority of `base` (never fewer than one)."""
    # simple: more than half; the others: at least their share
    needed = (base // 2 + 1 if majority is Majority.SIMPLE
              else least_at_least(SHARE[majority], base))
    return max(needed, 1)


def _base_words(base: MajorityBase, in_writing: bool) -> str:
    if base is MajorityBase.VOTES_CAST:
        return "votes cast"
    if base is MajorityBase.PRESENT:
        return "offices voting" if in_writing else "offices present"
    return "member offices"


def _needed_words(majority: Majority) -> str:
    return {Majority.SIMPLE: "a simple majority (more than half) needed",
            Majority.TWO_THIRDS: "two-thirds needed",
            Majority.THREE_QUARTERS: "three-quarters needed",
            Majority.UNANIMITY: "unanimity needed"}[majority]


def decide(rule: DecisionRule, tally: Tally, *, present: int, membership: int,
           casting_vote: str | None = None, in_writing: bool = False) -> Outcome:
    """The outcome of a motion under `rule`.

    `present` is the offices present at the meeting (in writing: the offices that voted);
    `membership` the member offices in good standing when the vote opened; `casting_vote` the
    casting-vote office's own vote ("for", "against", "abstain" or None if it did not vote)."""
    if min(tally.votes_for, tally.against, tally.abstain, present, membership) < 0:
        raise ValueError("counts cannot be negative")
    if tally.voted > present or present > membership:
        raise ValueError("more offices voted than were present, or present than are members")
    counted = present if rule.quorum_basis is QuorumBasis.PRESENT else tally.voted
    needed_quorum = quorum_needed(rule, membership)
    quorate = counted >= needed_quorum
    tie = tally.votes_for == tally.against > 0
    decider = casting_vote if (tie and rule.casting_vote_office_id is not None
                               and casting_vote in (Choice.FOR, Choice.AGAINST)) else None
    votes_for = tally.votes_for + (decider == Choice.FOR)
    against = tally.against + (decider == Choice.AGAINST)
    base = {MajorityBase.VOTES_CAST: votes_for + against, MajorityBase.PRESENT: present,
            MajorityBase.MEMBERSHIP: membership}[rule.base]
    required = required_for(rule.majority, base)
    carried = quorate and votes_for >= required
    words = _base_words(rule.base, in_writing)
    counted_words = ("offices voting" if rule.quorum_basis is QuorumBasis.VOTING or in_writing
                     else "offices present")
    if not quorate:
        sentence = (f"{counted} {counted_words} of {membership} member offices: "
                    f"{needed_quorum} needed for a quorum: not quorate, not carried")
    else:
        abstained = f" ({tally.abstain} abstaining)" if tally.abstain else ""
        sentence = (f"{votes_for} For of {base} {words}{abstained}: "
                    f"{_needed_words(rule.majority)}, {required} required: "
                    f"{'carried' if carried else 'not carried'}")
        if decider:
            sentence = (f"{tally.votes_for} For and {tally.against} Against, a tie: the "
                        f"casting vote ({Choice.LABELS[decider]}) counts once more; {sentence}")
        elif tie:
            sentence = (f"{tally.votes_for} For and {tally.against} Against, a tie, and no "
                        f"casting vote: {sentence}")
    return Outcome(carried=carried, quorate=quorate, quorum_count=counted,
                   quorum_needed=needed_quorum, base_count=base, required=required,
                   votes_for=votes_for, tie=tie, casting_vote=decider, sentence=sentence)
