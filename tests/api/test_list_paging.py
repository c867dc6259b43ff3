"""Every /api/v1 list pages in SQL the same way: `page` and `page_size` (a default and a
maximum), a JSON array of one page's records, an RFC 8288 `Link` header (rel="first", and
"prev" and "next" where there are such pages); following rel="next" reaches every record once; bad
paging input is a 4xx envelope; and a list runs the same number of SQL statements with 3
records as with 30."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from network.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from network.db import utcnow
from network.extensions import db as _db
from network.governance.constitution.models import ConstitutionVersion, VersionStatus
from network.governance.elections.models import ElectionStatus
from network.members.services.tokens import create_api_token
from tests.conftest import sign_in_client
from tests.factories import (
    ActionFactory,
    ElectionFactory,
    MeetingFactory,
    NominationFactory,
    OfficeFactory,
    PolicyEntryFactory,
)
from tests.queries import counting_queries


def _offices(cast, ctx, n):
    for _ in range(n):
        OfficeFactory()


def _elections(cast, ctx, n):
    # stored as nominations open while the timetable has the ballot open: the list must show
    # the state now, which needs each election's count of candidates
    for _ in range(n):
        election = ElectionFactory(stage="ballot", status=ElectionStatus.NOMINATIONS_OPEN,
                                   returning_officer=cast["admin"])
        NominationFactory(election=election, proposer_office=cast["office_a"],
                          seconder_office=cast["office_b"])


def _candidates(cast, ctx, n):
    if "election" not in ctx:
        ctx["election"] = ElectionFactory(stage="ballot", returning_officer=cast["admin"]).id
    for _ in range(n):
        NominationFactory(election_id=ctx["election"], proposer_office=cast["office_a"],
                          seconder_office=cast["office_b"])


def _versions(cast, ctx, n):
    for _ in range(n):
        ctx["number"] = ctx.get("number", 0) + 1
        _db.session.add(ConstitutionVersion(
            number=ctx["number"], title="Constitution", status=VersionStatus.SUPERSEDED,
            effective_from=date(2020, 1, 1), adopted_at=utcnow(), rules={}))


def _workstreams(cast, ctx, n):
    from tests.workplan.test_workstreams import make_stream

    for _ in range(n):
        ctx["n"] = ctx.get("n", 0) + 1
        make_stream(cast, name=f"Stream {ctx['n']:03d}", lead="a", co_leads=("b",))


def _actions(cast, ctx, n):
    for _ in range(n):
        ActionFactory(actor=cast["officer"], owner_office=cast["office_a"])


def _meetings(cast, ctx, n):
    for _ in range(n):
        ctx["days"] = ctx.get("days", 10) + 1
        MeetingFactory(actor=cast["officer"], days=ctx["days"], observers=[cast["observer"]])


def _entries(cast, ctx, n):
    for _ in range(n):
        PolicyEntryFactory(actor=cast["officer"])


def _motions(cast, ctx, n):
    from tests.governance.motion_helpers import written

    for _ in range(n):
        written(cast, put=False)


LISTS = {
    "/api/v1/offices": _offices,
    "/api/v1/elections": _elections,
    "/api/v1/elections/{election}/candidates": _candidates,
    "/api/v1/constitution/versions": _versions,
    "/api/v1/workstreams": _workstreams,
    "/api/v1/actions": _actions,
    "/api/v1/meetings": _meetings,
    "/api/v1/policy-tracker": _entries,
    "/api/v1/motions": _motions,
}
BAD_PAGING = ["page=0", "page=-1", "page=99999999999999999999", "page=2147483648",
              "page=abc", "page=1.5", "page=", "page_size=0", "page_size=-5",
              f"page_size={MAX_PAGE_SIZE + 1}", "page_size=1000", "page_size=abc",
              "page=%00", "page=1%00", "page_size=%00", "page=1&page=%00"]


class Caller:
    """Gets API addresses as the office token of office a or as a signed-in person."""

    def __init__(self, app, cast, who: str):
        if who == "token":
            _, raw = create_api_token(cast["lead_a"], cast["office_a"], "crm")
            _db.session.commit()
            self.client, self.headers = app.test_client(), {"Authorization": f"Bearer {raw}"}
        else:
            self.client, self.headers = sign_in_client(app, cast[who]), {}

    def get(self, url: str):
        """The response to GET `url`, read afresh as in production, where each request has
        its own session (the test's session would otherwise keep what the last one showed)."""
        _db.session.expire_all()
        return self.client.get(url, headers=self.headers)


def _grow(cast, ctx, path, n) -> str:
    LISTS[path](cast, ctx, n)
    _db.session.commit()
    return path.format(**ctx)


def _links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]*)>; rel="(\w+)"',
                                               response.headers.get("Link", ""))}


