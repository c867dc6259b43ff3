"""The forward agenda a page of meetings at a time, on the page and in the API: 25 meetings a
page (the API's page_size up to 100), following "next" reaches every meeting once, each election
or vote moment is on exactly one page (the page whose part of the twelve months holds it), the
filters are kept in the links, and bad page numbers are a 400 page or a 422 envelope."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from network.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from network.extensions import db as _db
from network.workplan.meetings.models import MeetingKind
from tests.conftest import sign_in_client
from tests.factories import ElectionFactory, at_ten

MEETINGS = 30


@pytest.fixture
def month(cast):
    """A mayors' meeting on each of the next 30 days at 10:00, a government meeting on day 40,
    and an election whose four moments fall either side of where page 2 starts (the 26th
    mayors' meeting, day 26 at 10:00): two before it, one on it, one after."""
    meetings = [cast.meeting(day) for day in range(1, MEETINGS + 1)]
    minister = cast.meeting(40, kind=MeetingKind.GOVERNMENT, title="Meeting with the minister")
    ElectionFactory(stage="nominations", returning_officer=cast["admin"],
                    nominations_open_at=at_ten(25) + timedelta(hours=2),
                    nominations_close_at=at_ten(26) - timedelta(hours=1),
                    ballot_open_at=at_ten(26), ballot_close_at=at_ten(45))
    _db.session.commit()
    return {"meetings": meetings, "minister": minister}


PAGE_1_EVENTS = ["Nominations open: Chair of the Network",
                 "Nominations close: Chair of the Network"]
PAGE_2_EVENTS = ["Voting opens: Chair of the Network", "Voting closes: Chair of the Network"]


def _meeting_links(page) -> list[str]:
    return [a.get("href") for h3 in page.find_all("h3") for a in h3.find_all("a")]


def _events(page) -> list[str]:
    return [strong.text for p in page.find_all("p", class_="govuk-body")
            for strong in p.find_all("strong") if "Chair of the Network" in strong.text]


def _next(page) -> str | None:
    nav = page.find("nav", class_="govuk-pagination")
    following = nav and nav.find("div", class_="govuk-pagination__next")
    return following.find("a").get("href") if following else None


def test_the_page_shows_25_meetings_and_the_next_page_the_rest(client_request, month):
    first = client_request.get("forward.index", _as="officer")
    assert len(_meeting_links(first)) == DEFAULT_PAGE_SIZE
    assert "Mayors' meeting in 1 days" in first.text
    assert "Mayors' meeting in 26 days" not in first.text
    assert _events(first) == PAGE_1_EVENTS
    assert "Showing 1 to 25 of 31 meetings" in first.find(
        "p", **{"data-page-summary": "count"}).text
    covers = first.find("p", **{"data-page-covers": "part"}).text
    assert covers.startswith("Page 1 of 2: from "), covers
    assert first.find("nav", class_="govuk-pagination").get("aria-label") == (
        "Pages of the forward agenda")

    second = client_request.get("forward.index", _as="officer", page=2)
    links = _meeting_links(second)
    assert len(links) == MEETINGS + 1 - DEFAULT_PAGE_SIZE == 6
    assert "Mayors' meeting in 26 days" in second.text and "Meeting with the minister" in (
        second.text)
    assert _events(second) == PAGE_2_EVENTS
    assert "Showing 26 to 31 of 31 meetings" in second.text
    assert "Page 2 of 2: from " in second.text
    assert _next(second) is None


def test_following_next_reaches_every_meeting_and_event_once(client_request, month):
    seen, events, address, pages = [], [], "/forward-agenda/", 0
    while address:
        page = client_request.open("GET", address, "officer", 200)
        seen += _meeting_links(page)
        events += _events(page)
        pages += 1
        address = _next(page)
    expected = [f"/meetings/{m.id}" for m in (*month["meetings"], month["minister"])]
    assert pages == 2 and seen == expected
    assert events == PAGE_1_EVENTS + PAGE_2_EVENTS


def test_the_filters_stay_in_the_page_links(client_request, cast, month):
    first = client_request.get("forward.index", _as="officer", kind=MeetingKind.MAYORS.value)
    assert len(_meeting_links(first)) == DEFAULT_PAGE_SIZE
    assert _events(first) == []  # a meeting type shows no elections, on any page
    following = parse_qs(urlsplit(_next(first)).query)
    assert following == {"kind": [MeetingKind.MAYORS.value], "page": ["2"]}
    ics = [a.get("href") for a in first.find_all("a") if ".ics" in (a.get("href") or "")]
    assert ics == [f"/forward-agenda/forward-agenda.ics?kind={MeetingKind.MAYORS.value}"]
    second = client_request.open("GET", _next(first), "officer", 200)
    assert len(_meeting_links(second)) == MEETINGS - DEFAULT_PAGE_SIZE
    assert "Meeting with the minister" not in second.text
    numbers = [a.get("href") for a in second.find("nav", class_="govuk-pagination")
               .find_all("a")]
    assert all(f"kind={MeetingKind.MAYORS.value}" in href for href in numbers)


def test_refused_filters_are_left_out_of_the_page_links(client_request, month):
    refused = client_request.get("forward.index", _as="officer", kind="picnic",
                                 _expected_status=400)
    assert len(_meeting_links(refused)) == DEFAULT_PAGE_SIZE  # everything, as without filters
    assert _next(refused) == "/forward-agenda/?page=2"


def test_the_calendar_file_is_still_the_whole_twelve_months(app, cast, month):
    from icalendar import Calendar

    response = sign_in_client(app, cast["officer"]).get("/forward-agenda/forward-agenda.ics")
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.data).walk("VEVENT")]
    meetings = [m.title for m in (*month["meetings"], month["minister"])]
    assert [s for s in summaries if s in meetings] == meetings
    assert sorted(s for s in summaries if "Chair of the Network" in s) == sorted(
        PAGE_1_EVENTS + PAGE_2_EVENTS)


