"""The decision rules a version of the Constitution carries: plain, immutable values.

A version stores one `DecisionRule` per `DecisionType` (as JSON, through `to_dict` and
`from_dict`); motions are decided by the rule in force when their vote opened, meetings take
their quorum from it and elections their method and term. No database access here."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from fractions import Fraction


class DecisionType(enum.StrEnum):
    """The kinds of decision the Constitution gives rules for."""

    ORDINARY = "ordinary"
    AMENDMENT = "amendment"              # a change to the Constitution
    MEMBERSHIP = "membership"            # admission or suspension of a member office
    ELECTION = "election"                # election of officers

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"ordinary": "Ordinary decision", "amendment": "Constitutional amendment",
                "membership": "Admission or suspension of a member",
                "election": "Election of officers"}[self.value]


class QuorumBasis(enum.StrEnum):
    """Which offices count towards the quorum."""

    PRESENT = "present"    # offices present at the meeting
    VOTING = "voting"      # offices that cast a vote (For, Against or Abstain)

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"present": "offices present", "voting": "offices voting"}[self.value]


class Majority(enum.StrEnum):
    """The share of For votes needed."""

    SIMPLE = "simple"                  # more than half
    TWO_THIRDS = "two_thirds"          # at least two-thirds
    THREE_QUARTERS = "three_quarters"  # at least three-quarters
    UNANIMITY = "unanimity"            # all of the base

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"simple": "a simple majority", "two_thirds": "two-thirds",
                "three_quarters": "three-quarters", "unanimity": "unanimity"}[self.value]


class MajorityBase(enum.StrEnum):
    """What the majority is a share of. Abstentions are never votes cast."""

    VOTES_CAST = "votes_cast"          # For + Against
    PRESENT = "present"                # offices present (or, in writing, offices that voted)
    MEMBERSHIP = "membership"          # all member offices in good standing

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"votes_cast": "of votes cast", "present": "of offices present",
                "membership": "of all member offices"}[self.value]


class Recording(enum.StrEnum):
    """Whether written-procedure votes are published by office or kept secret."""

    BY_NAME = "by_name"
    SECRET = "secret"  # noqa: S105 (a ballot kind, not a password)


@dataclass(frozen=True)
class DecisionRule:
    """How one type of decision is made under a version of the Constitution.

    `quorum` is a fraction of member offices (e.g. Fraction(1, 2)); `casting_vote_office_id`
    names the office whose vote breaks a tie (None: a tie is not carried); `method` and
    `term` apply to elections (a counting Method value, and a term in words)."""

    quorum: Fraction
    quorum_basis: QuorumBasis
    majority: Majority
    base: MajorityBase
    recording: Recording = Recording.BY_NAME
    casting_vote_office_id: int | None = None
    method: str | None = None
    term: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready form (the quorum as "n/d")."""
        data = asdict(self)
        data["quorum"] = f"{self.quorum.numerator}/{self.quorum.denominator}"
        for key in ("quorum_basis", "majority", "base", "recording"):
            data[key] = data[key].value
        return data

    @classmethod
    def from_dict(cls, data: dict) -> DecisionRule:
        """Read the form `to_dict` writes; raises ValueError on anything else."""
        try:
            return cls(quorum=Fraction(str(data["quorum"])),
                       quorum_basis=QuorumBasis(data["quorum_basis"]),
                       majority=Majority(data["majority"]), base=MajorityBase(data["base"]),
                       recording=Recording(data.get("recording", "by_name")),
                       casting_vote_office_id=data.get("casting_vote_office_id"),
                       method=data.get("method"), term=data.get("term", ""))
        except (KeyError, TypeError, ZeroDivisionError) as exc:
            raise ValueError(f"Not a decision rule: {exc}") from exc

    def check(self) -> None:
        """Raise ValueError (its message for the user) unless the rule can be applied: a
        quorum above nought and no more than the whole membership."""
        if not isinstance(self.quorum, Fraction):
            raise ValueError("The quorum must be a fraction such as 1/2")
        if self.quorum <= 0:
            raise ValueError("The quorum must be more than nought")
        if self.quorum > 1:
            raise ValueError("The quorum cannot be more than the whole membership (at most 1/1)")
        if self.casting_vote_office_id is not None and (
                not isinstance(self.casting_vote_office_id, int)
                or isinstance(self.casting_vote_office_id, bool)
                or self.casting_vote_office_id <= 0):
            raise ValueError("Choose the office with the casting vote from the list")

    @property
    def quorum_words(self) -> str:
        """The quorum in words: "half of the member offices, counting offices voting"."""
        return (f"{fraction_words(self.quorum)} of the member offices, counting "
                f"{self.quorum_basis.label}")

    @property
    def majority_words(self) -> str:
        """The majority in words: "a simple majority of votes cast"."""
        if self.majority == Majority.SIMPLE:
            return f"more than half {self.base.label} (a simple majority)"
        if self.majority == Majority.UNANIMITY:
            return f"unanimity: every one {self.base.label}"
        return f"at least {self.majority.label} {self.base.label}"


_NAMED = {Fraction(1, 2): "half", Fraction(1, 3): "one-third", Fraction(2, 3): "two-thirds",
          Fraction(1, 4): "one-quarter", Fraction(3, 4): "three-quarters",
          Fraction(1, 1): "all"}


def fraction_words(value: Fraction) -> str:
    """A fraction in words where it has a common name ("two-thirds"), else "3/5"."""
    return _NAMED.get(value, f"{value.numerator}/{value.denominator}")


@dataclass(frozen=True)
class RuleSet:
    """Every decision type's rule in one version."""

    rules: dict[DecisionType, DecisionRule] = field(default_factory=dict)

    def for_type(self, decision_type: DecisionType) -> DecisionRule:
        """The rule for a decision type (KeyError when the version has none)."""
        return self.rules[decision_type]
