"""The demo network's Constitution: version 1, as founded, with its decision rules."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from sqlalchemy import select

from network.extensions import db
from network.governance.constitution import services
from network.governance.constitution.decision_rules import (
    DecisionRule,
    DecisionType,
    Majority,
    MajorityBase,
    QuorumBasis,
    Recording,
)
from network.governance.constitution.document import Clause, Document, Part
from network.governance.constitution.models import ConstitutionVersion
from network.members.models import Person, Role

TITLE = "Constitution of the UK Mayors Network"
FOUNDED = date(2024, 6, 3)

# (part key, title, [(clause key, heading, text)]); numbered part.clause in order
TEXT = [
    ("purpose", "Name and purpose", [
        ("name", "Name",
         "The network is called the **UK Mayors Network** (\u201cthe Network\u201d)."),
        ("purpose", "Purpose",
         "The Network is the collective voice of England\u2019s directly elected mayors. It "
         "exists to:\n\n1. agree common positions on devolution, growth and public "
         "services;\n2. speak jointly to government and Parliament;\n3. share evidence and "
         "practice between mayoral authorities."),
        ("non-partisan", "Non-partisan",
         "The Network is not aligned with any political party. No decision binds a member "
         "authority in the exercise of its statutory functions."),
    ]),
    ("membership", "Membership", [
        ("members", "Members",
         "Each mayoral combined authority and combined county authority in England with a "
         "directly elected mayor, and the Greater London Authority, may be a member. Each "
         "member is represented by its mayor\u2019s office (\u201ca member office\u201d)."),
        ("admission", "Admission",
         "A new authority becomes a member when the Network agrees its admission under the "
         "rule for admission of a member, from the first meeting after its mayor takes "
         "office."),
        ("suspension", "Suspension and leaving",
         "A member may leave by giving three months\u2019 notice to the Secretariat. The "
         "Network may suspend a member that has not paid its subscription for twelve months, "
         "under the rule for suspension of a member."),
        ("subscriptions", "Subscriptions",
         "Members pay the annual subscription the Network agrees with its budget."),
    ]),
    ("meetings", "Meetings", [
        ("mayors-meeting", "Mayors\u2019 meetings",
         "The mayors meet at least four times a year. The Secretariat publishes the agenda and "
         "papers **five clear working days** before each meeting."),
        ("quorum", "Quorum",
         "A meeting is quorate when the share of member offices the rule for ordinary "
         "decisions sets is present, in person, online or by a named substitute."),
        ("substitutes", "Substitutes",
         "A mayor who cannot attend may send a named substitute from their office, who may "
         "speak and vote for the member office."),
        ("minutes", "Minutes",
         "Draft minutes are circulated within ten working days and approved at the next "
         "meeting."),
    ]),
    ("decisions", "Decisions", [
        ("one-vote", "One vote each",
         "Each member office has one vote, cast by its designated voter or, instead, its "
         "substitute."),
        ("ordinary", "Ordinary decisions",
         "Ordinary decisions are made by a simple majority of the member offices voting. "
         "Abstentions are not votes cast. A tie means the proposal is not carried."),
        ("written-procedure", "Written procedure",
         "Between meetings the Secretariat may put a motion to the member offices in writing, "
         "with a voting window of at least five working days."),
        ("register", "Decisions register",
         "Every decision is entered in the decisions register with its number."),
    ]),
    ("officers", "Officers", [
        ("chair", "Chair and Vice-Chair",
         "The Network has a Chair and a Vice-Chair, each a member mayor."),
        ("chair-role", "Role of the Chair",
         "The Chair presides at meetings, speaks for the Network between meetings on "
         "agreed positions, and signs its letters."),
        ("secretariat", "Secretariat",
         "The Secretariat is hosted by a member authority. It runs the Network\u2019s meetings, "
         "keeps its records and this Constitution, and acts as returning officer in "
         "elections."),
    ]),
    ("elections", "Elections", [
        ("timetable", "Timetable",
         "Elections are held in the year the term of office ends, with nominations open for "
         "at least two weeks."),
        ("nominations", "Nominations",
         "A candidate is nominated by a member office with a seconder office, and accepts "
         "the nomination."),
        ("ballot", "Ballot and count",
         "Each member office has one vote in a secret ballot, counted by the method and for "
         "the term the rule for elections of officers sets."),
    ]),
    ("amendments", "Amendments", [
        ("proposing", "Proposing an amendment",
         "An amendment may be drafted by the Secretariat, or proposed by a member office with "
         "a seconder office."),
        ("adopting", "Adopting an amendment",
         "An amendment is adopted by **two-thirds of all member offices**, under the rule for "
         "constitutional amendments, and takes effect on the date it states."),
        ("versions", "Versions",
         "Each adopted amendment makes a new consolidated version of this Constitution. "
         "Earlier versions are kept unchanged."),
    ]),
]


def demo_rules() -> dict[str, dict]:
    """The founding decision rules (stored form)."""
    half = Fraction(1, 2)
    rules = {
        DecisionType.ORDINARY: DecisionRule(half, QuorumBasis.PRESENT, Majority.SIMPLE,
                                            MajorityBase.VOTES_CAST),
        DecisionType.AMENDMENT: DecisionRule(half, QuorumBasis.PRESENT, Majority.TWO_THIRDS,
                                             MajorityBase.MEMBERSHIP),
        DecisionType.MEMBERSHIP: DecisionRule(half, QuorumBasis.PRESENT, Majority.TWO_THIRDS,
                                              MajorityBase.VOTES_CAST),
        DecisionType.ELECTION: DecisionRule(half, QuorumBasis.VOTING, Majority.SIMPLE,
                                            MajorityBase.VOTES_CAST, Recording.SECRET,
                                            method="irv", term="Two years"),
    }
    return {k.value: v.to_dict() for k, v in rules.items()}


def demo_document() -> Document:
    """The founding text as a Document."""
    return Document(tuple(
        Part(key, str(p_at), title, tuple(Clause(c_key, f"{p_at}.{c_at}", heading, text)
                                          for c_at, (c_key, heading, text)
                                          in enumerate(clauses, start=1)))
        for p_at, (key, title, clauses) in enumerate(TEXT, start=1)), demo_rules())


def load_demo_constitution() -> None:
    """Establish version 1 (once: nothing when any version exists)."""
    if db.session.scalar(select(ConstitutionVersion.id).limit(1)) is not None:
        return
    admin = db.session.scalar(select(Person).where(Person.role == Role.SECRETARIAT_ADMIN)
                              .order_by(Person.id).limit(1))
    if admin is None:
        return
    services.establish_constitution(admin, demo_document(), title=TITLE,
                                    effective_from=FOUNDED)
