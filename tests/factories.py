"""factory_boy factories writing through the Flask-SQLAlchemy session (they flush; the test
commits). Meetings and actions are made by their services, so they are what the portal would
hold (deadlines, standing items, audit entries); items, elections and nominations are written
directly, as the service would have left them (each docstring says what is skipped)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from factory.alchemy import SQLAlchemyModelFactory

from network.db import utcnow
from network.extensions import db
from network.governance.elections.models import Election, ElectionStatus, Method, Nomination
from network.members import passwords
from network.members.models import ApiToken, Office, OfficeKind, OfficeStatus, Person, Role
from network.workplan.actions import services as action_service
from network.workplan.actions.models import Action
from network.workplan.contacts import services as contact_service
from network.workplan.contacts.models import Contact
from network.workplan.correspondence import services as correspondence_service
from network.workplan.correspondence.models import Correspondence
from network.workplan.items.models import AgendaItem, ItemPurpose, ItemStatus
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import Meeting, MeetingKind, MeetingStatus
from network.workplan.tracker import services as tracker_service
from network.workplan.tracker.models import PolicyEntry

PASSWORD = "correct horse battery staple"
LONDON = ZoneInfo("Europe/London")
HOUR = timedelta(hours=1)


def at_ten(days: int) -> datetime:
    """10:00 London time, `days` from today (negative for the past)."""
    return (datetime.now(LONDON) + timedelta(days=days)).replace(hour=10, minute=0, second=0,
                                                                 microsecond=0)


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OfficeFactory(BaseFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Test Combined Authority {n}")
    slug = factory.Sequence(lambda n: f"test-combined-authority-{n}")
    kind = OfficeKind.MCA
    region = "North West"
    mayor_name = factory.Faker("name", locale="en_GB")
    joined_on = date(2020, 4, 1)
    status = OfficeStatus.ACTIVE


class PersonFactory(BaseFactory):
    class Meta:
        model = Person
        exclude = ("password",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    job_title = "Policy Adviser"
    role = Role.MEMBER_STAFF
    office = None
    office_id = factory.LazyAttribute(lambda o: o.office.id if o.office else None)
    is_active = True
    password = PASSWORD
    password_hash = factory.LazyAttribute(lambda o: passwords.hash_password(o.password))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.pop("office", None)
        if isinstance(kwargs.get("role"), str):
            kwargs["role"] = Role(kwargs["role"])
        return super()._create(model_class, *args, **kwargs)


class ApiTokenFactory(BaseFactory):
    class Meta:
        model = ApiToken

    name = factory.Sequence(lambda n: f"token {n}")
    prefix = "ukmn_xxxxxxx"
    token_hash = factory.Sequence(lambda n: f"{n:064d}")


class MeetingFactory(BaseFactory):
    """A meeting made by `meetings.services.create_meeting` as `actor` (a secretariat person):
    so it has its submission and papers deadlines and the five standing items. It starts
    `days` from today at 10:00 London for two hours, invites `invited_offices` (every office
    when empty) and `observers`, and is then opened for items (`open_items=False` leaves it
    planned). `status=` then sets a later status directly, as time passing would, without the
    audit entry the page would write. The `held` trait: yesterday, held, never opened."""

    class Meta:
        model = Meeting
        exclude = ("days",)

    class Params:
        held = factory.Trait(days=-1, title="Mayors' meeting", venue="Leeds Civic Hall",
                             room="", chair="", open_items=False, status=MeetingStatus.HELD)

    days = 30
    actor = factory.SubFactory(PersonFactory, role=Role.SECRETARIAT)
    title = factory.LazyAttribute(lambda o: f"Mayors' meeting in {o.days} days")
    kind = MeetingKind.MAYORS
    starts_at = factory.LazyAttribute(lambda o: at_ten(o.days))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + 2 * HOUR)
    venue = "Manchester Central"
    room = "Room 1"
    online_link = ""
    chair = "The Chair"
    logistics_notes = ""
    workstream_id = None
    secretariat_lead_id = factory.LazyAttribute(lambda o: o.actor.id)
    invited_offices = factory.LazyFunction(list)
    is_all_offices = factory.LazyAttribute(lambda o: not o.invited_offices)
    observers = factory.LazyFunction(list)
    open_items = True
    status = None

    @classmethod
    def _create(cls, model_class, actor, invited_offices, observers, open_items, status,
                **data):
        meeting = meeting_service.create_meeting(actor, data, invited_offices, observers)
        if open_items:
            meeting_service.open_for_items(actor, meeting)
        if status is not None:
            meeting.status = MeetingStatus(status)
        db.session.flush()
        return meeting


class AgendaItemFactory(BaseFactory):
    """An item as triage leaves it: accepted, placed (position 50, after the first standing
    items) and timed, written directly, so without the submission events and emails of
    `items.services.submit_item` and `accept_item` (use those when the journey is the test).
    Its meeting is a new `MeetingFactory` meeting unless given."""

    class Meta:
        model = AgendaItem
        exclude = ("meeting",)

    meeting = factory.SubFactory(MeetingFactory)
    meeting_id = factory.LazyAttribute(lambda o: o.meeting.id)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    purpose = ItemPurpose.DECISION
    summary = "Agree the joint ask"
    status = ItemStatus.ACCEPTED
    position = 50
    duration_minutes = 20
    is_confidential = False


class ActionFactory(BaseFactory):
    """An action recorded by `actions.services.create_action` as `actor` (so it is checked
    and audited): owned by `owner_office` (a new office unless given, or pass
    `owner_office=None, owner_person_id=...`), due `days` from today (14 by default). Pass
    `meeting_id` or `item_id` for one agreed at a held meeting."""

    class Meta:
        model = Action
        exclude = ("days", "owner_office")

    days = 14
    actor = factory.SubFactory(PersonFactory, role=Role.SECRETARIAT)
    description = factory.Sequence(lambda n: f"Send the figures ({n})")
    owner_office = factory.SubFactory(OfficeFactory)
    owner_office_id = factory.LazyAttribute(lambda o: o.owner_office.id if o.owner_office
                                            else None)
    due_on = factory.LazyAttribute(lambda o: datetime.now(LONDON).date()
                                   + timedelta(days=o.days))

    @classmethod
    def _create(cls, model_class, actor, **data):
        return action_service.create_action(actor, data)


# Timetable offsets from now (nominations open, close, ballot open, close) and the status the
# scheduler gives an election at each stage.
STAGES = {"draft": ((-HOUR, HOUR, 2 * HOUR, 3 * HOUR), ElectionStatus.DRAFT),
          "nominations": ((-HOUR, HOUR, 2 * HOUR, 3 * HOUR), ElectionStatus.NOMINATIONS_OPEN),
          "ballot": ((-3 * HOUR, -2 * HOUR, -HOUR, HOUR), ElectionStatus.BALLOT_OPEN),
          "closed": ((-4 * HOUR, -3 * HOUR, -2 * HOUR, -HOUR), ElectionStatus.BALLOT_CLOSED)}


class ElectionFactory(BaseFactory):
    """An election at `stage` of its timetable ("draft", "nominations", "ballot" or "closed"),
    with the status the scheduler's `sync_state` would have given it and published (unless a
    draft); written directly, so without the election log entries of the service. Its
    returning officer is a new secretariat admin unless given. Candidates: NominationFactory."""

    class Meta:
        model = Election
        exclude = ("stage", "now", "returning_officer")

    stage = "nominations"
    now = factory.LazyFunction(utcnow)
    position = "Chair of the Network"
    seats = 1
    method = Method.IRV
    returning_officer = factory.SubFactory(PersonFactory, role=Role.SECRETARIAT_ADMIN)
    returning_officer_id = factory.LazyAttribute(lambda o: o.returning_officer.id)
    nominations_open_at = factory.LazyAttribute(lambda o: o.now + STAGES[o.stage][0][0])
    nominations_close_at = factory.LazyAttribute(lambda o: o.now + STAGES[o.stage][0][1])
    ballot_open_at = factory.LazyAttribute(lambda o: o.now + STAGES[o.stage][0][2])
    ballot_close_at = factory.LazyAttribute(lambda o: o.now + STAGES[o.stage][0][3])
    status = factory.LazyAttribute(lambda o: STAGES[o.stage][1])
    published_at = factory.LazyAttribute(lambda o: None if o.stage == "draft" else o.now)


class NominationFactory(BaseFactory):
    """A valid nomination: the candidate office's mayor, nominated by its lead, proposed and
    seconded by two other offices (both confirmed) and accepted with a statement. Offices are
    new unless given."""

    class Meta:
        model = Nomination
        exclude = ("election", "candidate_office", "proposer_office", "seconder_office",
                   "nominated_by", "now")

    now = factory.LazyFunction(utcnow)
    election = factory.SubFactory(ElectionFactory)
    election_id = factory.LazyAttribute(lambda o: o.election.id)
    candidate_office = factory.SubFactory(OfficeFactory)
    candidate_office_id = factory.LazyAttribute(lambda o: o.candidate_office.id)
    candidate_name = factory.LazyAttribute(lambda o: o.candidate_office.mayor_name)
    proposer_office = factory.SubFactory(OfficeFactory)
    proposer_office_id = factory.LazyAttribute(lambda o: o.proposer_office.id)
    seconder_office = factory.SubFactory(OfficeFactory)
    seconder_office_id = factory.LazyAttribute(lambda o: o.seconder_office.id)
    nominated_by = factory.SubFactory(PersonFactory, role=Role.MEMBER_LEAD,
                                      office=factory.SelfAttribute("..candidate_office"))
    nominated_by_id = factory.LazyAttribute(lambda o: o.nominated_by.id)
    proposer_confirmed_at = factory.SelfAttribute("now")
    seconder_confirmed_at = factory.SelfAttribute("now")
    accepted_at = factory.SelfAttribute("now")
    statement = factory.Sequence(lambda n: f"Statement {n}")


class PolicyEntryFactory(BaseFactory):
    """A policy tracker entry recorded by `tracker.services.create_entry` as `actor` (a
    secretariat person, who owns it unless `owner_id` is given)."""

    class Meta:
        model = PolicyEntry

    actor = factory.SubFactory(PersonFactory, role=Role.SECRETARIAT)
    title = factory.Sequence(lambda n: f"Devolution white paper ({n})")
    source_url = "https://www.gov.uk/government/publications/english-devolution-white-paper"
    published_on = factory.LazyFunction(lambda: datetime.now(LONDON).date())
    summary = "Sets out a framework for strategic authorities."
    kind = "opportunity"
    owner_id = factory.LazyAttribute(lambda o: o.actor.id)

    @classmethod
    def _create(cls, model_class, actor, **data):
        return tracker_service.create_entry(actor, data)


class CorrespondenceFactory(BaseFactory):
    """A query logged by `correspondence.services.log_correspondence` as `actor`: from
    `from_office` (a new office unless given; pass `from_office=None, from_organisation=...`
    for government or partners), received today, owned by the actor."""

    class Meta:
        model = Correspondence
        exclude = ("from_office",)

    actor = factory.SubFactory(PersonFactory, role=Role.SECRETARIAT)
    from_office = factory.SubFactory(OfficeFactory)
    from_office_id = factory.LazyAttribute(lambda o: o.from_office.id if o.from_office else None)
    subject = factory.Sequence(lambda n: f"Question about bus funding ({n})")
    received_on = factory.LazyFunction(lambda: datetime.now(LONDON).date())
    owner_id = factory.LazyAttribute(lambda o: o.actor.id)

    @classmethod
    def _create(cls, model_class, actor, **data):
        return correspondence_service.log_correspondence(actor, data)


class ContactFactory(BaseFactory):
    """A contact added by `contacts.services.add_contact` as `actor`; an office contact when
    `office_id` is given."""

    class Meta:
        model = Contact

    actor = factory.SubFactory(PersonFactory, role=Role.SECRETARIAT)
    name = factory.Sequence(lambda n: f"Contact Person {n}")
    organisation = "Department for Transport"
    job_title = "Deputy Director"
    email = factory.Sequence(lambda n: f"contact{n}@example.gov.uk")

    @classmethod
    def _create(cls, model_class, actor, **data):
        return contact_service.add_contact(actor, data)
