"""The queries and correspondence log: the secretariat logs and answers, member offices see
what came from them (predicate and SQL clause agree), overdue ones are flagged and filtered,
dates out of order are refused with nothing saved, and the log pages in fixed queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.errors import Forbidden, ValidationFailed
from network.extensions import db as _db
from network.members import policy
from network.time import today
from network.workplan.correspondence.models import Correspondence, CorrespondenceStatus
from network.workplan.correspondence.queries import CorrespondenceFilters, correspondence_log
from network.workplan.correspondence.services import log_correspondence, update_correspondence
from tests.conftest import sign_in_client
from tests.factories import CorrespondenceFactory
from tests.queries import counting_queries


def _count(model, *where):
    return _db.session.scalar(select(func.count()).select_from(model).where(*where))


def _day(value):
    return [str(value.day), str(value.month), str(value.year)]


def _form(cast, **extra):
    return {"kind": "letter", "from_office": "", "from_organisation": "Department for Transport",
            "from_person": "Jo Smith", "received_on": _day(today() - timedelta(days=3)),
            "subject": "Bus franchising guidance", "summary": "Asks for views by Friday",
            "owner": str(cast["officer"].id), "due_on": _day(today() + timedelta(days=4)),
            "status": "open", "replied_on": ["", "", ""], "workstream": "", "meeting": "",
            **extra}


def _subjects(page) -> set[str]:
    return {a.text for a in page.find_all("a")
            if (a.get("href") or "").removeprefix("/correspondence/").isdigit()}


def test_secretariat_logs_and_records_the_reply(db, cast, client_request):
    meeting = cast.meeting(20)
    page = client_request.post("correspondence.new", _as="officer",
                               _data=_form(cast, meeting=str(meeting.id)))
    item = db.session.scalar(select(Correspondence))
    assert page.location == f"/correspondence/{item.id}"
    assert (item.from_office_id, item.from_organisation, item.meeting_id, item.status) == (
        None, "Department for Transport", meeting.id, CorrespondenceStatus.OPEN)
    detail = client_request.get("correspondence.detail", correspondence_id=item.id,
                                _as="officer")
    assert "Jo Smith, Department for Transport" in detail.text
    assert detail.find("a", href=f"/meetings/{meeting.id}") is not None
    client_request.get("correspondence.edit", correspondence_id=item.id, _as="admin")
    client_request.post("correspondence.edit", correspondence_id=item.id, _as="admin",
                        _data=_form(cast, meeting=str(meeting.id), status="answered",
                                    replied_on=_day(today())))
    db.session.expire_all()
    assert (item.status, item.replied_on) == (CorrespondenceStatus.ANSWERED, today())
    actions = list(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "correspondence").order_by(AuditEntry.id)))
    assert actions == ["correspondence.logged", "correspondence.updated"]
    updated = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "correspondence.updated"))
    assert updated.before == {"status": "open", "replied_on": None}
    assert updated.after == {"status": "answered", "replied_on": today().isoformat()}
    log = client_request.get("audit.index", _as="admin")
    assert "Logged a query or letter" in log.text and "Changed a query or letter" in log.text
    assert log.find("a", href=f"/correspondence/{item.id}") is not None


def test_members_see_only_their_own_offices_queries(db, cast, client_request):
    officer = cast["officer"]
    own = CorrespondenceFactory(actor=officer, from_office=cast["office_a"], subject="From A")
    other = CorrespondenceFactory(actor=officer, from_office=cast["office_b"], subject="From B")
    government = CorrespondenceFactory(actor=officer, from_office=None,
                                       from_organisation="HM Treasury", subject="From HMT")
    db.session.commit()
    for who in ("lead_a", "staff_a"):
        page = client_request.get("correspondence.index", _as=who)
        assert _subjects(page) == {"From A"}
        assert page.find("select", id="office") is None
        client_request.get("correspondence.detail", correspondence_id=own.id, _as=who)
        for hidden in (other, government):  # 404, not 403: nobody learns which ids exist
            client_request.get("correspondence.detail", correspondence_id=hidden.id, _as=who,
                               _expected_status=404)
        client_request.get("correspondence.edit", correspondence_id=own.id, _as=who,
                           _expected_status=403)
        client_request.get("correspondence.new", _as=who, _expected_status=403)
    assert _subjects(client_request.get("correspondence.index", _as="lead_b")) == {"From B"}
    assert _subjects(client_request.get("correspondence.index", _as="officer")) == {
        "From A", "From B", "From HMT"}
    client_request.get("correspondence.index", _as="observer", _expected_status=403)
    # the predicate and the clause agree for everyone
    everything = [own, other, government]
    for key in ("admin", "officer", "lead_a", "staff_b", "observer"):
        person = cast[key]
        listed = set(db.session.scalars(select(Correspondence.id).where(
            policy.clause(person, "correspondence.view"))))
        assert listed == {c.id for c in everything if policy.can(person, "correspondence.view",
                                                                  c)}, key


def test_overdue_is_flagged_and_filtered(db, cast, client_request):
    officer = cast["officer"]
    earlier = today() - timedelta(days=10)
    late = CorrespondenceFactory(actor=officer, subject="Late", received_on=earlier,
                                 due_on=today() - timedelta(days=1), status="waiting")
    CorrespondenceFactory(actor=officer, subject="Answered late", received_on=earlier,
                          due_on=today() - timedelta(days=1), status="answered",
                          replied_on=today())
    CorrespondenceFactory(actor=officer, subject="Due today", received_on=earlier,
                          due_on=today())
    CorrespondenceFactory(actor=officer, subject="No date", received_on=earlier)
    db.session.commit()
    page = client_request.get("correspondence.index", _as="officer")
    rows = {r.find("a").text: r.text for r in page.find_all("tr") if r.find("th", scope="row")}
    assert set(rows) == {"Late", "Answered late", "Due today", "No date"}
    assert [k for k, text in rows.items() if "Overdue" in text] == ["Late"]
    assert _subjects(client_request.get("correspondence.index", _as="officer",
                                        overdue="y")) == {"Late"}
    detail = client_request.get("correspondence.detail", correspondence_id=late.id,
                                _as="officer")
    assert "Overdue" in detail.text
    assert _subjects(client_request.get("correspondence.index", _as="officer",
                                        status="answered")) == {"Answered late"}
    assert _subjects(client_request.get("correspondence.index", _as="officer",
                                        office=str(late.from_office_id))) == {"Late"}
    assert _subjects(client_request.get("correspondence.index", _as="officer",
                                        owner=str(cast["admin"].id))) == set()


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"due_on": "before"}, "due_on", "The due date must be on or after the date it was received"),
    ({"replied_on": "before"}, "replied_on",
     "The reply cannot have been sent before it was received"),
    ({"replied_on": "tomorrow"}, "replied_on", "must be today"),
    ({"received_on": "tomorrow"}, "received_on", "The date received must be today"),
    ({"status": "answered"}, "replied_on", "Enter the date the reply was sent"),
    ({"from_organisation": ""}, "from_office", "Choose the member office it came from"),
    ({"from_office": "office"}, "from_organisation", "not both"),
    ({"subject": ""}, "subject", "Enter subject"),
    ({"owner": ""}, "owner", "Choose the secretariat owner"),
])
def test_dates_out_of_order_and_other_bad_input_save_nothing(db, cast, client_request, change,
                                                             field, message):
    received = today() - timedelta(days=3)
    values = {"before": _day(received - timedelta(days=1)),
              "tomorrow": _day(today() + timedelta(days=1)),
              "office": str(cast["office_a"].id)}
    data = _form(cast, **{k: values.get(v, v) for k, v in change.items()})
    page = client_request.post("correspondence.new", _as="officer", _data=data,
                               _expected_status=400)
    summary = page.find("div", class_="govuk-error-summary")
    assert message in summary.text
    assert summary.find("a", href=f"#{field}") is not None or field in ("due_on", "replied_on",
                                                                        "received_on")
    assert _count(Correspondence) == 0
    assert _count(AuditEntry, AuditEntry.object_type == "correspondence") == 0


def test_a_bad_change_leaves_the_record_as_it_was(db, cast, client_request):
    item = CorrespondenceFactory(actor=cast["officer"], received_on=today() - timedelta(days=2))
    db.session.commit()
    client_request.post("correspondence.edit", correspondence_id=item.id, _as="officer",
                        _data=_form(cast, received_on=_day(item.received_on),
                                    due_on=_day(item.received_on - timedelta(days=1)),
                                    subject="Changed"), _expected_status=400)
    db.session.expire_all()
    assert (item.subject, item.due_on) != ("Changed", None) and item.due_on is None
    assert _count(AuditEntry, AuditEntry.action == "correspondence.updated") == 0


def test_services_check_whatever_the_caller(db, cast):
    data = {"from_organisation": "DfT", "received_on": today(), "subject": "S",
            "owner_id": cast["officer"].id}
    with pytest.raises(Forbidden):
        log_correspondence(cast["lead_a"], data)
    with pytest.raises(ValidationFailed, match="from the secretariat"):
        log_correspondence(cast["officer"], {**data, "owner_id": cast["lead_a"].id})
    item = log_correspondence(cast["officer"], data)
    with pytest.raises(Forbidden):
        update_correspondence(cast["lead_a"], item, data)


def test_log_pages_in_a_fixed_number_of_queries(app, db, cast):
    client = sign_in_client(app, cast["officer"])
    lead = sign_in_client(app, cast["lead_a"])

    def add(count):
        for n in range(count):
            CorrespondenceFactory(actor=cast["officer"], from_office=cast["offices"][n % 2][
                "office"], due_on=today() + timedelta(days=n % 5))
        db.session.commit()

    def measure(who):
        with counting_queries() as statements:
            assert who.get("/correspondence/?overdue=y&status=open").status_code == 200
            assert who.get("/correspondence/").status_code == 200
        return len(statements)

    add(3)
    small = (measure(client), measure(lead))
    add(60)
    assert (measure(client), measure(lead)) == small
    assert len(list(db.session.scalars(correspondence_log(cast["lead_a"],
                                                          CorrespondenceFilters())))) == 32
