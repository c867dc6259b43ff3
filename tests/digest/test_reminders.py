"""The reminders the scheduler sends: deadlines two working days ahead, votes closing (only to
offices that have not acted), overdue actions weekly, overdue queries, papers updated; each
once however often its job runs."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest

from network.db import utcnow
from network.extensions import db as _db
from network.governance.elections import tasks as election_tasks
from network.governance.voting.models import RollEntry
from network.time import at as local_at
from network.time import today
from network.workplan.actions import tasks as action_tasks
from network.workplan.correspondence import tasks as correspondence_tasks
from network.workplan.items import tasks as item_tasks
from network.workplan.items.models import AgendaItem, Paper, PaperVersion
from network.workplan.meetings import tasks as meeting_tasks
from network.workplan.meetings.models import MeetingStatus, PackState
from tests.digest.helpers import next_monday, outbox
from tests.factories import ActionFactory, CorrespondenceFactory


def _to(rows) -> set[str]:
    return {r.to_address for r in rows}


def test_deadline_reminders_go_two_working_days_before_to_member_offices_once(db, cast):
    meeting = cast.meeting(40)
    deadline = meeting.submission_deadline_on
    day = item_tasks.reminder_day(deadline)
    assert day < deadline
    from network.workplan.meetings.working_days import clear_working_days_between

    assert clear_working_days_between(day, deadline) == 1  # two working days ahead
    item_tasks.remind_deadlines(local_at(day - timedelta(days=1), 7, 30))
    assert outbox("deadline-reminder") == [], "not yet"
    summary = item_tasks.remind_deadlines(local_at(day, 7, 30))
    rows = outbox("deadline-reminder")
    members = {cast[k].email for k in ("lead_a", "staff_a", "lead_b", "staff_b")}
    assert _to(rows) == members, "member offices only: not the observer nor the secretariat"
    assert summary == "4 deadline reminders queued for 1 meetings"
    item_tasks.remind_deadlines(local_at(day, 9, 0))
    assert len(outbox("deadline-reminder")) == 4, "once"
    assert f"/meetings/{meeting.id}/items/new" in rows[0].text_body


@pytest.mark.cast(offices=5)
def test_nominations_closing_reminds_only_offices_taking_no_part(db, cast):
    election = cast.election("nominations", candidates=1)  # a proposes... a, b and c take part
    election_tasks.remind_votes(_now())
    rows = outbox("nominations-closing")
    assert _to(rows) == {cast["lead_d"].email, cast["lead_e"].email}
    election_tasks.remind_votes(_now())
    assert len(outbox("nominations-closing")) == 2
    assert f"/elections/{election.id}" in rows[0].text_body


def _now():
    from network.time import now

    return now()


@pytest.mark.cast(offices=5)
def test_ballot_closing_reminds_the_voters_of_offices_that_have_not_voted(db, cast):
    election = cast.election("ballot")
    _db.session.add(RollEntry(id=secrets.token_hex(16), election_id=election.id,
                              office_id=cast["office_a"].id, receipt=secrets.token_hex(16)))
    _db.session.commit()
    too_early = election_tasks.remind_votes(_now() - timedelta(hours=24))
    assert too_early == "0 vote reminders queued", "closes more than 24 hours after that"
    election_tasks.remind_votes(_now())
    rows = outbox("ballot-closing")
    expected = {cast[f"{who}_{x}"].email for who in ("lead", "staff") for x in "bcde"}
    assert _to(rows) == expected, "voter and substitute of each office yet to vote"
    election_tasks.remind_votes(_now())
    assert len(outbox("ballot-closing")) == 8


def test_overdue_actions_go_weekly_to_the_owning_office(db, cast):
    action = ActionFactory(actor=cast["officer"], owner_office=cast["office_a"], days=-3,
                           is_recorded_late=True, recorded_late_reason="From June",
                           description="Send the bus figures")
    ActionFactory(actor=cast["officer"], owner_office=cast["office_b"], days=30)
    monday = next_monday()
    action_tasks.remind_overdue_actions(monday)
    rows = outbox("overdue-actions")
    assert _to(rows) == {cast["lead_a"].email}
    assert "Send the bus figures" in rows[0].text_body
    assert f"/actions/{action.id}" in rows[0].html_body
    action_tasks.remind_overdue_actions(monday + timedelta(hours=2))
    assert len(outbox("overdue-actions")) == 1, "once a week"
    action_tasks.remind_overdue_actions(monday + timedelta(days=7))
    assert len(outbox("overdue-actions")) == 2


def test_overdue_queries_go_to_their_owner_once(db, cast):
    query = CorrespondenceFactory(actor=cast["officer"], due_on=today() + timedelta(days=2),
                                  subject="Bus franchising question")
    _db.session.commit()
    correspondence_tasks.remind_overdue_queries(_now())
    assert outbox("query-overdue") == [], "not due yet"
    later = _now() + timedelta(days=3)
    correspondence_tasks.remind_overdue_queries(later)
    [row] = outbox("query-overdue")
    assert row.to_address == cast["officer"].email
    assert f"/correspondence/{query.id}" in row.text_body
    correspondence_tasks.remind_overdue_queries(later + timedelta(days=1))
    assert len(outbox("query-overdue")) == 1


def test_papers_updated_after_publication_are_announced_once_per_pack(db, cast):
    meeting = cast.meeting(20)
    published = utcnow() - timedelta(hours=2)
    meeting.status, meeting.agenda_published_at = MeetingStatus.AGENDA_PUBLISHED, published
    meeting.pack_state, meeting.pack_generation = PackState.READY, 1
    meeting.papers_notified_generation = 1  # the agenda's own announcement
    _db.session.commit()
    assert meeting_tasks.notify_papers_updated().startswith("0 papers-updated")
    item = _db.session.scalars(_db.select(AgendaItem).where(
        AgendaItem.meeting_id == meeting.id)).first()
    paper = Paper(item_id=item.id, title="Revised financial annex")
    _db.session.add(paper)
    _db.session.flush()
    _db.session.add(PaperVersion(paper_id=paper.id, number=1, filename="annex.pdf",
                                 file_type="pdf", size=100, sha256="0" * 64,
                                 uploaded_by_id=cast["officer"].id, uploaded_at=utcnow()))
    meeting.pack_generation = 2  # the rebuilt pack is ready
    _db.session.commit()
    summary = meeting_tasks.notify_papers_updated()
    rows = outbox("papers-updated")
    assert summary == f"{len(rows)} papers-updated notices queued for 1 meetings"
    assert cast["observer"].email in _to(rows) and cast["lead_b"].email in _to(rows)
    assert meeting_tasks.notify_papers_updated().startswith("0 papers-updated")
    assert len(outbox("papers-updated")) == len(rows)
