"""Pages say why an action someone expects is not there, and what to do (item.submit)."""

from __future__ import annotations

from sqlalchemy import func, select

from network.workplan.items.models import AgendaItem, ItemStatus
from network.workplan.meetings.models import MeetingStatus
from tests.workplan.test_meetings import ITEM


def _reason(page) -> str:
    node = next((n for n in page.find_all("div", class_="govuk-inset-text")
                 if "data-reason" in n.attrs), None)
    return node.text if node else ""


def _submit_button(page) -> bool:
    return any(a.text == "Submit an item" for a in page.find_all("a", class_="govuk-button"))


def test_members_submit_after_an_early_agenda_until_the_deadline(db, cast, client_request):
    meeting = cast.meeting(30)
    meeting.status = MeetingStatus.AGENDA_PUBLISHED  # published before the deadline
    db.session.commit()
    page = client_request.get("meetings.detail", meeting_id=meeting.id, _as="lead_a")
    assert _submit_button(page) and not _reason(page)
    client_request.post("items.new", meeting_id=meeting.id, _as="lead_a", _data=ITEM)
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.office_id.is_not(None)))
    assert item.status == ItemStatus.SUBMITTED


def test_a_meeting_not_open_for_items_says_so_and_when_items_are_due(db, cast, client_request):
    meeting = cast.meeting(30, open_items=False)
    due = f"{meeting.submission_deadline_on:%-d %B %Y}"
    page = client_request.get("meetings.detail", meeting_id=meeting.id, _as="staff_a")
    assert not _submit_button(page)
    assert _reason(page) == (f"This meeting is not open for items yet. When the secretariat "
                             f"opens it, items are due by {due}.")
    form = client_request.get("items.new", meeting_id=meeting.id, _as="staff_a")
    assert "not open for items yet" in _reason(form) and form.find("textarea") is None
    refused = client_request.post("items.new", meeting_id=meeting.id, _as="staff_a", _data=ITEM,
                                  _expected_status=400)
    assert b"not open for items yet" in refused.data
    assert db.session.scalar(select(func.count()).select_from(AgendaItem).where(
        AgendaItem.office_id.is_not(None))) == 0


def test_a_passed_deadline_says_when_it_was_and_to_contact_the_secretariat(db, cast,
                                                                           client_request):
    meeting = cast.meeting(3)  # ten clear working days have gone
    due = f"{meeting.submission_deadline_on:%-d %B %Y}"
    page = client_request.get("meetings.detail", meeting_id=meeting.id, _as="lead_a")
    assert not _submit_button(page)
    assert _reason(page) == (f"The deadline for items was {due}. Contact the secretariat to "
                             "add a late item.")
    refused = client_request.post("items.new", meeting_id=meeting.id, _as="lead_a", _data=ITEM,
                                  _expected_status=400)
    assert f"The deadline for items was {due}".encode() in refused.data


def test_no_reason_where_no_one_expects_to_submit(db, cast, client_request):
    meeting = cast.meeting(3)
    for who in ("officer", "observer"):
        page = client_request.get("meetings.detail", meeting_id=meeting.id, _as=who)
        assert not _reason(page)
    held, _ = cast.held_meeting()
    assert not _reason(client_request.get("meetings.detail", meeting_id=held.id, _as="lead_a"))
