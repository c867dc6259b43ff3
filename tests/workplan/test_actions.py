"""Actions through the pages: record, update by the owner office, filter, export, matters
arising, and a fixed number of queries however many actions there are."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.errors import Conflict, Forbidden, ValidationFailed
from network.members.models import Person, Role
from network.time import at, today
from network.workplan.actions.models import Action, ActionStatus, ActionUpdate
from network.workplan.actions.queries import matters_arising
from network.workplan.actions.services import create_action, update_action
from network.workplan.meetings.models import MeetingKind
from network.workplan.workstreams.models import Workstream
from tests.conftest import sign_in_client
from tests.factories import LONDON, ActionFactory
from tests.queries import counting_queries


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _action(cast, key="a", days=14, **extra):
    extra.setdefault("description", f"Send the {key} figures")
    return ActionFactory(actor=cast["officer"], owner_office=cast[f"office_{key}"], days=days,
                         **extra)


def _form(day, **extra):
    return {"description": "Write to DfT about bus funding", "owner_office": "",
            "owner_person": "", "due_on": [str(day.day), str(day.month), str(day.year)],
            "workstream": "", **extra}


def test_journey_record_from_an_item_update_by_the_owner_office(app, db, cast, client_request):
    growth = Workstream(name="Local growth", slug="local-growth")
    db.session.add(growth)
    meeting, item = cast.held_meeting(title="Plenary")
    officer = sign_in_client(app, cast["officer"])
    due = today() + timedelta(days=21)
    page = client_request.get("actions.new", item_id=item.id, _as="officer")
    assert b"Plenary" in page.data
    response = officer.post(f"/actions/new?item_id={item.id}", data=_form(
        due, owner_office=str(cast["office_a"].id), owner_person=str(cast["staff_a"].id),
        workstream=str(growth.id)))
    assert response.status_code == 302, response.data
    action = db.session.scalar(select(Action))
    assert (action.meeting_id, action.item_id, action.owner_person_id, action.due_on,
            action.workstream_id, action.status) == (meeting.id, item.id, cast["staff_a"].id,
                                                     due, growth.id, ActionStatus.OPEN)
    staff_a = sign_in_client(app, cast["staff_a"])
    detail = client_request.get("actions.detail", action_id=action.id, _as="staff_a")
    assert b"Update this action" in detail.data
    assert staff_a.post(f"/actions/{action.id}/update", data={
        "status": "in_progress", "note": "Draft with the **mayor**"}).status_code == 302
    detail = client_request.get("actions.detail", action_id=action.id, _as="staff_a")
    assert b"<strong>mayor</strong>" in detail.data and b"In progress" in detail.data
    # another office sees the action (the meeting invited everyone) but cannot touch it
    staff_b = sign_in_client(app, cast["staff_b"])
    assert b"Update this action" not in client_request.get(
        "actions.detail", action_id=action.id, _as="staff_b").data
    assert staff_b.get(f"/actions/{action.id}/update").status_code == 403
    assert staff_b.post(f"/actions/{action.id}/update",
                        data={"status": "done", "note": "Not ours"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Action, action.id).status == ActionStatus.IN_PROGRESS
    assert _count(db, ActionUpdate) == 1
    assert {e.action for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "action"))} == {"action.created", "action.updated"}
    # members never record actions; observers have no action log
    assert staff_a.post("/actions/new", data=_form(due)).status_code == 403
    observer = sign_in_client(app, cast["observer"])
    assert observer.get("/actions/").status_code == 403
    assert observer.get(f"/actions/{action.id}").status_code == 403
    assert _count(db, Action) == 1


@pytest.mark.parametrize("change, message", [
    ({"description": "  "}, b"Enter a description of the action"),
    ({"days": -1}, b"or later"),
    ({"owner_person": "other"}, b"is not in"),
    ({"owner_office": ""}, b"Choose the office or the person who owns the action"),
    ({"due_on": ["31", "2", "2027"]}, b"must be a real date"),
    ({"due_on": ["", "", ""]}, b"Enter the date the action is due"),
    ({"owner_office": "999999"}, b"Select one of the options"),
])
def test_bad_actions_are_refused_and_nothing_is_saved(app, db, cast, change, message):
    officer = sign_in_client(app, cast["officer"])
    due = today() + timedelta(days=change.pop("days", 7))
    data = _form(due, owner_office=str(cast["office_a"].id))
    if change.get("owner_person") == "other":
        change["owner_person"] = str(cast["staff_b"].id)
    data.update(change)
    response = officer.post("/actions/new", data=data)
    assert response.status_code == 400 and message in response.data, response.data
    assert b"govuk-error-summary" in response.data
    assert _count(db, Action) == 0 and _count(db, AuditEntry,
                                              AuditEntry.action == "action.created") == 0


def test_the_owner_person_is_chosen_from_people_grouped_by_office(app, db, cast,
                                                                  client_request):
    # issue 14: not one flat select of everyone in the network, but a group per office
    from tests.factories import PersonFactory

    PersonFactory(role=Role.MEMBER_STAFF, office=cast["office_a"], name="Aaron Early")
    PersonFactory(role=Role.MEMBER_STAFF, office=cast["office_a"], name="Zoe Late")
    PersonFactory(role=Role.MEMBER_STAFF, office=cast["office_b"], name="Gone Away",
                  is_active=False)
    db.session.commit()
    page = client_request.get("actions.new", _as="officer")
    owner = page.find("select", id="owner_person")
    assert "govuk-select" in owner.get("class").split()
    first = owner.find("option")
    assert first.parent is owner and (first.get("value"), first.text) == (
        "", "No one in particular")
    groups = {g.get("label"): [(o.get("value"), o.text) for o in g.find_all("option")]
              for g in owner.find_all("optgroup")}
    office_a, office_b = cast["office_a"], cast["office_b"]
    assert list(groups) == ["Secretariat", *sorted([office_a.name, office_b.name])]

    def people(*who):
        return sorted(((str(p.id), p.name) for p in who), key=lambda pair: pair[1])

    assert groups["Secretariat"] == people(cast["admin"], cast["officer"])
    a_people = db.session.scalars(select(Person).where(
        Person.office_id == office_a.id, Person.is_active.is_(True))).all()
    assert groups[office_a.name] == people(*a_people) and len(a_people) == 4
    assert groups[office_b.name] == people(cast["lead_b"], cast["staff_b"]), "active only"
    assert not any(cast["observer"].name == name for g in groups.values() for _, name in g)
    # a choice from a group saves; a value from no group is refused in GOV.UK words
    due = today() + timedelta(days=7)
    officer = sign_in_client(app, cast["officer"])
    saved = officer.post("/actions/new", data=_form(due, owner_person=str(cast["staff_b"].id)))
    assert saved.status_code == 302, saved.data
    assert db.session.scalar(select(Action.owner_person_id)) == cast["staff_b"].id
    refused = client_request.post("actions.new", _as="officer", _expected_status=400,
                                  _data=_form(due, owner_person=str(cast["observer"].id)))
    message = "Select one of the options in the list for ‘Owner person’"
    assert message in refused.find("div", class_="govuk-error-summary").text
    assert _count(db, Action) == 1


def test_due_today_is_fine_and_a_person_alone_brings_their_office(db, cast):
    action = create_action(cast["officer"], {"description": "Circulate", "due_on": today(),
                                             "owner_person_id": cast["lead_b"].id})
    assert action.owner_office_id == cast["office_b"].id


def test_actions_wait_for_the_meeting_to_be_held(db, cast):
    meeting = cast.meeting(30)
    with pytest.raises(Conflict):
        _action(cast, meeting_id=meeting.id)
    with pytest.raises(Forbidden):
        create_action(cast["lead_a"], {"description": "x", "due_on": today(),
                                       "owner_office_id": cast["office_a"].id})


def test_an_update_needs_a_note_or_a_new_status(app, db, cast):
    action = _action(cast)
    db.session.commit()
    staff = sign_in_client(app, cast["staff_a"])
    response = staff.post(f"/actions/{action.id}/update", data={"status": "open", "note": ""})
    assert response.status_code == 400 and b"Write a note or change the status" in response.data
    response = staff.post(f"/actions/{action.id}/update", data={"status": "finished"})
    assert response.status_code == 400 and _count(db, ActionUpdate) == 0
    with pytest.raises(Forbidden):
        update_action(cast["lead_b"], action, "done", "")


def _filter_fixture(db, cast):
    growth = Workstream(name="Local growth", slug="local-growth")
    db.session.add(growth)
    db.session.flush()
    meeting, _ = cast.held_meeting(title="Plenary")
    made = {"a_open": _action(cast, "a"), "b_open": _action(cast, "b", meeting_id=meeting.id),
            "a_done": _action(cast, "a", workstream_id=growth.id),
            "a_late": _action(cast, "a", days=0)}
    update_action(cast["officer"], made["a_done"], "done", "Sent")
    made["a_late"].due_on = today() - timedelta(days=3)
    made["a_late"].description = "=HYPERLINK(\"http://evil.example\",\"Click\")"
    db.session.commit()
    return made, meeting, growth


def test_filters_and_what_my_office_owes(app, db, cast):
    made, meeting, growth = _filter_fixture(db, cast)
    officer = sign_in_client(app, cast["officer"])

    def listed(**query):
        response = officer.get("/actions/", query_string=query)
        assert response.status_code == 200
        return {k for k, a in made.items() if f'/actions/{a.id}"'.encode() in response.data}

    assert listed() == set(made)
    assert listed(office=str(cast["office_a"].id)) == {"a_open", "a_done", "a_late"}
    assert listed(status="done") == {"a_done"}
    assert listed(overdue="y") == {"a_late"}
    assert listed(meeting=str(meeting.id)) == {"b_open"}
    assert listed(workstream=str(growth.id)) == {"a_done"}
    assert officer.get("/actions/?status=finished").status_code == 400
    staff = sign_in_client(app, cast["staff_a"])
    page = staff.get("/actions/").data.decode()
    owes = page[page.index("What your office owes"):page.index("Action log")]
    assert f"/actions/{made['a_late'].id}\"" in owes and f"/actions/{made['a_open'].id}\"" in owes
    assert f"/actions/{made['a_done'].id}\"" not in owes
    assert f"/actions/{made['b_open'].id}\"" not in owes
    assert owes.index(f"/actions/{made['a_late'].id}\"") < owes.index(
        f"/actions/{made['a_open'].id}\"")  # soonest due first
    assert "What your office owes" not in officer.get("/actions/").data.decode()


def test_csv_and_excel_exports_carry_the_filtered_rows_safely(app, db, cast):
    made, _, _ = _filter_fixture(db, cast)
    officer = sign_in_client(app, cast["officer"])
    response = officer.get("/actions/export.csv", query_string={
        "office": str(cast["office_a"].id)})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    assert rows[0][:3] == ["Reference", "Action", "Owner office"]
    assert {r[0] for r in rows[1:]} == {f"A{made[k].id}" for k in ("a_open", "a_done", "a_late")}
    late = next(r for r in rows if r[0] == f"A{made['a_late'].id}")
    assert late[1].startswith("'=HYPERLINK") and late[6] == "Yes"
    assert late[4] == (today() - timedelta(days=3)).isoformat()
    response = officer.get("/actions/export.xlsx", query_string={"overdue": "y"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Reference" and len(values) == 2
    assert values[1][1].startswith("'=HYPERLINK")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert values[1][4].date() == today() - timedelta(days=3)
    assert officer.get("/actions/export.csv?status=finished").status_code == 400
    observer = sign_in_client(app, cast["observer"])
    assert observer.get("/actions/export.csv").status_code == 403
    assert observer.get("/actions/export.xlsx").status_code == 403


def test_members_see_actions_of_meetings_their_office_is_invited_to(app, db, cast):
    private, _ = cast.held_meeting(title="Only B", offices=[cast["office_b"]])
    theirs = _action(cast, "b", meeting_id=private.id)
    db.session.commit()
    staff_a = sign_in_client(app, cast["staff_a"])
    assert staff_a.get(f"/actions/{theirs.id}").status_code == 404
    assert f'/actions/{theirs.id}"'.encode() not in staff_a.get("/actions/").data
    assert staff_a.get("/actions/nonsense").status_code == 404
    assert sign_in_client(app, cast["staff_b"]).get(f"/actions/{theirs.id}").status_code == 200


def test_matters_arising_lists_open_actions_from_earlier_meetings_of_the_same_kind(db, cast):
    start = datetime.now(LONDON).replace(hour=10, minute=0, second=0, microsecond=0)
    first, _ = cast.held_meeting(start - timedelta(days=60), title="First")
    chiefs, _ = cast.held_meeting(start - timedelta(days=50), title="Chiefs",
                             kind=MeetingKind.CHIEF_EXECS)
    second, _ = cast.held_meeting(start - timedelta(days=30), title="Second")
    upcoming = cast.meeting(20)
    still_open = _action(cast, meeting_id=first.id)
    in_progress = _action(cast, meeting_id=second.id)
    update_action(cast["officer"], in_progress, "in_progress", "")
    finished = _action(cast, meeting_id=first.id)
    update_action(cast["officer"], finished, "done", "")
    other_kind = _action(cast, meeting_id=chiefs.id)
    standalone_due = _action(cast, days=0)
    standalone_due.due_on = today() - timedelta(days=1)
    standalone_later = _action(cast, days=40)
    db.session.commit()
    ids = [a.id for a in matters_arising(upcoming, cast["officer"])]
    assert set(ids) == {still_open.id, in_progress.id, standalone_due.id}
    assert other_kind.id not in ids and standalone_later.id not in ids
    assert {a.id for a in matters_arising(second, cast["officer"])} == {still_open.id}
    assert {a.id for a in matters_arising(chiefs, cast["officer"])} == set()
    assert matters_arising(upcoming, cast["officer"])[0].owner_office.name  # loaded, no lazy load


def test_matters_arising_shows_only_actions_the_viewer_may_see(app, db, cast):
    start = datetime.now(LONDON).replace(hour=10, minute=0, second=0, microsecond=0)
    private, _ = cast.held_meeting(start - timedelta(days=30), title="Only B",
                                   offices=[cast["office_b"]])
    open_meeting, _ = cast.held_meeting(start - timedelta(days=20), title="Everyone")
    secret = _action(cast, "b", meeting_id=private.id, description="B's private follow-up")
    shared = _action(cast, "b", meeting_id=open_meeting.id, description="Shared follow-up")
    upcoming = cast.meeting(20)
    db.session.commit()
    page = sign_in_client(app, cast["staff_a"]).get(f"/meetings/{upcoming.id}")
    assert page.status_code == 200
    assert b"Shared follow-up" in page.data
    assert b"B's private follow-up" not in page.data  # its own page answers 404 to office A
    assert {a.id for a in matters_arising(upcoming, cast["staff_a"])} == {shared.id}
    assert {a.id for a in matters_arising(upcoming, cast["staff_b"])} == {secret.id, shared.id}


def test_action_pages_run_a_fixed_number_of_queries(app, db, cast):
    growth = Workstream(name="Local growth", slug="local-growth")
    db.session.add(growth)
    db.session.flush()
    meeting, _ = cast.held_meeting(title="Plenary")
    officer = sign_in_client(app, cast["officer"])
    member = sign_in_client(app, cast["lead_a"])

    def add(n):
        for k in range(n):
            action = _action(cast, "ab"[k % 2], days=k % 30, workstream_id=growth.id,
                             meeting_id=meeting.id if k % 3 else None,
                             owner_person_id=cast["staff_a"].id if k % 2 == 0 else None)
            if k % 5 == 0:
                update_action(cast["officer"], action, "in_progress", f"Note {k}")
        db.session.commit()

    def counts():
        result = {}
        for who, client in (("officer", officer), ("member", member)):
            for path in ("/actions/", "/actions/export.csv", "/actions/export.xlsx",
                         f"/actions/?office={cast['office_a'].id}&overdue=y"):
                with counting_queries() as statements:
                    assert client.get(path).status_code == 200, path
                result[(who, path)] = len(statements)
        return result

    add(10)
    small = counts()
    add(190)
    assert counts() == small
    # the member's page adds what the office owes; both lists are counted
    assert max(small.values()) <= 18, small
    assert _count(db, Action) == 200


def test_a_past_due_date_needs_the_recorded_late_path_which_the_action_then_shows(
        app, db, cast, client_request):
    _, item = cast.held_meeting(title="Plenary", starts_at=at(today() - timedelta(days=30), 10))
    officer = sign_in_client(app, cast["officer"])
    due = today() - timedelta(days=5)
    data = _form(due, owner_office=str(cast["office_a"].id))
    refused = officer.post(f"/actions/new?item_id={item.id}", data=data)
    assert refused.status_code == 400 and b"recorded after the meeting" in refused.data
    assert _count(db, Action) == 0
    no_reason = officer.post(f"/actions/new?item_id={item.id}",
                             data={**data, "is_recorded_late": "y"})
    assert no_reason.status_code == 400
    assert b"Enter the reason the action is recorded after its due date" in no_reason.data
    assert _count(db, Action) == 0
    saved = officer.post(f"/actions/new?item_id={item.id}", data={
        **data, "is_recorded_late": "y",
        "recorded_late_reason": "The department's note reached us after the date"})
    assert saved.status_code == 302, saved.data
    action = db.session.scalar(select(Action))
    assert (action.is_recorded_late, action.due_on) == (True, due)
    assert action.recorded_late_reason == "The department's note reached us after the date"
    page = client_request.get("actions.detail", action_id=action.id, _as="staff_a")
    assert b"Recorded late" in page.data and b"Overdue" in page.data
    assert "note reached us after the date" in page.text, page.text
    log = client_request.get("actions.index", _as="officer")
    assert b"Recorded late" in log.data


def test_recorded_late_only_when_the_due_date_has_passed_and_never_before_the_meeting(db, cast):
    _, item = cast.held_meeting(title="Plenary", starts_at=at(today() - timedelta(days=30), 10))
    on_time = create_action(cast["officer"], {
        "description": "Circulate", "due_on": today(), "owner_office_id": cast["office_a"].id,
        "item_id": item.id, "is_recorded_late": True, "recorded_late_reason": "Late note"})
    assert (on_time.is_recorded_late, on_time.recorded_late_reason) == (False, "")
    with pytest.raises(ValidationFailed, match="on or after the day of the meeting"):
        create_action(cast["officer"], {
            "description": "x", "due_on": today() - timedelta(days=40),
            "owner_office_id": cast["office_a"].id, "item_id": item.id,
            "is_recorded_late": True, "recorded_late_reason": "Late note"})
    with pytest.raises(ValidationFailed, match="or later"):
        create_action(cast["officer"], {"description": "x", "due_on": today() - timedelta(days=1),
                                        "owner_office_id": cast["office_a"].id})