def test_with_no_meetings_every_event_is_on_the_one_page(client_request, month):
    elections = client_request.get("forward.index", _as="officer", kind="elections")
    assert _meeting_links(elections) == []
    assert _events(elections) == PAGE_1_EVENTS + PAGE_2_EVENTS
    assert elections.find("nav", class_="govuk-pagination") is None
    assert elections.find("p", **{"data-page-covers": "part"}) is None


def test_a_page_past_the_end_shows_the_last_page(client_request, month):
    beyond = client_request.get("forward.index", _as="officer", page=7)
    assert "Showing 26 to 31 of 31 meetings" in beyond.text
    assert _events(beyond) == PAGE_2_EVENTS


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999999999", "100001"])
def test_a_bad_page_number_is_a_400_that_says_so(client_request, month, page):
    refused = client_request.get("forward.index", _as="officer", page=page,
                                 _expected_status=400)
    assert "The page number must be a whole number from 1 to 100,000" in refused.text


# --- the API ------------------------------------------------------------------------------

def _links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]*)>; rel="(\w+)"',
                                               response.headers.get("Link", ""))}


@pytest.fixture
def api(app, cast):
    return sign_in_client(app, cast["staff_a"])


def test_the_api_pages_by_meetings_with_the_link_header(api, month):
    first = api.get("/api/v1/forward-agenda")
    body = first.get_json()
    assert first.status_code == 200 and set(body) == {
        "starts_on", "ends_on", "covers_from", "covers_until", "meetings", "events"}
    assert len(body["meetings"]) == DEFAULT_PAGE_SIZE
    assert [e["title"] for e in body["events"]] == PAGE_1_EVENTS
    links = _links(first)
    assert links == {
        "first": f"/api/v1/forward-agenda?page=1&page_size={DEFAULT_PAGE_SIZE}",
        "next": f"/api/v1/forward-agenda?page=2&page_size={DEFAULT_PAGE_SIZE}"}
    second = api.get(links["next"]).get_json()
    assert [m["title"] for m in second["meetings"]][-1] == "Meeting with the minister"
    assert len(second["meetings"]) == 6
    assert [e["title"] for e in second["events"]] == PAGE_2_EVENTS
    assert second["covers_from"] == body["covers_until"] == second["meetings"][0]["starts_at"]
    assert second["starts_on"] == body["starts_on"] and second["ends_on"] == body["ends_on"]
    everything = api.get(f"/api/v1/forward-agenda?page_size={MAX_PAGE_SIZE}")
    assert len(everything.get_json()["meetings"]) == MEETINGS + 1
    assert "next" not in _links(everything)


