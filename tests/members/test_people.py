"""Member offices and people through the pages: bad input, roles, deactivation, voters."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.members.models import Office, Person, Role
from tests.conftest import sign_in_client
from tests.factories import PASSWORD, OfficeFactory, PersonFactory

GOOD_OFFICE = {"name": "Mersey Combined Authority", "slug": "",
               "kind": "mayoral_combined_authority",
               "region": "North West", "mayor_name": "Jo Bloggs",
               "joined_on": ["1", "4", "2024"], "left_on": ["", "", ""], "status": "active"}


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_admin_adds_an_office_and_it_is_audited(db, clients):
    response = clients["secretariat_admin"].post("/offices/new", data=GOOD_OFFICE)
    assert response.status_code == 302
    office = db.session.scalar(select(Office).where(Office.slug == "mersey-combined-authority"))
    assert office.joined_on.isoformat() == "2024-04-01"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "office.created"))
    assert entry.after["name"] == "Mersey Combined Authority"
    assert entry.actor_id == clients["secretariat_admin"].person.id


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, b"Enter name"),
    ({"name": "x" * 201}, b"200 characters or fewer"),
    ({"kind": "castle"}, b"Select one of the options"),
    ({"joined_on": ["31", "2", "2024"]}, b"must be a real date"),
    ({"joined_on": ["1", "4"]}, b"must be a real date"),
    ({"joined_on": ["", "", ""]}, b"Enter the date the office joined"),
    ({"joined_on": ["1", "4", "24"]}, b"Date joined must have a year with 4 numbers, like 2026"),
    ({"joined_on": ["1", "4", "3000"]}, b"Date joined must be between 1900 and 2200"),
    ({"left_on": ["0", "100000000000000000000000", "2201"]}, b"must be a real date"),
    ({"slug": "Bad Slug!"}, b"lower-case letters"),
    ({"status": "left"}, b"Enter the date the office left"),
    ({"left_on": ["1", "1", "2020"]}, b"same as or after the date joined"),
    # other control characters are removed as the form is read (tests/test_inputs.py); a
    # newline, kept for multi-line text, is refused in a one-line field
    ({"name": "Two\r\nlines"}, b"control characters"),
])
def test_office_form_refuses_bad_input_and_saves_nothing(db, clients, change, message):
    before = _count(db, Office)
    response = clients["secretariat_admin"].post("/offices/new", data={**GOOD_OFFICE, **change})
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.data and message in response.data
    assert _count(db, Office) == before


@pytest.mark.cast(offices=1)  # the office counts below are the cast's only one
def test_hostile_text_is_escaped_not_executed(db, client_request):
    data = {**GOOD_OFFICE, "name": "<script>alert('x')</script> CA",
            "mayor_name": "Robert'); DROP TABLE office;--"}
    client_request.post("offices.new", _as="secretariat_admin", _data=data,
                        _expected_status=302)
    page = client_request.get("offices.index", _as="secretariat_admin")
    assert b"<script>alert" not in page.data
    assert b"&lt;script&gt;alert" in page.data
    assert b"DROP TABLE office" in page.data
    assert _count(db, Office) == 2


def test_duplicate_office_name_is_refused(db, clients, office):
    response = clients["secretariat_admin"].post("/offices/new",
                                                 data={**GOOD_OFFICE, "name": office.name})
    assert response.status_code == 400 and b"already has this name" in response.data


@pytest.mark.parametrize("change, message", [
    ({"email": ""}, b"Enter an email address"),
    ({"email": "nope"}, b"correct format"),
    ({"name": ""}, b"Enter full name"),
    ({"role": "emperor"}, b"Select one of the options"),
    ({"role": "member_staff", "office": ""}, b"Choose the office"),
    ({"role": "observer", "office": "OFFICE"}, b"does not belong to an office"),
    ({"office": "99999"}, b"Select one of the options"),
])
def test_invite_form_refuses_bad_input(db, clients, office, change, message):
    data = {"name": "New Person", "email": "new@example.org", "job_title": "",
            "role": "member_staff", "office": str(office.id), **change}
    if data["office"] == "OFFICE":
        data["office"] = str(office.id)
    before = _count(db, Person)
    response = clients["secretariat_admin"].post("/people/invite", data=data)
    assert response.status_code == 400 and message in response.data
    assert _count(db, Person) == before


def test_invite_existing_email_is_refused_case_insensitively(db, clients, people, office):
    existing = people["member_staff"].email.upper()
    response = clients["secretariat_admin"].post("/people/invite", data={
        "name": "Dup", "email": existing, "role": "member_staff", "office": str(office.id)})
    assert response.status_code == 400 and b"already has an account" in response.data


def test_deactivation_ends_every_session_and_blocks_sign_in(app, db, clients, people):
    staff = people["member_staff"]
    second = sign_in_client(app, staff)
    assert clients["member_staff"].get("/").status_code == 200
    response = clients["secretariat_admin"].post(f"/people/{staff.id}/deactivate")
    assert response.status_code == 302
    assert clients["member_staff"].get("/").status_code == 302
    assert second.get("/").status_code == 302
    refused = app.test_client().post("/sign-in", data={"email": staff.email, "password": PASSWORD})
    assert refused.status_code == 400
    assert clients["secretariat_admin"].post(f"/people/{staff.id}/reactivate").status_code == 302
    db.session.refresh(staff)
    assert staff.is_active


def test_change_role_ends_sessions_and_moves_office(db, clients, people, office):
    staff = people["member_staff"]
    other = OfficeFactory()
    db.session.commit()
    response = clients["secretariat_admin"].post(f"/people/{staff.id}/role", data={
        "role": "member_lead", "office": str(other.id)})
    assert response.status_code == 302
    db.session.refresh(staff)
    assert staff.role == Role.MEMBER_LEAD and staff.office_id == other.id
    assert clients["member_staff"].get("/").status_code == 302


def test_member_lead_manages_only_their_own_office(db, clients, people, office):
    outsider = PersonFactory(role=Role.MEMBER_STAFF, office=OfficeFactory())
    db.session.commit()
    lead = clients["member_lead"]
    assert lead.post(f"/people/{outsider.id}/deactivate").status_code == 403
    assert lead.post(f"/people/{outsider.id}/role",
                     data={"role": "member_lead", "office": str(office.id)}).status_code == 403
    db.session.refresh(outsider)
    assert outsider.is_active and outsider.role == Role.MEMBER_STAFF
    own = people["member_staff"]
    assert lead.post(f"/people/{own.id}/deactivate").status_code == 302
    assert lead.post(f"/people/{people['member_lead'].id}/deactivate").status_code == 403


def test_member_lead_cannot_give_secretariat_roles(db, clients, people, office):
    response = clients["member_lead"].post("/my-office/invite", data={
        "name": "Sneaky", "email": "sneaky@example.org", "role": "secretariat_admin",
        "office": str(office.id)})
    assert response.status_code == 400
    assert db.session.scalar(select(Person).where(Person.email == "sneaky@example.org")) is None


def test_lead_designates_voter_and_substitute(db, clients, people, office):
    lead, staff = people["member_lead"], people["member_staff"]
    same = clients["member_lead"].post("/my-office/voter", data={
        "voter": str(lead.id), "substitute": str(lead.id)})
    assert same.status_code == 400 and b"someone other than the voter" in same.data
    outsider = PersonFactory(role=Role.MEMBER_STAFF, office=OfficeFactory())
    db.session.commit()
    foreign = clients["member_lead"].post("/my-office/voter", data={
        "voter": str(outsider.id), "substitute": ""})
    assert foreign.status_code == 400
    ok = clients["member_lead"].post("/my-office/voter", data={
        "voter": str(lead.id), "substitute": str(staff.id)})
    assert ok.status_code == 302
    db.session.refresh(office)
    assert (office.voter_id, office.substitute_id) == (lead.id, staff.id)
    assert clients["member_staff"].post("/my-office/voter", data={
        "voter": str(staff.id), "substitute": ""}).status_code == 403
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "office.voter_designated"))
    assert entry.after == {"voter_id": lead.id, "substitute_id": staff.id}


def test_audit_log_filters_by_person_object_and_date(db, clients, people):
    admin = clients["secretariat_admin"]
    admin.post("/offices/new", data=GOOD_OFFICE)
    page = admin.get("/audit/?object_type=office")
    assert page.status_code == 200 and b"Added a member office" in page.data
    assert b'<option value="office" selected>Member office</option>' in page.data
    assert b"Invited a person" not in page.data
    page = admin.get(f"/audit/?person={people['secretariat_admin'].email}")
    assert b"Added a member office" in page.data
    none = admin.get("/audit/?date_from=1&date_from=1&date_from=2000&date_to=2&date_to=1&"
                     "date_to=2000")
    assert b"Added a member office" not in none.data
    bad = admin.get("/audit/?date_from=99&date_from=99&date_from=2020")
    assert bad.status_code == 400 and b"real date" in bad.data


def test_invitation_links_use_the_address_the_portal_is_served_on(app, db, people, office):
    from network.email import OutboxEmail
    from network.members.services.people import invite_person

    configured = app.config["SERVER_NAME_FOR_EMAIL"]
    app.config["SERVER_NAME_FOR_EMAIL"] = ""  # development: nothing set
    try:  # the request an administrator's invitation arrives in, on another address
        with app.test_request_context("/people/invite", base_url="http://10.9.8.7:8000/"):
            invite_person(people["secretariat_admin"], email="new.person@example.org",
                          name="New Person", job_title="", role=Role.MEMBER_STAFF, office=office)
            db.session.commit()
    finally:
        app.config["SERVER_NAME_FOR_EMAIL"] = configured
    email = db.session.scalar(select(OutboxEmail).where(
        OutboxEmail.to_address == "new.person@example.org"))
    assert "http://10.9.8.7:8000/" in email.text_body
    assert "127.0.0.1:5000" not in email.text_body
