"""/api/v1/workstreams: the list a page at a time with a Link header, one workstream with its
milestones, open risks and status history, bad query arguments refused, the pages' visibility."""

from __future__ import annotations

from datetime import timedelta

from network.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from network.members.services.tokens import create_api_token
from network.time import today
from network.workplan.workstreams import services as service
from network.workplan.workstreams.queries import workstream_with_plan
from tests.conftest import sign_in_client
from tests.workplan.test_workstreams import make_stream


def _headers(db, cast, key="a"):
    _, raw = create_api_token(cast[f"lead_{key}"], cast[f"office_{key}"], "crm")
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def test_the_list_pages_with_a_link_to_the_next_page(client, db, cast):
    for n in range(5):
        make_stream(cast, name=f"Stream {n}", lead="a" if n < 3 else "b")
    headers = _headers(db, cast)
    first = client.get("/api/v1/workstreams?page_size=2", headers=headers)
    assert first.status_code == 200
    assert [w["name"] for w in first.get_json()] == ["Stream 0", "Stream 1"]
    assert first.headers["Link"] == ('</api/v1/workstreams?page=1&page_size=2>; rel="first", '
                                     '</api/v1/workstreams?page=2&page_size=2>; rel="next"')
    last = client.get("/api/v1/workstreams?page=3&page_size=2", headers=headers)
    assert [w["name"] for w in last.get_json()] == ["Stream 4"]
    assert 'rel="next"' not in last.headers["Link"]
    assert '</api/v1/workstreams?page=2&page_size=2>; rel="prev"' in last.headers["Link"]
    led_by_b = client.get(f"/api/v1/workstreams?lead_office_id={cast['office_b'].id}",
                          headers=headers).get_json()
    assert [w["name"] for w in led_by_b] == ["Stream 3", "Stream 4"]
    assert led_by_b[0]["lead_office"] == {"id": cast["office_b"].id,
                                          "name": cast["office_b"].name}
    assert led_by_b[0]["status"] == "green"
    assert 'rel="next"' not in client.get("/api/v1/workstreams", headers=headers).headers[
        "Link"]


def test_the_default_and_the_largest_page(client, db, cast):
    for n in range(DEFAULT_PAGE_SIZE + 1):
        make_stream(cast, name=f"Stream {n:02d}")
    headers = _headers(db, cast)
    response = client.get("/api/v1/workstreams", headers=headers)
    assert len(response.get_json()) == DEFAULT_PAGE_SIZE and 'rel="next"' in response.headers[
        "Link"]
    assert len(client.get(f"/api/v1/workstreams?page_size={MAX_PAGE_SIZE}",
                          headers=headers).get_json()) == DEFAULT_PAGE_SIZE + 1


def test_bad_query_arguments_get_a_4xx_envelope(client, db, cast):
    headers = _headers(db, cast)
    for query in (f"page_size={MAX_PAGE_SIZE + 1}", "page_size=0", "page=0", "page=x",
                  "status=purple", "lead_office_id=-1"):
        response = client.get(f"/api/v1/workstreams?{query}", headers=headers)
        assert response.status_code == 422, query
        assert response.get_json()["error"]["status"] == 422, query


def test_one_workstream_with_milestones_open_risks_and_history(client, db, cast):
    stream = make_stream(cast, co_leads=("b",))
    officer = cast["officer"]
    service.add_milestone(officer, stream, {"title": "Letter", "due_on": today(),
                                            "evidence_url": "https://www.gov.uk/x"})
    low = service.add_risk(officer, stream, {
        "description": "Low", "likelihood": 1, "impact": 2, "mitigation": "Watch",
        "owner_office_id": cast["office_a"].id, "review_on": today() + timedelta(days=5)})
    service.add_risk(officer, stream, {
        "description": "High", "likelihood": 5, "impact": 4, "mitigation": "Lobby",
        "owner_person_id": cast["lead_b"].id, "review_on": today() + timedelta(days=5)})
    gone = service.add_risk(officer, stream, {
        "description": "Gone", "likelihood": 3, "impact": 3, "mitigation": "None needed",
        "owner_office_id": cast["office_a"].id, "review_on": today()})
    service.close_risk(officer, stream, gone)
    db.session.commit()
    stream = workstream_with_plan(stream.id)  # as the page loads it, co-leads and all
    service.post_status_update(cast["lead_a"], stream, "amber", "Slipping")
    db.session.commit()
    body = client.get(f"/api/v1/workstreams/{stream.id}", headers=_headers(db, cast, "b"))
    assert body.status_code == 200
    data = body.get_json()
    assert data["status"] == "amber" and data["objectives"] == "Deeper devolution deals"
    assert data["co_lead_offices"] == [{"id": cast["office_b"].id, "name": cast["office_b"].name}]
    assert [m["title"] for m in data["milestones"]] == ["Letter"]
    assert data["milestones"][0]["status"] == "not_started"
    assert [(r["description"], r["score"]) for r in data["open_risks"]] == [("High", 20),
                                                                            ("Low", 2)]
    assert data["open_risks"][0]["owner"].startswith(cast["lead_b"].name)
    assert data["open_risks"][1]["id"] == low.id
    assert [(u["status"], u["commentary"], u["by"]) for u in data["status_history"]] == [
        ("amber", "Slipping", cast["lead_a"].name),
        ("green", "Workstream set up", officer.name)]


def test_the_api_sees_what_the_pages_see(app, client, db, cast):
    stream = make_stream(cast)
    observer = sign_in_client(app, cast["observer"])
    assert observer.get("/api/v1/workstreams").status_code == 403
    assert observer.get(f"/api/v1/workstreams/{stream.id}").status_code == 404
    assert app.test_client().get("/api/v1/workstreams").status_code == 401
    staff = sign_in_client(app, cast["staff_b"])
    assert staff.get(f"/api/v1/workstreams/{stream.id}").status_code == 200
    assert staff.get("/api/v1/workstreams/999999").status_code == 404


def test_workstreams_are_in_the_openapi_document(client, db):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "get" in spec["paths"]["/api/v1/workstreams"]
    assert "get" in spec["paths"]["/api/v1/workstreams/{workstream_id}"]
    parameters = {p["name"] for p in spec["paths"]["/api/v1/workstreams"]["get"]["parameters"]}
    assert {"page", "page_size", "status", "lead_office_id"} <= parameters
    schemas = spec["components"]["schemas"]
    assert {"WorkstreamDetail", "Milestone", "Risk", "StatusUpdate"} <= set(schemas)
