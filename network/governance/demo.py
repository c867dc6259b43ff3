"""Demo governance: the decisions of the demo's held meetings in the register; a Vice-Chair
election played through on its timetable (nominations, ballots cast by each office's voter,
counted and declared); and a Chair election taking nominations now."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from network.db import clock_set_to, utcnow
from network.extensions import db
from network.governance.decisions import services as decision_service
from network.governance.decisions.models import Decision
from network.governance.elections import services as election_service
from network.governance.elections.models import Election, Method
from network.governance.voting import services as ballot_service
from network.members.models import Office, Person, Role
from network.time import at, today
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import Meeting

# (item title, what the meeting decided)
DECISIONS = [
    ("Integrated settlements: the next wave",
     "The network's common position on the next wave of integrated settlements is agreed as "
     "set out in the paper, adding that smaller authorities should be offered the same "
     "flexibilities with lighter reporting. The Chair will write to the Secretary of State."),
    ("Pooled productivity data: what each authority provides",
     "The minimum dataset for the shared productivity evidence base is agreed, with employment "
     "by sector added. Each authority provides its data quarterly from January."),
    ("Skills devolution: a joint ask of government",
     "The joint ask on skills is agreed: devolution of the whole adult skills fund, a local "
     "share of the growth and skills levy, and skills as a single outcome in every integrated "
     "settlement, naming rural and coastal provision."),
    ("Network budget and subscriptions for next year",
     "The network budget of £628,000 for next year is agreed. Subscriptions are frozen at this "
     "year's level; Greater Lincolnshire and Hull and East Yorkshire pay half in their first "
     "full year."),
    ("Place-based innovation: the shared testbed proposal",
     "The West of England, the North East and Cambridgeshire and Peterborough will develop a "
     "full business case for a shared innovation testbed, for the mayors in the spring."),
]

GLA, TV = "greater-london-authority", "tees-valley-combined-authority"
WOE, EM = "west-of-england-mayoral-combined-authority", "east-midlands-combined-county-authority"
NE, SY = "north-east-combined-authority", "south-yorkshire-mayoral-combined-authority"
YNY = "york-and-north-yorkshire-combined-authority"
GL = "greater-lincolnshire-combined-county-authority"
HEY = "hull-and-east-yorkshire-combined-authority"
WM = "west-midlands-combined-authority"

VICE_CHAIR = "Vice-Chair of the Network 2026-2028"
# (candidate office, proposer, seconder, statement)
VICE_CHAIR_CANDIDATES = [
    (WOE, GLA, NE, "I will make sure every mayor, from the largest authority to the newest, "
                   "is heard when the network speaks to government."),
    (EM, SY, GL, "The newest authorities need the network most. I will chair the working "
                 "group on capacity funding and report at every mayors' meeting."),
    (TV, YNY, HEY, "I will take the network's meetings out of the big cities and put our "
                   "industrial heartlands at the centre of the growth agenda."),
]
# Each office's ranking, by candidate office: the Tees Valley candidate is excluded first and
# the transfers decide between the other two (the alternative vote).
BALLOTS = {
    "greater-london-authority": [WOE, EM],
    "greater-manchester-combined-authority": [WOE, TV],
    "liverpool-city-region-combined-authority": [WOE, EM, TV],
    "west-midlands-combined-authority": [EM, WOE],
    "west-yorkshire-combined-authority": [WOE],
    "south-yorkshire-mayoral-combined-authority": [EM, TV, WOE],
    "north-east-combined-authority": [WOE, EM],
    "tees-valley-combined-authority": [TV, WOE],
    "west-of-england-mayoral-combined-authority": [WOE, TV, EM],
    "cambridgeshire-and-peterborough-combined-authority": [EM, WOE],
    "york-and-north-yorkshire-combined-authority": [TV, EM],
    "east-midlands-combined-county-authority": [EM, TV],
    "hull-and-east-yorkshire-combined-authority": [TV, WOE, EM],
}  # Greater Lincolnshire did not vote


def _admin() -> Person | None:
    return db.session.scalar(select(Person).where(Person.role == Role.SECRETARIAT_ADMIN)
                             .order_by(Person.id).limit(1))


def _lead(office: Office) -> Person:
    return db.session.get(Person, office.voter_id)


def load_demo_decisions() -> None:
    """Record what the demo's held meetings decided (once: nothing when the register has any
    decision), on the day of each meeting."""
    if db.session.scalar(select(Decision.id).limit(1)) is not None:
        return
    officer = db.session.scalar(select(Person).where(Person.role == Role.SECRETARIAT)
                                .order_by(Person.id).limit(1))
    for title, text in DECISIONS:
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == title)
                                 .order_by(AgendaItem.id).limit(1))
        if item is None or officer is None:
            continue
        meeting = db.session.get(Meeting, item.meeting_id)
        with clock_set_to(meeting.ends_at + timedelta(minutes=40)):
            decision_service.record_decision(officer, item, text)


def _election(admin: Person, position: str, method: Method, opens: datetime,
              term: str) -> Election:
    """Create and publish an election whose nominations open at `opens`."""
    with clock_set_to(opens - timedelta(days=1)):
        election = election_service.create_election(admin, {
            "position": position, "seats": 1, "term": term, "method": method,
            "statement_word_limit": 300, "term_limit": None, "scrutineer_office_id": None,
            "nominations_open_at": opens, "nominations_close_at": opens + timedelta(days=14),
            "ballot_open_at": opens + timedelta(days=16),
            "ballot_close_at": opens + timedelta(days=23)})
        election_service.publish_election(admin, election)
    return election


def _nominate(election: Election, offices: dict[str, Office], candidates, moment: datetime):
    with clock_set_to(moment):
        nominations = {}
        for candidate, proposer, seconder, statement in candidates:
            nomination = election_service.nominate(_lead(offices[candidate]), election,
                                                   offices[proposer].id, offices[seconder].id)
            election_service.confirm_nomination(_lead(offices[proposer]), nomination)
            election_service.confirm_nomination(_lead(offices[seconder]), nomination)
            election_service.accept_nomination(_lead(offices[candidate]), nomination, statement)
            nominations[candidate] = nomination
    return nominations


def load_demo_elections() -> None:
    """The declared Vice-Chair election and the Chair election taking nominations (each once,
    by its position)."""
    admin = _admin()
    offices = {o.slug: o for o in db.session.scalars(select(Office))}
    if admin is None or any(o.voter_id is None for o in offices.values()):
        return
    positions = set(db.session.scalars(select(Election.position)))
    if VICE_CHAIR not in positions:
        _vice_chair(admin, offices)
    chair = "Chair of the Network 2027-2029"
    if chair not in positions:
        opens = utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
        election = _election(admin, chair, Method.IRV, opens, "Two years")
        _nominate(election, offices, [(WM, GLA, TV, "I will put the network's case for "
                                                    "**fiscal devolution** to every "
                                                    "department, and report back at each "
                                                    "meeting.")], opens + timedelta(hours=2))


def _vice_chair(admin: Person, offices: dict[str, Office]) -> None:
    """Nominations, a ballot of thirteen offices, the count and the declaration, on the days
    of its timetable eleven weeks ago."""
    start = today() - timedelta(days=80)
    opens = at(start - timedelta(days=start.weekday()), 9)  # a Monday morning
    election = _election(admin, VICE_CHAIR, Method.IRV, opens, "Two years")
    nominations = _nominate(election, offices, VICE_CHAIR_CANDIDATES, opens + timedelta(days=2))
    for hours, (slug, ranking) in enumerate(BALLOTS.items()):
        with clock_set_to(election.ballot_open_at + timedelta(hours=3 + 9 * hours)):
            ballot_service.cast_ballot(_lead(offices[slug]), election,
                                       [nominations[c].id for c in ranking])
    with clock_set_to(election.ballot_close_at + timedelta(minutes=30)):
        election_service.count_election(admin, election, "vice-chair-demo")
        election_service.declare_result(admin, election)
