"""Bad input where it enters: control characters in web addresses and forms, integers past
what the database holds, the sign-in `next` address, and exports of stored control text."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from network.db import utcnow
from network.extensions import db as _db
from network.inputs import clean_text, safe_query_text
from network.members.auth import safe_next
from network.members.models import Role
from network.members.services.tokens import create_api_token
from network.workplan.actions.models import Action, ActionUpdate
from network.workplan.items.models import AgendaItem, ItemPurpose, ItemStatus
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import MeetingKind, MeetingStatus
from network.workplan.minutes.models import Declaration
from tests.conftest import sign_in_client
from tests.factories import PASSWORD, PersonFactory

BIG = ["2147483648", "99999999999999999999999", "-1", "0", "1e3", "abc"]


def _meeting(people, open_items=True, days=40):
    start = utcnow() + timedelta(days=days)
    meeting = meeting_service.create_meeting(people["secretariat"], {
        "title": "Input meeting", "kind": MeetingKind.MAYORS, "starts_at": start,
        "ends_at": start + timedelta(hours=2), "venue": "Hall", "is_all_offices": True}, [], [])
    if open_items:
        meeting_service.open_for_items(people["secretariat"], meeting)
    _db.session.commit()
    return meeting


def _action(people, office, description="Send the figures"):
    action = Action(description=description, owner_office_id=office.id,
                    due_on=(utcnow() + timedelta(days=10)).date(),
                    created_by_id=people["secretariat"].id)
    _db.session.add(action)
    _db.session.commit()
    return action


# --- the rule itself ------------------------------------------------------------------------

def test_clean_text_keeps_tab_and_newlines_and_drops_other_controls():
    assert clean_text("a\x00b\x07c\td\r\ne\x1bf\x7f\ufffe") == "abc\td\r\nef\x7f"
    assert clean_text(None) == ""
    assert safe_query_text("a\tb") and safe_query_text("ok é")
    for bad in ("a\x00", "\x07", "a\nb", "a\rb", "\x1f", "\ufffe"):
        assert not safe_query_text(bad), repr(bad)


# --- item 11: control characters in web addresses -------------------------------------------

@pytest.mark.parametrize("url", [
    "/people/?q=%00", "/people/?q=a%07", "/audit/?person=%00", "/decisions/?q=%00",
    "/actions/?meeting=%00", "/meetings/?anything=%0D%0A", "/people/?q%00=x",
    "/offices/%00", "/people/%00x",
])
def test_control_characters_in_a_web_address_are_refused_clearly(clients, url):
    response = clients["secretariat_admin"].get(url)
    assert response.status_code == 400, response.data[:300]
    assert b"The web address contains characters that are not allowed" in response.data


@pytest.mark.parametrize("url", ["/people/?q=ok&q=%00", "/people/?q=ok&q=a%07",
                                 "/meetings/?show=all&q=x&q=%0A", "/people/?q=%00&q=ok"])
def test_control_characters_in_a_repeated_query_argument_are_refused_clearly(clients, url):
    # every value counts, not only the first a view reads with request.args.get
    response = clients["secretariat_admin"].get(url)
    assert response.status_code == 400, response.data[:300]
    assert b"The web address contains characters that are not allowed" in response.data


def test_a_tab_in_a_search_is_allowed(clients):
    assert clients["secretariat_admin"].get("/people/?q=a%09b").status_code == 200


def test_control_characters_in_an_api_query_get_the_json_envelope(clients):
    response = clients["member_lead"].get("/api/v1/actions?status=%00")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert "characters that are not allowed" in response.get_json()["error"]["message"]
    assert clients["member_lead"].get("/api/v1/offices/%00").status_code == 400


@pytest.mark.parametrize("query", ["status=open&status=%00", "page=1&q=x&status=open&status=%1B"])
def test_control_characters_in_a_repeated_api_argument_get_the_json_envelope(clients, query):
    response = clients["member_lead"].get(f"/api/v1/actions?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and "characters that are not allowed" in error["message"]


# --- item 11 and issue 9 item 1: control characters in forms are removed ---------------------

def test_control_characters_in_a_note_are_removed_before_saving(clients, people, office):
    action = _action(people, office)
    response = clients["member_lead"].post(f"/actions/{action.id}/update", data={
        "status": "in_progress", "note": "Sent\x00 on\x07 Friday\r\nSecond line\tend"})
    assert response.status_code == 302
    _db.session.expire_all()
    update = _db.session.scalar(select(ActionUpdate))
    assert update.note == "Sent on Friday\r\nSecond line\tend"


def test_control_characters_in_an_item_are_removed_before_saving(clients, people):
    meeting = _meeting(people)
    response = clients["member_lead"].post(f"/meetings/{meeting.id}/items/new", data={
        "title": "Bus\x00 franchising\x1b", "purpose": "for_decision",
        "summary": "Agree\x00 the\x0b ask\x07", "minutes_requested": "10", "presenter": "",
        "workstream": "", "late_reason": ""})
    assert response.status_code == 302, response.data[:500]
    _db.session.expire_all()
    item = _db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                       AgendaItem.office_id.is_not(None)))
    assert (item.title, item.summary) == ("Bus franchising", "Agree the ask")


def test_control_characters_in_api_json_are_refused_with_the_envelope(client, people, office):
    action = _action(people, office)
    _, raw = create_api_token(people["member_lead"], office, "crm")
    _db.session.commit()
    response = client.patch(f"/api/v1/actions/{action.id}",
                            headers={"Authorization": f"Bearer {raw}"},
                            json={"status": "done", "note": "Sent\u0000 on Friday\u0007"})
    assert response.status_code == 422, response.data[:300]
    error = response.get_json()["error"]
    assert error["status"] == 422 and error["details"]["json"]["note"]
    assert _db.session.scalar(select(ActionUpdate)) is None


# --- item 12: integers past what the database holds ----------------------------------------

@pytest.mark.parametrize("value", BIG)
@pytest.mark.parametrize("url", ["/people/?office=", "/audit/?page=", "/actions/?page=",
                                 "/decisions/?page=", "/people/?page="])
def test_query_integers_out_of_range_are_a_clear_400(clients, url, value):
    response = clients["secretariat_admin"].get(url + value)
    assert response.status_code == 400, response.data[:300]
    assert b"must be a whole number" in response.data


@pytest.mark.parametrize("url", ["/people/?office=", "/audit/?page=", "/actions/?page=2",
                                 "/decisions/?page=1", "/people/?office=2147483647"])
def test_query_integers_in_range_still_work(clients, url):
    assert clients["secretariat_admin"].get(url).status_code == 200


# --- item 13: the address to go to after sign-in --------------------------------------------

@pytest.mark.parametrize("target", ["/\r\n//elsewhere.example", "/\t/elsewhere.example",
                                    "/\n/elsewhere.example", "/ /elsewhere.example",
                                    "/\x00", "/\\elsewhere.example", "//elsewhere.example",
                                    "https://elsewhere.example/"])
def test_safe_next_never_leaves_the_site(app, target):
    with app.test_request_context():
        assert safe_next(target) == "/"


def test_safe_next_keeps_a_same_site_path(app):
    with app.test_request_context():
        assert safe_next("/meetings/3?tab=papers") == "/meetings/3?tab=papers"


@pytest.mark.parametrize("role", [Role.MEMBER_STAFF, Role.SECRETARIAT])
def test_sign_in_with_a_newline_in_next_does_not_fail_or_leave(client, db, office, role):
    person = PersonFactory(role=role, office=office if role == Role.MEMBER_STAFF else None)
    db.session.commit()
    for next_ in ("/%0D%0A//elsewhere", "/%09/elsewhere"):
        response = client.post(f"/sign-in?next={next_}",
                               data={"email": person.email, "password": PASSWORD})
        assert response.status_code in (302, 400), response.status_code
        location = response.headers.get("Location", "")
        assert "elsewhere" not in location
        assert not location.startswith("//") and "://" not in location


# --- issue 9 item 1: every export survives stored control characters -----------------------

@pytest.fixture
def controls(database_url):
    """Control characters as a text box once stored them (PostgreSQL cannot store NUL)."""
    return "\x07\x0b\x1b" + ("" if database_url.startswith("postgresql") else "\x00")


def test_every_export_survives_stored_control_characters(app, db, people, office, controls):
    from network.workplan.meetings import tasks
    from network.workplan.meetings.calendar import create_feed
    from network.workplan.meetings.services import publish_agenda

    bad = f"Bad{controls}text"
    held = _meeting(people, open_items=False, days=-2)
    held.status = MeetingStatus.HELD
    held.title = f"Held {bad}"
    item = AgendaItem(meeting_id=held.id, title=f"Item {bad}", purpose=ItemPurpose.DECISION,
                      summary=f"Summary {bad}", status=ItemStatus.ACCEPTED, position=10,
                      duration_minutes=10, minute_text=f"Minute {bad}", presenter=bad)
    db.session.add(item)
    db.session.flush()
    db.session.add(Declaration(meeting_id=held.id, item_id=item.id, declared_by=f"Mayor {bad}",
                               interest=f"Interest {bad}", recorded_by_id=people["secretariat"].id))
    db.session.add(Action(description=f"Action {bad}", owner_office_id=office.id,
                          meeting_id=held.id, item_id=item.id,
                          due_on=(utcnow() + timedelta(days=5)).date(),
                          created_by_id=people["secretariat"].id))
    upcoming = _meeting(people, days=30)
    upcoming.title, upcoming.venue, upcoming.room = f"Next {bad}", f"Hall {bad}", bad
    db.session.add(AgendaItem(meeting_id=upcoming.id, title=f"Agenda {bad}",
                              purpose=ItemPurpose.DECISION, summary=bad, presenter=bad,
                              status=ItemStatus.ACCEPTED, position=10, duration_minutes=10))
    db.session.flush()
    publish_agenda(people["secretariat"], upcoming)
    feed = create_feed(people["member_lead"])
    db.session.commit()
    assert tasks.build_agenda_packs() == 1  # what the scheduler does after publishing

    officer = sign_in_client(app, people["secretariat"])
    lead = sign_in_client(app, people["member_lead"])
    exports = {
        f"/meetings/{held.id}/minutes.docx": officer, f"/meetings/{held.id}/minutes.pdf": officer,
        f"/meetings/{upcoming.id}/pack.pdf": officer,
        f"/meetings/{upcoming.id}/agenda.docx": officer,
        f"/meetings/{upcoming.id}/calendar.ics": lead, f"/calendar/{feed}.ics": lead,
        "/actions/export.csv": officer, "/actions/export.xlsx": officer,
    }
    for url, who in exports.items():
        response = who.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if url.endswith((".csv", ".ics")):
            assert not any(c.encode() in response.data for c in "\x00\x07\x1b"), url
    from docx import Document

    word = Document(io.BytesIO(officer.get(f"/meetings/{held.id}/minutes.docx").data))
    assert any("Minute Badtext" in p.text for p in word.paragraphs)
    assert any("Interest Badtext" in p.text for p in word.paragraphs)


def test_control_characters_in_the_user_agent_are_not_stored(client, db, office):
    from network.members.models import UserSession

    person = PersonFactory(role=Role.MEMBER_STAFF, office=office)
    db.session.commit()
    response = client.post("/sign-in", data={"email": person.email, "password": PASSWORD},
                           headers={"User-Agent": "Browser\x00\x07/1.0"})
    assert response.status_code == 302
    assert db.session.scalar(select(UserSession)).user_agent == "Browser/1.0"


def test_a_date_with_a_year_past_any_computer_integer_is_a_form_error(clients):
    from tests.test_security import GOOD_OFFICE

    response = clients["secretariat_admin"].post("/offices/new", data={
        **GOOD_OFFICE, "joined_on": ["1", "4", "99999999999999999999"]})
    assert response.status_code == 400
    assert b"must have a year with 4 numbers" in response.data
