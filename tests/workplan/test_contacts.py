"""The contacts directory: the secretariat adds, changes and removes contacts; members see
office contacts only (predicate and clause agree); search and filters; bad input refused with
nothing saved; CSV (formula-safe) and vCard (RFC 6350: escaped, folded) exports; fixed queries."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.extensions import db as _db
from network.members import policy
from network.workplan.contacts import exports
from network.workplan.contacts.models import Contact
from network.workplan.contacts.queries import contact_with_links
from network.workplan.workstreams.models import Workstream
from tests.conftest import sign_in_client
from tests.factories import ContactFactory
from tests.queries import counting_queries


def _count(model, *where):
    return _db.session.scalar(select(func.count()).select_from(model).where(*where))


def _form(**extra):
    return {"name": "Priya Patel", "organisation": "Department for Transport",
            "job_title": "Deputy Director, Buses", "email": "priya.patel@dft.example.gov.uk",
            "phone": "+44 20 7944 0000", "office": "", "notes": "", **extra}


def _names(page) -> set[str]:
    return {a.text for a in page.find_all("a")
            if (a.get("href") or "").removeprefix("/contacts/").isdigit()}


def test_secretariat_adds_changes_and_removes_a_contact(db, cast, client_request):
    growth = Workstream(name="Local growth", slug="local-growth")
    db.session.add(growth)
    db.session.commit()
    meeting = cast.meeting(30)
    page = client_request.get("contacts.new", _as="officer")
    assert page.find("input", value=str(meeting.id)) is not None
    page = client_request.post("contacts.new", _as="officer", _data=_form(
        workstreams=[str(growth.id)], meetings=[str(meeting.id)]))
    contact = contact_with_links(db.session.scalar(select(Contact.id)))
    assert page.location == f"/contacts/{contact.id}"
    assert ([w.id for w in contact.workstreams], [m.id for m in contact.meetings]) == (
        [growth.id], [meeting.id])
    detail = client_request.get("contacts.detail", contact_id=contact.id, _as="officer")
    assert detail.find("a", href="mailto:priya.patel@dft.example.gov.uk") is not None
    assert detail.find("a", href=f"/meetings/{meeting.id}") is not None
    client_request.get("contacts.edit", contact_id=contact.id, _as="officer")
    client_request.post("contacts.edit", contact_id=contact.id, _as="officer",
                        _data=_form(job_title="Director", office=str(cast["office_a"].id)))
    db.session.expire_all()
    contact = contact_with_links(contact.id)
    assert (contact.job_title, contact.office_id, contact.workstreams) == (
        "Director", cast["office_a"].id, [])
    updated = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contact.updated"))
    assert updated.before == {"job_title": "Deputy Director, Buses", "office_id": None,
                              "workstream_ids": [growth.id], "meeting_ids": [meeting.id]}
    confirm = client_request.get("contacts.remove", contact_id=contact.id, _as="officer")
    assert "Remove Priya Patel" in confirm.h1
    client_request.post("contacts.remove", contact_id=contact.id, _as="officer",
                        _expected_redirect="/contacts/")
    assert _count(Contact) == 0
    assert list(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "contact").order_by(AuditEntry.id))) == [
        "contact.added", "contact.updated", "contact.removed"]
    log = client_request.get("audit.index", _as="admin").text
    assert all(words in log for words in ("Added a contact", "Changed a contact",
                                          "Removed a contact", "Priya Patel"))


def test_members_see_office_contacts_only(db, cast, client_request):
    officer = cast["officer"]
    own = ContactFactory(actor=officer, name="Alice Office", office_id=cast["office_a"].id)
    other = ContactFactory(actor=officer, name="Bob Office", office_id=cast["office_b"].id)
    official = ContactFactory(actor=officer, name="Carol Official")
    db.session.commit()
    for who in ("lead_a", "staff_b"):
        page = client_request.get("contacts.index", _as=who)
        assert _names(page) == {"Alice Office", "Bob Office"}
        assert page.find("a", href="/contacts/new") is None
        client_request.get("contacts.detail", contact_id=own.id, _as=who)
        client_request.get("contacts.detail", contact_id=official.id, _as=who,
                           _expected_status=404)
        for endpoint in ("contacts.edit", "contacts.remove"):
            client_request.get(endpoint, contact_id=own.id, _as=who, _expected_status=403)
        exported = client_request.get("contacts.export_csv", _as=who).data.decode()
        assert "Carol Official" not in exported and "Alice Office" in exported
        vcf = client_request.get("contacts.export_vcf", _as=who).data.decode()
        assert "Carol Official" not in vcf and vcf.count("BEGIN:VCARD") == 2
    assert _names(client_request.get("contacts.index", _as="officer")) == {
        "Alice Office", "Bob Office", "Carol Official"}
    client_request.get("contacts.index", _as="observer", _expected_status=403)
    for key in ("admin", "officer", "lead_a", "staff_b", "observer"):
        person = cast[key]
        listed = set(db.session.scalars(select(Contact.id).where(
            policy.clause(person, "contact.view"))))
        assert listed == {c.id for c in (own, other, official)
                          if policy.can(person, "contact.view", c)}, key


def test_search_and_filters(db, cast, client_request):
    growth = Workstream(name="Local growth", slug="local-growth")
    db.session.add(growth)
    db.session.commit()
    officer = cast["officer"]
    ContactFactory(actor=officer, name="Dana Treasury", organisation="HM Treasury",
                   job_title="Head of Devolution", workstream_ids=[growth.id])
    ContactFactory(actor=officer, name="Eve Partner", organisation="Local Government 100%",
                   email="eve@lga.example.org")
    ContactFactory(actor=officer, name="Finn Office", office_id=cast["office_a"].id,
                   organisation="")

    def names(**args):
        return _names(client_request.get("contacts.index", _as="officer", **args))

    assert names(q="treasury") == {"Dana Treasury"}
    assert names(q="devolution head") == {"Dana Treasury"}
    assert names(q="lga.example") == {"Eve Partner"}
    assert names(q="100%") == {"Eve Partner"}  # % is a character, not a wildcard
    assert names(q="_") == set()
    assert names(kind="office") == {"Finn Office"}
    assert names(kind="other") == {"Dana Treasury", "Eve Partner"}
    assert names(office=str(cast["office_a"].id)) == {"Finn Office"}
    assert names(workstream=str(growth.id)) == {"Dana Treasury"}
    client_request.get("contacts.index", _as="officer", kind="x", _expected_status=400)
    client_request.get("contacts.export_csv", _as="officer", kind="x", _expected_status=400)
    csv_text = client_request.get("contacts.export_csv", _as="officer", q="treasury").data
    assert b"Dana Treasury" in csv_text and b"Eve Partner" not in csv_text


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"email": "priya@"}, "email", "Enter an email address in the correct format"),
    ({"email": "priya patel@dft.gov.uk"}, "email", "Enter an email address in the correct"),
    ({"email": "", "phone": ""}, "email", "Enter an email address or a phone number"),
    ({"phone": "=HYPERLINK(1)"}, "phone", "Enter a phone number"),
    ({"phone": "12"}, "phone", "Enter a phone number"),
    ({"name": ""}, "name", "Enter name"),
    ({"name": "x" * 201}, "name", "Name must be 200 characters or fewer"),
    ({"office": "999999"}, "office", "Select one of the options"),
])
def test_bad_input_says_why_and_saves_nothing(db, cast, client_request, change, field, message):
    page = client_request.post("contacts.new", _as="officer", _data=_form(**change),
                               _expected_status=400)
    summary = page.find("div", class_="govuk-error-summary")
    assert message in summary.text
    assert summary.find("a", href=f"#{field}") is not None
    assert _count(Contact) == 0
    assert _count(AuditEntry, AuditEntry.object_type == "contact") == 0


HOSTILE = "=cmd|' /C calc'!A0"


def test_csv_export_parses_and_is_formula_safe(app, db, cast):
    ContactFactory(actor=cast["officer"], name=HOSTILE, organisation="@SUM(1+1)",
                   job_title="Lead, \"buses\"; trains\nand trams", phone="+44 117 496 0000",
                   office_id=cast["office_a"].id)
    db.session.commit()
    response = sign_in_client(app, cast["officer"]).get("/contacts/export.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="contacts-' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    assert rows[0] == exports.HEADERS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Name"] == "'" + HOSTILE
    assert row["Organisation"] == "'@SUM(1+1)"
    assert row["Role"] == "Lead, \"buses\"; trains\nand trams"
    assert row["Phone"] == "'+44 117 496 0000"  # a leading + would be read as a formula
    assert row["Member office"] == cast["office_a"].name


def _unfold(text: str) -> list[str]:
    """RFC 6350 3.2: a CRLF followed by one space or tab continues the line."""
    assert "\n" not in text.replace("\r\n", ""), "bare LF in a vCard"
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def test_vcard_export_is_rfc_6350(app, db, cast):
    growth = Workstream(name="Growth, skills; jobs", slug="growth")
    db.session.add(growth)
    db.session.commit()
    long_org = "Ministry of Housing, Communities and Local Government; Devolution Directorate é"
    ContactFactory(actor=cast["officer"], name="Zoë O'Brien-Smith", organisation=long_org,
                   job_title="Head\\of; policy, devolution", phone="0117 496 0000",
                   notes="Line one\nLine two", workstream_ids=[growth.id])
    ContactFactory(actor=cast["officer"], name="Plain Person", organisation="")
    db.session.commit()
    response = sign_in_client(app, cast["officer"]).get("/contacts/export.vcf")
    assert response.mimetype == "text/vcard"
    assert response.headers["Content-Disposition"].endswith('.vcf"')
    raw = response.data.decode("utf-8")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = _unfold(raw)
    cards, card = [], None
    for line in lines:
        if line == "BEGIN:VCARD":
            card = []
        elif line == "END:VCARD":
            cards.append(card)
            card = None
        else:
            card.append(line)
    assert len(cards) == 2 and card is None
    first = {}
    for line in cards[1] if "Plain" in cards[0][2] else cards[0]:
        name, _, value = line.partition(":")
        first[name] = value
    assert cards[0][0] == "VERSION:4.0"
    assert _unescape(first["FN"]) == "Zoë O'Brien-Smith"
    assert first["ORG"] == long_org.replace(",", "\\,").replace(";", "\\;")
    assert _unescape(first["ORG"]) == long_org
    assert first["TITLE"] == "Head\\\\of\\; policy\\, devolution"
    assert _unescape(first["TITLE"]) == "Head\\of; policy, devolution"
    assert first["TEL;VALUE=text;TYPE=work"] == "0117 496 0000"
    assert first["NOTE"] == "Line one\\nLine two"
    assert first["CATEGORIES"] == "Growth\\, skills\\; jobs"
    assert first["UID"].startswith("urn:uuid:")
    assert first["EMAIL;TYPE=work"].endswith("@example.gov.uk")


def test_fold_never_splits_a_character():
    line = "NOTE:" + "é" * 100
    folded = exports.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts[:-1])) == line


def test_directory_pages_in_a_fixed_number_of_queries(app, db, cast):
    growth = Workstream(name="Local growth", slug="local-growth")
    db.session.add(growth)
    db.session.commit()
    officer = sign_in_client(app, cast["officer"])
    lead = sign_in_client(app, cast["lead_a"])

    def add(count):
        for n in range(count):
            ContactFactory(actor=cast["officer"], workstream_ids=[growth.id],
                           office_id=cast["office_a"].id if n % 2 else None)
        db.session.commit()

    def measure(client):
        with counting_queries() as statements:
            assert client.get("/contacts/").status_code == 200
            assert client.get("/contacts/?q=contact").status_code == 200
            assert client.get("/contacts/export.vcf").status_code == 200
        return len(statements)

    add(4)
    small = (measure(officer), measure(lead))
    add(120)
    assert (measure(officer), measure(lead)) == small
    assert officer.get("/contacts/?page=3").status_code == 200
