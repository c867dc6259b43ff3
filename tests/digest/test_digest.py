"""The digest: personal to the person and office, on their schedule, once per period, with a
one-click signed link to stop it, and a fixed number of queries per batch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from network.audit import AuditEntry
from network.digest import tasks
from network.digest.digest import (
    build_digests,
    due_frequencies,
    next_send,
    unsubscribe_token,
    window_for,
)
from network.members.models import DigestFrequency, Person, Role
from network.time import at as local_at
from network.workplan.minutes.models import Rsvp, RsvpResponse
from tests.digest.helpers import next_monday, outbox
from tests.factories import ActionFactory, MeetingFactory, OfficeFactory, PersonFactory
from tests.queries import counting_queries


def overdue_action(**data):
    """An action whose due date has passed (recorded late, as the service requires)."""
    return ActionFactory(is_recorded_late=True, recorded_late_reason="Agreed last month",
                         **data)


def _texts(digest) -> dict[str, list[str]]:
    return {s.title: [r.text for r in s.rows] for s in digest.sections}


def test_weekly_people_on_mondays_daily_people_on_working_days():
    monday = next_monday()
    assert due_frequencies(monday) == [DigestFrequency.WEEKLY, DigestFrequency.DAILY]
    assert due_frequencies(monday + timedelta(days=1)) == [DigestFrequency.DAILY]
    assert due_frequencies(monday + timedelta(days=5)) == []  # Saturday
    from datetime import date

    easter_monday = local_at(date(2027, 3, 29), 7)
    assert due_frequencies(easter_monday) == [DigestFrequency.WEEKLY], "a bank holiday"
    weekly = window_for(DigestFrequency.WEEKLY, monday)
    assert weekly.since == (monday - timedelta(days=7)).astimezone(weekly.since.tzinfo)
    assert weekly.horizon == monday.date() + timedelta(days=28)
    tuesday = window_for(DigestFrequency.DAILY, monday + timedelta(days=1))
    assert tuesday.since == monday
    after_bank_holiday = window_for(DigestFrequency.DAILY, local_at(date(2027, 3, 30), 7))
    # Good Friday (26th) and Easter Monday (29th) are bank holidays: news since Thursday
    assert after_bank_holiday.since == local_at(date(2027, 3, 25), 7)
    assert next_send(DigestFrequency.WEEKLY, monday - timedelta(hours=1)) == monday
    assert next_send(DigestFrequency.WEEKLY, monday + timedelta(minutes=1)) == (
        monday + timedelta(days=7))


def test_a_member_digest_is_personal_to_the_person_and_the_office(app, db, cast):
    at = next_monday()
    lead, staff = cast["lead_a"], cast["staff_a"]
    days = (at.date() - cast["officer"].created_at.date()).days
    soon = cast.meeting(days + 3)  # every office and the observer are invited
    beyond = cast.meeting(days + 45)  # past the four weeks, but open for items now
    other_office_only = MeetingFactory(days=days + 4, actor=cast["officer"],
                                       invited_offices=[cast["office_b"]],
                                       title="B's workstream meeting")
    db.session.add(Rsvp(meeting_id=soon.id, person_id=lead.id,
                        response=RsvpResponse.ONLINE))
    overdue = overdue_action(actor=cast["officer"], owner_office=cast["office_a"], days=-3,
                            description="Send the skills figures")
    later = ActionFactory(actor=cast["officer"], owner_office=cast["office_a"], days=20,
                          description="Draft the housing letter")
    overdue_action(actor=cast["officer"], owner_office=cast["office_b"], days=-3,
                  description="B's own action")
    db.session.commit()

    lead_digest, staff_digest, observer_digest, b_digest = build_digests(
        [lead, staff, cast["observer"], cast["lead_b"]], DigestFrequency.WEEKLY, at)
    meetings = "Your meetings in the next four weeks"
    lead_rows = {s.title: s.rows for s in lead_digest.sections}
    [row] = lead_rows[meetings]
    assert soon.title in row.text and "Your reply: Attending online" in row.detail
    assert row.link == f"http://portal.test/meetings/{soon.id}"
    [staff_row] = {s.title: s.rows for s in staff_digest.sections}[meetings]
    assert "You have not replied yet" in staff_row.detail and staff_row.is_urgent
    assert [r.text for r in lead_rows["Actions your office owes"]] == [
        overdue.description, later.description], "overdue first, only the office's own"
    assert lead_rows["Actions your office owes"][0].is_urgent
    deadlines = [r.text for r in lead_rows["Submission windows and deadlines"]]
    assert any(beyond.title in t for t in deadlines)
    assert not any(beyond.title in r.text for r in lead_rows[meetings])
    b_texts = _texts(b_digest)
    assert any(other_office_only.title in t for t in b_texts[meetings])
    assert not any(other_office_only.title in t for t in _texts(lead_digest)[meetings])
    observer = _texts(observer_digest)
    assert list(observer) == [meetings], "observers: their meetings, nothing of the network's"


def test_decisions_workstreams_and_tracker_since_the_last_digest(app, db, cast):
    from network.workplan.tracker.models import PolicyEntry
    from tests.factories import PolicyEntryFactory

    at = next_monday()
    fresh = PolicyEntryFactory(owner_id=cast["officer"].id, created_by_id=cast["officer"].id,
                               title="Devolution white paper")
    old = PolicyEntryFactory(owner_id=cast["officer"].id, created_by_id=cast["officer"].id,
                             title="An old consultation")
    db.session.flush()
    window = window_for(DigestFrequency.WEEKLY, at)
    fresh.created_at = window.since + timedelta(hours=1)
    old.created_at = window.since - timedelta(hours=1)
    db.session.commit()
    [digest] = build_digests([cast["staff_a"]], DigestFrequency.WEEKLY, at)
    tracker = _texts(digest)["New in the policy tracker"]
    assert tracker == ["Devolution white paper"]
    assert db.session.get(PolicyEntry, old.id)


def test_send_digests_queues_once_per_person_and_period(app, db, cast):
    at = next_monday()
    cast.meeting((at.date() - cast["officer"].created_at.date()).days + 2)
    daily = cast["staff_a"]
    daily.digest_frequency = DigestFrequency.DAILY
    cast["lead_b"].digest_frequency = DigestFrequency.NONE
    db.session.commit()
    summary = tasks.send_digests(at)
    rows = outbox("digest")
    people = {r.person_id for r in rows}
    assert cast["lead_b"].id not in people, "chose no digest"
    assert daily.id in people and cast["lead_a"].id in people and cast["observer"].id in people
    assert summary.startswith(f"{len(rows)} digests queued")
    assert tasks.send_digests(at).startswith(f"0 digests queued, {len(rows)} already queued")
    assert len(outbox("digest")) == len(rows)
    tuesday = tasks.send_digests(at + timedelta(days=1))
    assert tuesday.startswith("1 digests queued"), tuesday
    assert outbox("digest")[-1].person_id == daily.id
    key = next(r.key for r in rows if r.person_id == daily.id)
    assert key == f"digest:{daily.id}:daily:{at:%Y-%m-%d}"
    row = next(r for r in rows if r.person_id == cast["lead_a"].id)
    assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert row.headers["List-Unsubscribe"].startswith("<http://portal.test/digest/unsubscribe/")


def _grow(cast, people: int, meetings: int) -> list[Person]:
    from network.extensions import db

    at = next_monday()
    days = (at.date() - cast["officer"].created_at.date()).days
    made = []
    for n in range(people):
        office = OfficeFactory()
        made.append(PersonFactory(role=Role.MEMBER_LEAD if n % 2 else Role.MEMBER_STAFF,
                                  office=office))
        overdue_action(actor=cast["officer"], owner_office=office, days=-1 - n % 5)
    for n in range(meetings):
        cast.meeting(days + 2 + (n * 13) % 60)  # within the four weeks and beyond
    db.session.commit()
    return made


def _loaded(people: list[Person]) -> list[Person]:
    from network.extensions import db

    ids = [p.id for p in people]
    return list(db.session.scalars(select(Person).where(Person.id.in_(ids)).order_by(Person.id)))


def test_queries_per_digest_do_not_grow_with_people_or_meetings(app, db, cast):
    at = next_monday()
    small = _loaded(_grow(cast, people=3, meetings=3))
    with counting_queries() as few:
        build_digests(small, DigestFrequency.WEEKLY, at)
    many = _loaded(small + _grow(cast, people=30, meetings=20))
    with counting_queries() as lots:
        digests = build_digests(many, DigestFrequency.WEEKLY, at)
    assert len(lots) == len(few), "\n".join(lots)
    assert len(lots) <= 20
    assert all(d.sections for d in digests)


def test_the_one_click_link_stops_the_digest_without_a_session_or_csrf_token(app, db, cast,
                                                                            monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    person = cast["staff_a"]
    token = unsubscribe_token(person)
    client = app.test_client()
    page = client.get(f"/digest/unsubscribe/{token}")
    assert page.status_code == 200 and b"Stop the digest emails" in page.data
    db.session.refresh(person)
    assert person.digest_frequency == DigestFrequency.WEEKLY, "a GET changes nothing"
    tampered = client.post(f"/digest/unsubscribe/{token[:-2]}xx",
                           data={"List-Unsubscribe": "One-Click"})
    assert tampered.status_code == 404
    other = unsubscribe_token(cast["lead_a"]).split(".")[0] + "." + token.split(".")[1]
    assert client.post(f"/digest/unsubscribe/{other}").status_code == 404
    done = client.post(f"/digest/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"Digest emails stopped" in done.data
    db.session.expire_all()
    assert db.session.get(Person, person.id).digest_frequency == DigestFrequency.NONE
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "digest.preference_changed"))
    assert entry.after["via"] == "one-click link"
    # another form on the site still needs its CSRF token
    assert client.post("/sign-in", data={"email": "x@example.org",
                                         "password": "x"}).status_code == 400


def test_the_preference_page_changes_only_your_own_digest(app, db, cast, clients):
    page = clients["member_staff"].get("/digest/preference")
    assert page.status_code == 200 and b"How often do you want the digest?" in page.data
    bad = clients["member_staff"].post("/digest/preference", data={"frequency": "hourly"})
    assert bad.status_code == 400 and b"govuk-error-summary" in bad.data
    saved = clients["member_staff"].post("/digest/preference", data={"frequency": "daily"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, cast["staff_a"].id).digest_frequency == DigestFrequency.DAILY
    assert db.session.get(Person, cast["lead_a"].id).digest_frequency == DigestFrequency.WEEKLY


def test_your_next_digest_shows_it_exactly_as_it_would_be_sent(app, db, cast, clients):
    overdue_action(actor=cast["officer"], owner_office=cast["office_a"], days=-2,
                  description="Send the skills figures")
    db.session.commit()
    page = clients["member_staff"].get("/digest/")
    assert page.status_code == 200
    assert b"Your weekly digest for the week of" in page.data
    assert b"Send the skills figures" in page.data  # the text part, in full
    html = clients["member_staff"].get("/digest/next.html")
    assert html.status_code == 200 and b"<h2" in html.data
    assert b"Send the skills figures" in html.data
    assert "style-src 'unsafe-inline'" in html.headers["Content-Security-Policy"]
    assert "script-src" not in html.headers["Content-Security-Policy"]
    assert html.headers["X-Frame-Options"] == "SAMEORIGIN"
    from network.email import render_bodies

    [digest] = build_digests([cast["staff_a"]], DigestFrequency.WEEKLY,
                             next_send(DigestFrequency.WEEKLY, local_at(
                                 cast["staff_a"].created_at.date(), 8)))
    text, sent_html = render_bodies("digest", subject=digest.subject, person=cast["staff_a"],
                                    digest=digest, network_name=app.config["NETWORK_NAME"],
                                    base_url="http://portal.test")
    assert html.data.decode() == sent_html, "the frame shows the very HTML the email holds"


@pytest.mark.parametrize("role", ["member_lead", "observer", "secretariat"])
def test_every_role_can_see_its_next_digest(clients, role):
    assert clients[role].get("/digest/").status_code == 200


def test_your_office_items_shows_the_first_few_of_each_office_and_counts_the_rest(app, db,
                                                                                cast):
    """Each office's section lists its first ROWS_SHOWN items by meeting date and counts the
    others (the batch now loads only the rows shown: tests/test_query_budget.py)."""
    from network.digest_parts import ROWS_SHOWN
    from tests.factories import AgendaItemFactory

    at = next_monday()
    days = (at.date() - cast["officer"].created_at.date()).days
    early, late = cast.meeting(days + 3), cast.meeting(days + 30)
    mine = [AgendaItemFactory(meeting=meeting, office_id=cast["office_a"].id,
                              title=f"A's item {n}")
            for n, meeting in enumerate([late] * 4 + [early] * (ROWS_SHOWN + 1))]
    AgendaItemFactory(meeting=early, office_id=cast["office_b"].id, title="B's item")
    db.session.commit()

    lead_digest, b_digest = build_digests([cast["lead_a"], cast["lead_b"]],
                                          DigestFrequency.WEEKLY, at)
    [section] = [s for s in lead_digest.sections if s.title == "Your office's items"]
    assert [r.text.split(" (")[0] for r in section.rows] == [
        i.title for i in mine[4:4 + ROWS_SHOWN]], "the earliest meeting first"
    assert section.more == len(mine) - ROWS_SHOWN
    [b_section] = [s for s in b_digest.sections if s.title == "Your office's items"]
    assert [r.text.split(" (")[0] for r in b_section.rows] == ["B's item"]
    assert b_section.more == 0


def test_submission_deadlines_show_the_first_few_of_each_office_and_count_the_rest(app, db,
                                                                                  cast):
    """Each member office sees the open meetings it is invited to, soonest deadline first:
    the first ROWS_SHOWN listed, the rest counted, and only the meetings listed are loaded
    (a preview for one person does not load every open meeting of the network)."""
    from network.digest_parts import ROWS_SHOWN
    from network.workplan.meetings.models import Meeting

    at = next_monday()
    days = (at.date() - cast["officer"].created_at.date()).days
    everyone = [cast.meeting(days + 40 + n, title=f"All {n}").title
                for n in range(ROWS_SHOWN + 2)]
    only_b = [cast.meeting(days + 35 + n, title=f"B only {n}",
                           invited_offices=[cast["office_b"]]).title for n in range(3)]
    ids = [cast[k].id for k in ("lead_a", "lead_b")]
    db.session.expunge_all()

    lead_a, lead_b = (db.session.get(Person, i) for i in ids)
    loaded = set()

    def seen(meeting, context):
        loaded.add(meeting.title)

    event.listen(Meeting, "load", seen)
    try:
        a_digest, b_digest = build_digests([lead_a, lead_b], DigestFrequency.WEEKLY, at)
    finally:
        event.remove(Meeting, "load", seen)
    [a] = [s for s in a_digest.sections if s.title == "Submission windows and deadlines"]
    [b] = [s for s in b_digest.sections if s.title == "Submission windows and deadlines"]
    assert [r.text.split(" are due")[0] for r in a.rows] == [
        f"Items for {title}" for title in everyone[:ROWS_SHOWN]]
    assert a.more == 2
    assert [r.text.split(" are due")[0] for r in b.rows] == [
        f"Items for {title}" for title in (only_b + everyone)[:ROWS_SHOWN]]
    assert b.more == 5
    listed = set(everyone[:ROWS_SHOWN] + (only_b + everyone)[:ROWS_SHOWN])
    assert loaded <= listed, "a meeting the digest does not list was loaded"
