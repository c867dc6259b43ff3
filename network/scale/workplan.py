"""The generated workplan: workstreams, ten years of meetings (deadlines and standing items as
the meetings service sets them), their agendas, actions and the forward agenda."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from random import Random

from network.scale.bulk import Rows
from network.scale.members import Cast
from network.time import at
from network.workplan.actions.models import ActionStatus
from network.workplan.forward.models import PlanStatus
from network.workplan.items.models import ItemPurpose, ItemStatus
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import MeetingKind, MeetingStatus
from network.workplan.minutes.models import AttendanceStatus
from network.workplan.workstreams.models import MilestoneStatus, WorkstreamStatus

TOPICS = ["bus franchising", "skills devolution", "the integrated settlement", "housing delivery",
          "net zero retrofit", "brownfield land", "adult education", "local growth plans",
          "health and work", "digital connectivity", "rail reform", "trailblazer deals",
          "business rates retention", "culture and tourism", "the spending review",
          "employment support", "active travel", "planning capacity", "flood resilience",
          "inward investment"]
STREAMS = ["Devolution and fiscal freedoms", "Local growth", "Place-based innovation",
           "Transport and bus franchising", "Skills and employment", "Housing and planning",
           "Net zero", "Health and wellbeing", "Culture and the visitor economy",
           "Digital infrastructure", "Public service reform", "Rural economies"]
VERBS = ["Circulate a note on", "Draft the network's response on", "Write to the minister about",
         "Collect evidence from offices on", "Arrange a briefing on", "Report back on",
         "Agree a common position on", "Share practice on"]
KINDS = [(MeetingKind.MAYORS, 0.3), (MeetingKind.CHIEF_EXECS, 0.3), (MeetingKind.GOVERNMENT, 0.1),
         (MeetingKind.WORKSTREAM, 0.25), (MeetingKind.EVENT, 0.05)]
PAST_YEARS, FUTURE_YEARS = 8, 2


def start_of(today: date) -> datetime:
    """The generated network's "now": the start of the day it is built for, so that a build
    later the same day is the same (what has happened since, the app moves on as usual)."""
    return at(today, 0)


class Plan:
    """What the governance part needs of the workplan: held meetings and decision items."""

    def __init__(self, today: date):
        self.now = start_of(today)
        self.meetings: list[dict] = []
        self.decision_items: list[tuple[int, int]] = []  # (item id, meeting id) of held meetings


def build_workstreams(rng: Random, count: int, rows: Rows, cast: Cast, today: date) -> None:
    for n in range(count):
        title = STREAMS[n % len(STREAMS)] + (f" {n // len(STREAMS) + 1}"
                                             if n >= len(STREAMS) else "")
        status = rng.choice([WorkstreamStatus.GREEN, WorkstreamStatus.AMBER,
                             WorkstreamStatus.RED]) if n % 6 else WorkstreamStatus.CLOSED
        rows.add(name=title, slug=title.lower().replace(" ", "-"),
                 description=f"The network's work on {title.lower()}.",
                 objectives="Agree common positions; share evidence; speak to government.",
                 lead_office_id=rng.choice(cast.offices),
                 secretariat_lead_id=rng.choice(cast.secretariat),
                 ends_on=today + timedelta(days=rng.randrange(60, 900)), status=status)


def build_milestones(rng: Random, workstreams: Rows, rows: Rows, today: date) -> None:
    for stream in workstreams.rows:
        for k in range(3):
            due = today + timedelta(days=rng.randrange(-400, 400))
            done = due < today and rng.random() < 0.7
            rows.add(workstream_id=stream["id"], title=f"Milestone {k + 1} of {stream['name']}",
                     due_on=due, completed_on=due if done else None,
                     status=MilestoneStatus.DONE if done else (
                         MilestoneStatus.MISSED if due < today else MilestoneStatus.IN_PROGRESS))


def _status(starts: datetime, now: datetime, rng: Random, ahead_before: int) -> MeetingStatus:
    """Held ones by age; ahead, the next two (and any in four months) open for items, those
    within a week with their agenda published; about one in thirty-three cancelled."""
    if rng.random() < 0.03 and ahead_before != 0:
        return MeetingStatus.CANCELLED
    if starts < now:
        age = (now - starts).days
        return (MeetingStatus.MINUTES_APPROVED if age > 90 else MeetingStatus.MINUTES_DRAFTED
                if age > 14 else MeetingStatus.HELD)
    ahead = (starts - now).days
    return (MeetingStatus.AGENDA_PUBLISHED if ahead < 5 else MeetingStatus.OPEN_FOR_ITEMS
            if ahead < 120 or ahead_before < 2 else MeetingStatus.PLANNED)


def build_meetings(rng: Random, count: int, rows: Rows, links: list, workstreams: Rows,
                   cast: Cast, today: date, plan: Plan) -> None:
    """Meetings spread evenly over ten years (eight past, two ahead), on working days, with
    the deadlines the meetings service gives each."""
    now = plan.now
    first = today - timedelta(days=365 * PAST_YEARS)
    span = 365 * (PAST_YEARS + FUTURE_YEARS)
    kinds, weights = zip(*KINDS, strict=True)
    ahead_before = 0  # meetings ahead built so far
    for n in range(count):
        day = first + timedelta(days=span * n // count)
        day -= timedelta(days=max(0, day.weekday() - 4))  # a weekend moves back to Friday
        kind = rng.choices(kinds, weights)[0]
        starts = at(day, rng.choice([10, 11, 14]))
        submit, papers = meeting_service.deadlines(kind, starts)
        status = _status(starts, now, rng, ahead_before if starts > now else -1)
        ahead_before += starts > now
        stream = rng.choice(workstreams.rows) if kind == MeetingKind.WORKSTREAM else None
        all_offices = kind != MeetingKind.WORKSTREAM
        meeting_id = rows.add(
            title=(f"{stream['name']} workstream meeting" if stream else
                   f"{kind.label} {day:%B %Y}"),
            kind=kind, starts_at=starts, ends_at=starts + timedelta(hours=2),
            venue=rng.choice(["Manchester Central Library", "Birmingham Council House",
                              "City Hall, London", "Online"]),
            online_link="https://meet.example/ukmn", chair="The Chair of the Network",
            secretariat_lead_id=rng.choice(cast.secretariat), status=status,
            submission_deadline_on=submit, papers_due_on=papers, is_all_offices=all_offices,
            workstream_id=stream["id"] if stream else None,
            agenda_published_at=(datetime.combine(papers, starts.timetz())
                                 if status not in (MeetingStatus.PLANNED,
                                                   MeetingStatus.OPEN_FOR_ITEMS,
                                                   MeetingStatus.CANCELLED) else None),
            cancelled_reason="Not quorate" if status == MeetingStatus.CANCELLED else "",
            created_at=starts - timedelta(days=90))
        if not all_offices:
            for office_id in rng.sample(cast.offices, min(4, len(cast.offices))):
                links.append({"meeting_id": meeting_id, "office_id": office_id})
        plan.meetings.append(rows.rows[-1])


def build_items(rng: Random, count: int, rows: Rows, plan: Plan, cast: Cast,
                workstreams: Rows) -> None:
    """The standing items of each meeting (as the meetings service adds them), then submitted
    items shared out among the meetings up to `count`."""
    for meeting in plan.meetings:
        for position, (kind, title, minutes) in enumerate(
                [*meeting_service.STANDING, meeting_service.AOB], start=1):
            rows.add(meeting_id=meeting["id"], title=title, standing_kind=kind,
                     status=ItemStatus.STANDING,
                     purpose=(ItemPurpose.DECISION if kind.value == "minutes_of_last_meeting"
                              else ItemPurpose.INFORMATION),
                     position=position * 10 if position <= len(meeting_service.STANDING)
                     else 10_000, duration_minutes=minutes, minutes_requested=minutes,
                     created_at=meeting["created_at"])
    now = plan.now
    meetings = plan.meetings
    n = 0
    while len(rows) < count:
        meeting = meetings[n % len(meetings)]
        n += 1
        held = meeting["starts_at"] < now and meeting["status"] != MeetingStatus.CANCELLED
        purpose = rng.choice(list(ItemPurpose))
        if meeting["status"] in (MeetingStatus.PLANNED, MeetingStatus.OPEN_FOR_ITEMS):
            status = rng.choice([ItemStatus.SUBMITTED, ItemStatus.ACCEPTED])
        else:
            status = rng.choices([ItemStatus.ACCEPTED, ItemStatus.DECLINED, ItemStatus.DEFERRED,
                                  ItemStatus.WITHDRAWN], [0.85, 0.05, 0.05, 0.05])[0]
        office_id = rng.choice(cast.offices)
        topic = rng.choice(TOPICS)
        item_id = rows.add(
            meeting_id=meeting["id"], title=f"{topic.capitalize()}: update {n}",
            purpose=purpose, summary=f"An update from the office on {topic}.",
            minutes_requested=rng.choice([10, 15, 20, 30]),
            presenter=cast_name(cast, office_id), office_id=office_id,
            workstream_id=rng.choice(workstreams.rows)["id"] if rng.random() < 0.4 else None,
            submitted_by_id=cast.lead[office_id], status=status,
            position=(100 + n) if status == ItemStatus.ACCEPTED else None,
            duration_minutes=15 if status == ItemStatus.ACCEPTED else None,
            decline_reason="Out of scope for this meeting" if status == ItemStatus.DECLINED
            else "", is_confidential=rng.random() < 0.05,
            minute_text=(f"Members discussed {topic} and agreed the next steps."
                         if held and status == ItemStatus.ACCEPTED else ""),
            created_at=meeting["created_at"] + timedelta(days=30))
        if held and status == ItemStatus.ACCEPTED and purpose == ItemPurpose.DECISION:
            plan.decision_items.append((item_id, meeting["id"]))


def cast_name(cast: Cast, office_id: int) -> str:
    return cast.office_names[office_id]


def build_actions(rng: Random, count: int, rows: Rows, items: Rows, plan: Plan, cast: Cast,
                  today: date) -> None:
    """Actions from held meetings' items: owners, due dates a few weeks on, most of the old
    ones done, some overdue (the open ones of earlier meetings are the next meeting's matters
    arising)."""
    now = plan.now
    meetings = {m["id"]: m for m in plan.meetings}
    sources = [item for item in items.rows if item["status"] == ItemStatus.ACCEPTED
               and meetings[item["meeting_id"]]["starts_at"] < now
               and meetings[item["meeting_id"]]["status"] != MeetingStatus.CANCELLED]
    for n in range(count):
        item = sources[n % len(sources)] if sources else None
        made = meetings[item["meeting_id"]]["ends_at"] if item else now
        due = made.date() + timedelta(days=rng.randrange(14, 120))
        if due < today:
            status = rng.choices([ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.OPEN,
                                  ActionStatus.IN_PROGRESS], [0.9, 0.04, 0.03, 0.03])[0]
        else:
            status = rng.choice([ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
        office_id = rng.choice(cast.offices)
        staff = cast.staff[office_id] or [cast.lead[office_id]]
        rows.add(description=f"{rng.choice(VERBS)} {rng.choice(TOPICS)} ({n + 1})",
                 owner_office_id=office_id, owner_person_id=rng.choice(staff), due_on=due,
                 status=status, meeting_id=item["meeting_id"] if item else None,
                 item_id=item["id"] if item else None,
                 workstream_id=item["workstream_id"] if item else None,
                 created_by_id=cast.officer, created_at=made, updated_at=made)


def build_plan_entries(rng: Random, count: int, rows: Rows, plan: Plan, cast: Cast,
                       workstreams: Rows) -> None:
    """The forward agenda: planned items for the meetings ahead."""
    now = plan.now
    ahead = [m for m in plan.meetings if m["starts_at"] > now
             and m["status"] != MeetingStatus.CANCELLED] or plan.meetings[-1:]
    for n in range(count):
        meeting = ahead[n % len(ahead)]
        topic = rng.choice(TOPICS)
        rows.add(title=f"{topic.capitalize()}: planned item {n + 1}",
                 purpose=rng.choice(list(ItemPurpose)), notes="",
                 minutes_planned=rng.choice([15, 20, 30]), meeting_id=meeting["id"],
                 workstream_id=rng.choice(workstreams.rows)["id"],
                 lead_office_id=rng.choice(cast.offices), status=PlanStatus.PLANNED,
                 created_by_id=cast.officer)


def build_workstream_detail(rng: Random, streams: Rows, links: list, updates: Rows, risks: Rows,
                            cast: Cast, today: date) -> None:
    """Each workstream's offices (its lead, a co-lead, others taking part), its RAG history
    and its risks."""
    for stream in streams.rows:
        taking_part = rng.sample(cast.offices, min(len(cast.offices), 5))
        if stream["lead_office_id"] in taking_part:
            taking_part.remove(stream["lead_office_id"])
        for k, office_id in enumerate(taking_part[:4]):
            links.append({"workstream_id": stream["id"], "office_id": office_id,
                          "is_co_lead": k == 0})
        previous = None
        for k in range(3):
            status = (stream["status"] if k == 2 else
                      rng.choice([WorkstreamStatus.GREEN, WorkstreamStatus.AMBER]))
            updates.add(workstream_id=stream["id"], person_id=stream["secretariat_lead_id"],
                        at=at(today - timedelta(days=90 * (3 - k)), 10),
                        previous_status=previous, status=status,
                        commentary=f"Quarterly review {k + 1}: on track with the plan.")
            previous = status
        for k in range(2):
            risks.add(workstream_id=stream["id"],
                      description=f"Government timetable for {rng.choice(TOPICS)} slips",
                      likelihood=rng.randrange(1, 6), impact=rng.randrange(1, 6),
                      mitigation="Raise with officials at the next meeting with government.",
                      owner_office_id=stream["lead_office_id"],
                      review_on=today + timedelta(days=rng.randrange(7, 90)), is_open=k == 0)


HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED)


def build_attendance(rng: Random, rows: Rows, plan: Plan, links: list, cast: Cast) -> None:
    """Who came to each held meeting: every office invited, most present."""
    invited: dict[int, list[int]] = {}
    for link in links:
        invited.setdefault(link["meeting_id"], []).append(link["office_id"])
    statuses, weights = zip(*[(AttendanceStatus.IN_PERSON, 0.6), (AttendanceStatus.ONLINE, 0.25),
                              (AttendanceStatus.APOLOGIES, 0.1), (AttendanceStatus.ABSENT, 0.05)],
                            strict=True)
    for meeting in plan.meetings:
        if meeting["status"] not in HELD:
            continue
        offices = cast.offices if meeting["is_all_offices"] else invited.get(meeting["id"], [])
        for office_id in offices:
            rows.add(meeting_id=meeting["id"], office_id=office_id,
                     status=rng.choices(statuses, weights)[0], represented_by="")