def test_following_next_in_the_api_reaches_every_meeting_and_event_once(api, month):
    meetings, events, pages = [], [], 0
    address = "/api/v1/forward-agenda?page_size=7"
    while address:
        response = api.get(address)
        assert response.status_code == 200, address
        body = response.get_json()
        meetings += [m["id"] for m in body["meetings"]]
        events += [e["title"] for e in body["events"]]
        pages += 1
        address = _links(response).get("next")
    assert pages == 5  # 31 meetings, 7 a page
    assert meetings == [m.id for m in (*month["meetings"], month["minister"])]
    assert events == PAGE_1_EVENTS + PAGE_2_EVENTS
    beyond = api.get("/api/v1/forward-agenda?page=6&page_size=7")
    assert beyond.status_code == 200
    assert beyond.get_json()["meetings"] == [] and beyond.get_json()["events"] == []
    assert set(_links(beyond)) == {"first", "prev"}


def test_the_api_keeps_the_filters_in_its_links(api, month):
    response = api.get(f"/api/v1/forward-agenda?kind={MeetingKind.MAYORS.value}&page_size=20")
    assert len(response.get_json()["meetings"]) == 20
    assert _links(response)["next"] == (f"/api/v1/forward-agenda?page=2&page_size=20"
                                        f"&kind={MeetingKind.MAYORS.value}")
    elections = api.get("/api/v1/forward-agenda?kind=elections").get_json()
    assert elections["meetings"] == []
    assert [e["title"] for e in elections["events"]] == PAGE_1_EVENTS + PAGE_2_EVENTS


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page=abc", "page=1.5",
                                   "page=99999999999999999999", "page_size=0",
                                   f"page_size={MAX_PAGE_SIZE + 1}", "page_size=abc",
                                   "page=1&page=2"])
def test_bad_paging_input_in_the_api_is_the_422_envelope(api, month, query):
    response = api.get(f"/api/v1/forward-agenda?{query}")
    assert response.status_code == 422, query
    error = response.get_json()["error"]
    assert error["status"] == 422 and error["message"]


def test_the_openapi_document_says_how_the_forward_agenda_pages(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/forward-agenda"]["get"]
    params = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
    assert params["page"]["minimum"] == 1
    assert params["page_size"]["default"] == DEFAULT_PAGE_SIZE
    assert params["page_size"]["maximum"] == MAX_PAGE_SIZE
    ok = operation["responses"]["200"]
    assert "Link" in ok["headers"]
    assert "exactly one page" in operation["description"]


def test_the_pages_split_the_window_s_events_between_them(db, cast, month):
    from network.time import day_start_utc
    from network.workplan.forward.queries import Filters, forward_agenda, forward_agenda_page

    whole = forward_agenda(cast["officer"], Filters())
    pages = [forward_agenda_page(cast["officer"], Filters(), n, 10) for n in (1, 2, 3, 4)]
    assert [len(p.meetings) for p in pages] == [10, 10, 10, 1]
    assert [p.page.has_next for p in pages] == [True, True, True, False]
    assert [e for p in pages for e in p.events] == whole.events
    assert [r.meeting.id for p in pages for r in p.meetings] == [
        r.meeting.id for r in whole.meetings]
    for before, after in zip(pages, pages[1:], strict=False):
        assert before.covers_until == after.covers_from == after.meetings[0].meeting.starts_at
    assert pages[0].covers_from == day_start_utc(whole.starts_on)
    assert pages[-1].covers_until == day_start_utc(whole.ends_on)
    beyond = forward_agenda_page(cast["officer"], Filters(), 5, 10)
    assert beyond.meetings == [] and beyond.events == []
    last = forward_agenda_page(cast["officer"], Filters(), 5, 10, counted=True)
    assert last.page.number == 4 and last.page.total == MEETINGS + 1
