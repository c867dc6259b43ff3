"""The policy tracker: the secretariat records and changes developments, members read them,
bad input is refused with nothing saved, the list filters and pages in a fixed number of
queries, and the API lists (Link header) and reads entries with the pages' visibility."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from network.audit import AuditEntry
from network.db import utcnow
from network.workplan.tracker.models import PolicyEntry, PolicyKind, PolicyStatus
from network.workplan.tracker.queries import entries_for_workstream, entry_with_links, new_since
from network.workplan.workstreams.models import Workstream
from tests.conftest import sign_in_client
from tests.factories import PolicyEntryFactory
from tests.queries import counting_queries

LINK = "https://www.gov.uk/government/publications/english-devolution-white-paper"


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _workstreams(db):
    growth = Workstream(name="Local growth", slug="local-growth")
    transport = Workstream(name="Transport", slug="transport")
    db.session.add_all([growth, transport])
    db.session.commit()
    return growth, transport


def _form(person, **extra):
    return {"title": "English Devolution White Paper", "source_url": LINK,
            "published_on": ["16", "12", "2024"], "summary": "Strategic authorities everywhere",
            "kind": "opportunity", "suggested_action": "Brief the mayors",
            "owner": str(person.id), "status": "new", **extra}


def test_secretariat_records_and_changes_an_entry(db, cast, client_request):
    growth, transport = _workstreams(db)
    page = client_request.get("tracker.new", _as="officer")
    assert page.find("select", id="owner") is not None
    page = client_request.post("tracker.new", _as="officer", _data=_form(
        cast["officer"], workstreams=[str(growth.id), str(transport.id)]))
    entry = entry_with_links(db.session.scalar(select(PolicyEntry.id)))
    assert page.location == f"/policy-tracker/{entry.id}"
    assert (entry.kind, entry.status, entry.published_on, entry.owner_id) == (
        PolicyKind.OPPORTUNITY, PolicyStatus.NEW, date(2024, 12, 16), cast["officer"].id)
    assert sorted(w.name for w in entry.workstreams) == ["Local growth", "Transport"]
    created = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "policy_entry.created"))
    assert created.after["workstream_ids"] == sorted([growth.id, transport.id])

    detail = client_request.get("tracker.detail", entry_id=entry.id, _as="officer")
    assert "English Devolution White Paper" in detail.h1
    assert detail.find("a", href=LINK) is not None
    edit = client_request.get("tracker.edit", entry_id=entry.id, _as="officer")
    assert edit.find("input", id="title").get("value") == "English Devolution White Paper"
    client_request.post("tracker.edit", entry_id=entry.id, _as="officer", _data=_form(
        cast["admin"], status="acting", kind="risk", workstreams=[str(growth.id)]))
    db.session.expire_all()
    entry = entry_with_links(entry.id)
    assert (entry.status, entry.kind, entry.owner_id) == (PolicyStatus.ACTING, PolicyKind.RISK,
                                                          cast["admin"].id)
    assert [w.name for w in entry.workstreams] == ["Local growth"]
    updated = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "policy_entry.updated"))
    assert updated.before == {"kind": "opportunity", "owner_id": cast["officer"].id,
                              "status": "new",
                              "workstream_ids": sorted([growth.id, transport.id])}
    assert updated.after["status"] == "acting"
    log = client_request.get("audit.index", _as="admin")
    assert "Recorded a policy development" in log.text
    assert log.find("a", href=f"/policy-tracker/{entry.id}") is not None


def test_members_read_observers_do_not(db, cast, client_request):
    entry = PolicyEntryFactory(actor=cast["officer"], title="Bus funding round")
    db.session.commit()
    for who in ("lead_a", "staff_b"):
        page = client_request.get("tracker.index", _as=who)
        assert "Bus funding round" in page.text
        assert page.find("a", href="/policy-tracker/new") is None
        detail = client_request.get("tracker.detail", entry_id=entry.id, _as=who)
        assert "Change this entry" not in detail.text
        client_request.get("tracker.new", _as=who, _expected_status=403)
        client_request.get("tracker.edit", entry_id=entry.id, _as=who, _expected_status=403)
    client_request.get("tracker.index", _as="observer", _expected_status=403)
    client_request.get("tracker.detail", entry_id=entry.id, _as="observer",
                       _expected_status=403)
    client_request.get("tracker.detail", entry_id=999999, _as="lead_a", _expected_status=404)


def test_bad_input_says_why_and_saves_nothing(db, cast, client_request):
    cases = [({"source_url": "http://example.org/paper"}, "starts with https://"),
             ({"source_url": "https://"}, "starts with https://"),
             ({"source_url": "https://www.gov.uk/a paper"}, "starts with https://"),
             ({"title": ""}, "Enter title"),
             ({"summary": ""}, "Enter summary"),
             ({"published_on": ["31", "2", "2026"]}, "must be a real date"),
             ({"kind": "maybe"}, "Select one of the options"),
             ({"owner": str(cast["lead_a"].id)}, "Select one of the options"),
             ({"workstreams": ["999"]}, "Select workstreams from the list")]
    for change, message in cases:
        page = client_request.post("tracker.new", _as="officer",
                                   _data=_form(cast["officer"], **change), _expected_status=400)
        assert message in page.find("div", class_="govuk-error-summary").text, change
    assert _count(db, PolicyEntry) == 0
    assert _count(db, AuditEntry, AuditEntry.action.like("policy_entry.%")) == 0


def test_service_refuses_a_member_owner_and_members(db, cast):
    import pytest

    from network.errors import Forbidden, ValidationFailed
    from network.workplan.tracker.services import create_entry

    data = {"title": "T", "source_url": LINK, "published_on": date(2026, 1, 5),
            "summary": "S", "kind": "risk", "owner_id": cast["lead_a"].id}
    with pytest.raises(ValidationFailed, match="from the secretariat"):
        create_entry(cast["officer"], data)
    with pytest.raises(Forbidden):
        create_entry(cast["lead_a"], {**data, "owner_id": cast["officer"].id})
    db.session.rollback()
    assert _count(db, PolicyEntry) == 0


def test_filters_workstream_links_and_new_since(db, cast, client_request):
    growth, transport = _workstreams(db)
    officer = cast["officer"]
    old = PolicyEntryFactory(actor=officer, title="Old news", workstream_ids=[growth.id],
                             status="closed")
    risk = PolicyEntryFactory(actor=officer, title="Spending review", kind="risk",
                              workstream_ids=[growth.id, transport.id], status="assessing")
    PolicyEntryFactory(actor=officer, title="Skills bill")
    db.session.commit()

    def titles(**args):
        page = client_request.get("tracker.index", _as="lead_a", **args)
        return {a.text for a in page.find_all("a") if "/policy-tracker/" in (a.get("href") or "")
                and a.get("href")[len("/policy-tracker/"):].isdigit()}

    assert titles() == {"Old news", "Spending review", "Skills bill"}
    assert titles(status="assessing") == {"Spending review"}
    assert titles(kind="risk") == {"Spending review"}
    assert titles(workstream=str(growth.id)) == {"Old news", "Spending review"}
    assert titles(workstream=str(transport.id), kind="opportunity") == set()
    client_request.get("tracker.index", _as="lead_a", status="nonsense", _expected_status=400)

    assert [e.title for e in entries_for_workstream(growth.id)] == ["Spending review"]
    assert {e.title for e in entries_for_workstream(growth.id, include_closed=True)} == {
        "Old news", "Spending review"}
    assert entries_for_workstream(growth.id, principal=cast["observer"]) == []
    assert [e.title for e in entries_for_workstream(transport.id, cast["lead_a"])] == [
        "Spending review"]
    assert {e.id for e in new_since(old.created_at)} >= {risk.id}
    assert new_since(utcnow() + timedelta(minutes=1)) == []
    assert new_since(old.created_at, principal=cast["observer"]) == []


def test_list_pages_in_a_fixed_number_of_queries(app, db, cast):
    growth, transport = _workstreams(db)
    client = sign_in_client(app, cast["officer"])

    def add(count):
        for _ in range(count):
            PolicyEntryFactory(actor=cast["officer"], workstream_ids=[growth.id, transport.id])
        db.session.commit()

    def measure():
        with counting_queries() as statements:
            assert client.get("/policy-tracker/").status_code == 200
        return len(statements)

    add(3)
    small = measure()
    add(60)
    assert measure() == small
    assert client.get("/policy-tracker/?page=3").status_code == 200


# --- the API ---------------------------------------------------------------------------

def test_api_lists_a_page_at_a_time_with_link_headers(app, db, cast):
    growth, _ = _workstreams(db)
    for n in range(5):
        PolicyEntryFactory(actor=cast["officer"], title=f"Entry {n}",
                           published_on=date(2026, 1, 1 + n),
                           workstream_ids=[growth.id] if n % 2 else [])
    db.session.commit()
    client = sign_in_client(app, cast["staff_a"])
    first = client.get("/api/v1/policy-tracker?per_page=2")  # page_size's former name
    assert first.status_code == 200
    assert [e["title"] for e in first.json] == ["Entry 4", "Entry 3"]
    assert '</api/v1/policy-tracker?page=2&page_size=2>; rel="next"' in first.headers["Link"]
    second = client.get("/api/v1/policy-tracker?per_page=2&page=2")
    assert 'rel="next"' in second.headers["Link"] and 'rel="prev"' in second.headers["Link"]
    last = client.get("/api/v1/policy-tracker?per_page=2&page=3")
    assert [e["title"] for e in last.json] == ["Entry 0"]
    assert 'rel="next"' not in last.headers["Link"]
    only = client.get(f"/api/v1/policy-tracker?workstream={growth.id}&kind=opportunity")
    assert [e["title"] for e in only.json] == ["Entry 3", "Entry 1"]
    assert 'rel="next"' not in only.headers["Link"]
    entry = only.json[0]
    assert entry["workstreams"] == [{"id": growth.id, "name": "Local growth"}]
    assert set(entry) >= {"source_url", "published_on", "summary", "kind", "owner", "status",
                          "suggested_action"}
    detail = client.get(f"/api/v1/policy-tracker/{entry['id']}")
    assert detail.status_code == 200 and detail.json["title"] == "Entry 3"
    assert client.get("/api/v1/policy-tracker/999999").json["error"]["status"] == 404
    bad = client.get("/api/v1/policy-tracker?status=maybe&per_page=1000")
    assert bad.status_code == 422 and set(bad.json["error"]["details"]["query"]) == {
        "status", "per_page"}


def test_api_visibility_matches_the_pages(app, db, cast):
    from network.members.services.tokens import create_api_token

    entry = PolicyEntryFactory(actor=cast["officer"])
    _, raw = create_api_token(cast["lead_a"], cast["office_a"], "Office CRM")
    db.session.commit()
    bearer = {"Authorization": f"Bearer {raw}"}
    token_client = app.test_client()
    assert token_client.get("/api/v1/policy-tracker", headers=bearer).json[0]["id"] == entry.id
    assert token_client.get(f"/api/v1/policy-tracker/{entry.id}",
                            headers=bearer).status_code == 200
    observer = sign_in_client(app, cast["observer"])
    assert observer.get("/api/v1/policy-tracker").json["error"]["status"] == 403
    assert observer.get(f"/api/v1/policy-tracker/{entry.id}").status_code == 403
    assert app.test_client().get("/api/v1/policy-tracker").json["error"]["status"] == 401


def test_openapi_document_describes_the_tracker(app, db):
    spec = app.test_client().get("/api/v1/openapi.json").json
    assert "/api/v1/policy-tracker" in spec["paths"]
    assert "/api/v1/policy-tracker/{entry_id}" in spec["paths"]
    assert "PolicyEntry" in spec["components"]["schemas"]
    listing = spec["paths"]["/api/v1/policy-tracker"]["get"]
    assert "Link" in listing["responses"]["200"]["headers"]
    assert {p["name"] for p in listing["parameters"]} >= {"status", "kind", "workstream",
                                                          "page", "per_page"}