@pytest.fixture(params=["token", "secretariat_admin"])
def caller(request, app, cast):
    return Caller(app, cast, request.param)


@pytest.mark.parametrize("path", LISTS)
def test_the_default_page_and_the_largest(app, db, cast, caller, path):
    ctx: dict = {}
    url = _grow(cast, ctx, path, DEFAULT_PAGE_SIZE + 1)
    first = caller.get(url)
    assert first.status_code == 200, first.get_data(as_text=True)
    assert len(first.get_json()) == DEFAULT_PAGE_SIZE
    links = _links(first)
    assert links["next"] == f"{url}?page=2&page_size={DEFAULT_PAGE_SIZE}"
    assert links["first"] == f"{url}?page=1&page_size={DEFAULT_PAGE_SIZE}"
    assert "prev" not in links
    largest = caller.get(f"{url}?page_size={MAX_PAGE_SIZE}")
    assert largest.status_code == 200
    assert DEFAULT_PAGE_SIZE < len(largest.get_json()) <= MAX_PAGE_SIZE
    assert caller.get(f"{url}?page_size={MAX_PAGE_SIZE + 1}").status_code == 422


@pytest.mark.parametrize("path", LISTS)
def test_following_next_reaches_every_record_once(app, db, cast, caller, path):
    ctx: dict = {}
    url = _grow(cast, ctx, path, 12)
    everything = caller.get(f"{url}?page_size={MAX_PAGE_SIZE}")
    assert "next" not in _links(everything)
    total = len(everything.get_json())
    assert total >= 12
    seen, pages, address = [], 0, f"{url}?page_size=5"
    while address:
        response = caller.get(address)
        assert response.status_code == 200, address
        seen += [json.dumps(record, sort_keys=True) for record in response.get_json()]
        pages += 1
        links = _links(response)
        if pages > 1:
            assert "prev" in links, address
        address = links.get("next")
    assert pages == -(-total // 5)
    assert sorted(seen) == sorted(json.dumps(r, sort_keys=True) for r in everything.get_json())
    assert len(set(seen)) == total
    beyond = caller.get(f"{url}?page={pages + 1}&page_size=5")
    assert beyond.status_code == 200 and beyond.get_json() == []
    assert set(_links(beyond)) == {"first", "prev"}


@pytest.mark.parametrize("path", LISTS)
def test_bad_paging_input_is_a_4xx_envelope(app, db, cast, caller, path):
    url = _grow(cast, {}, path, 1)
    for query in BAD_PAGING:
        response = caller.get(f"{url}?{query}")
        assert 400 <= response.status_code < 500, (query, response.status_code)
        assert response.mimetype == "application/json", query
        error = response.get_json()["error"]
        assert error["status"] == response.status_code and error["message"], query


@pytest.mark.parametrize("path", LISTS)
def test_a_list_runs_as_many_queries_with_3_records_as_with_30(app, db, cast, caller, path):
    ctx: dict = {}
    url = _grow(cast, ctx, path, 3)
    caller.get(url)  # the first request warms what every request reads once
    with counting_queries() as small:
        assert caller.get(url).status_code == 200
    _grow(cast, ctx, path, 27)
    with counting_queries() as large:
        response = caller.get(url)
        assert response.status_code == 200
    assert len(response.get_json()) == DEFAULT_PAGE_SIZE
    assert len(large) == len(small), "\n".join(large)


def test_the_openapi_document_describes_paging_for_every_list(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    lists = []
    for path, item in spec["paths"].items():
        operation = item.get("get")
        ok = (operation or {}).get("responses", {}).get("200", {})
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("type") != "array":
            continue
        lists.append(path)
        params = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        assert {"page", "page_size"} <= set(params), path
        size = params["page_size"]["schema"]
        assert size["default"] == DEFAULT_PAGE_SIZE and size["maximum"] == MAX_PAGE_SIZE, path
        assert params["page"]["schema"]["minimum"] == 1, path
        assert "Link" in ok.get("headers", {}), path
    assert sorted(lists) == sorted(p.replace("{election}", "{election_id}") for p in LISTS)
