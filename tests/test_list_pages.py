"""Every HTML list pages (network/paging.py): a page holds at most its page size, the next
page link works, the count is shown, and a junk or huge page number is a 400 or the last page,
never a 500. The lists that used to load everything read a fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from network import audit, paging
from network.extensions import db as _db
from network.governance.elections.models import ElectionStatus
from network.members.models import Person
from network.time import today
from network.workplan.actions.models import ActionStatus
from network.workplan.meetings.models import Meeting, MeetingStatus
from tests.conftest import sign_in_client
from tests.factories import ActionFactory, ElectionFactory, MeetingFactory, PersonFactory
from tests.pages import Page
from tests.queries import counting_queries, query_counts

# every paged list page, as the secretariat admin (who may see them all) reaches it
LISTS = ["/actions/", "/meetings/", "/elections/", "/people/", "/audit/", "/outbox/",
         "/workstreams/", "/policy-tracker/", "/contacts/", "/correspondence/", "/items/",
         "/papers/", "/motions/", "/decisions/", "/constitution/amendments", "/records/"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("value", ["abc", "0", "-1", "1e3", str(paging.MAX_PAGE + 1),
                                   "99999999999999999999"])
def test_junk_or_huge_page_numbers_are_a_clear_400(clients, url, value):
    response = clients["secretariat_admin"].get(f"{url}?page={value}")
    assert response.status_code == 400, (url, value)
    assert b"The page number" in response.data


@pytest.mark.parametrize("url", LISTS)
def test_a_page_past_the_end_shows_the_last_page(clients, url):
    response = clients["secretariat_admin"].get(f"{url}?page={paging.MAX_PAGE}")
    assert response.status_code == 200, url
    assert b'rel="next"' not in response.data


def _rows(response, caption: str) -> list[str]:
    """The row headers (or first cells) of the table whose caption starts with `caption`."""
    page = Page(response)
    for table in page.find_all("table"):
        found = table.find("caption")
        if found is not None and found.text.startswith(caption):
            body = table.find("tbody")
            return [row.text for row in body.find_all("tr")] if body else []
    raise AssertionError(f"no table captioned {caption!r}")


def _next_link(response, label: str) -> str | None:
    nav = Page(response).find("nav", **{"aria-label": label})
    if nav is None:
        return None
    link = nav.find("a", rel="next")
    return link.get("href") if link else None


def _summary(response) -> str:
    found = Page(response).find("p", **{"data-page-summary": "count"})
    return found.text if found else ""


def _walk(client, url: str, caption: str, label: str, size: int) -> list[list[str]]:
    """Follow the next links from `url`, checking each page holds at most `size` rows."""
    pages, seen = [], set()
    while url:
        assert url not in seen
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        rows = _rows(response, caption)
        assert len(rows) <= size
        pages.append(rows)
        url = _next_link(response, label)
    return pages


def test_people_page_and_count(app, db, cast, monkeypatch):
    from network.members.views import people

    monkeypatch.setattr(people, "PAGE_SIZE", 3)
    total = _db.session.scalar(select(func.count(Person.id)))
    admin = sign_in_client(app, cast["admin"])
    first = admin.get("/people/?status=all")
    assert f"Showing 1 to 3 of {total} people" == _summary(first)
    pages = _walk(admin, "/people/?status=all", "People", "Pages of people", 3)
    assert sum(len(p) for p in pages) == total and len(pages) == -(-total // 3)
    names = [row for p in pages for row in p]
    assert len(set(names)) == total  # no one twice, no one left out
    # the filters travel with the pages
    assert "status=all" in _next_link(first, "Pages of people")


def test_meetings_list_pages_both_lists_in_sql(app, db, cast, monkeypatch):
    from network.workplan.meetings import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(5):
        MeetingFactory(actor=cast["officer"], days=-10 - n, title=f"Past meeting {n}",
                       open_items=False, status=MeetingStatus.HELD)
    for n in range(3):
        MeetingFactory(actor=cast["officer"], days=10 + n, title=f"Coming meeting {n}")
    _db.session.commit()
    officer = sign_in_client(app, cast["officer"])
    past = _walk(officer, "/meetings/", "Past meetings", "Pages of past meetings", 2)
    assert [r.split(" ")[2] for p in past for r in p] == ["0", "1", "2", "3", "4"]  # newest first
    coming = _walk(officer, "/meetings/", "Coming up", "Pages of meetings coming up", 2)
    assert [r.split(" ")[2] for p in coming for r in p] == ["0", "1", "2"]  # soonest first
    # each list's pages keep the other's
    response = officer.get("/meetings/?page=2&upcoming_page=2")
    assert _rows(response, "Past meetings")[0].startswith("Past meeting 2")
    assert _rows(response, "Coming up")[0].startswith("Coming meeting 2")


def test_elections_list_pages(app, db, cast, monkeypatch):
    from network.governance.elections import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(5):
        ElectionFactory(returning_officer=cast["admin"], position=f"Post {n}", stage="closed")
    _db.session.commit()
    admin = sign_in_client(app, cast["admin"])
    pages = _walk(admin, "/elections/", "Elections", "Pages of elections", 2)
    assert len(pages) == 3 and sum(len(p) for p in pages) == 5
    assert _summary(admin.get("/elections/")) == "Showing 1 to 2 of 5 elections"


def test_audit_log_pages_and_lists_object_types_from_the_registry(app, db, cast):
    from network import audit_display

    for n in range(60):
        audit.record("meeting.updated", object_type="meeting", object_id=str(n), label="M")
    _db.session.commit()
    admin = sign_in_client(app, cast["admin"])
    with counting_queries() as statements:
        first = admin.get("/audit/")
    assert first.status_code == 200
    assert not any("DISTINCT" in s.upper() for s in statements)  # no scan of the whole log
    assert len(_rows(first, "Entries")) == 50 and _next_link(first, "Pages of the audit log")
    options = Page(first).find("select", name="object_type").find_all("option")
    assert {o.get("value") for o in options} == {"", *audit_display.OBJECT_TYPES}
    # an old link naming a type the registry does not know still filters, and keeps it chosen
    response = admin.get("/audit/?object_type=gizmo_part")
    assert response.status_code == 200 and b'value="gizmo_part" selected' in response.data


# --- the busiest lists read a fixed number of queries, however many rows ----------------------

@pytest.mark.parametrize("role", ["admin", "lead_a"])
def test_elections_list_reads_the_same_queries_with_3_and_30_elections(app, db, cast, role):
    """Elections whose stored state is behind their timetable used to read each one's
    nominations on their own (13 queries became 103)."""
    def add(count):
        for n in range(count):
            # nominations closed by the clock but not yet by the scheduler: the state shown
            # depends on the count of valid nominations
            ElectionFactory(returning_officer=cast["admin"], position=f"Post {n}",
                            stage="ballot", status=ElectionStatus.NOMINATIONS_OPEN)
        _db.session.commit()

    client = sign_in_client(app, cast[role])
    paths = ["/elections/", "/elections/?show=in-progress"]
    add(3)
    small = query_counts(client, paths)
    add(27)
    assert query_counts(client, paths) == small


def test_people_and_meetings_lists_read_the_same_queries_with_3_and_30_rows(app, db, cast):
    def add(count):
        for n in range(count):
            PersonFactory(office=cast["office_a"])
            MeetingFactory(actor=cast["officer"], days=-5 - n, open_items=False,
                           status=MeetingStatus.HELD)
        _db.session.commit()

    admin = sign_in_client(app, cast["admin"])
    lead = sign_in_client(app, cast["lead_a"])
    add(3)
    def both():
        return query_counts(admin, ["/people/", "/meetings/"]), query_counts(lead, ["/meetings/"])

    small = both()
    add(27)
    assert both() == small


# --- matters arising and what an office owes: the most urgent, and a link to all -------------

def _action(cast, due_in: int, **data):
    """An open action of office a due `due_in` days from today (set directly when past: the
    service refuses a past due date without a reason)."""
    action = ActionFactory(actor=cast["officer"], owner_office=cast["office_a"], days=0, **data)
    action.due_on = today() + timedelta(days=due_in)
    return action


def _earlier_meeting_with_actions(cast, count: int):
    earlier = MeetingFactory(actor=cast["officer"], days=-30, title="Earlier meeting",
                             open_items=False, status=MeetingStatus.HELD)
    actions = [_action(cast, n - 3, meeting_id=earlier.id, description=f"Arising {n:02}")
               for n in range(count)]
    meeting = MeetingFactory(actor=cast["officer"], days=14, title="Next meeting")
    _db.session.commit()
    return meeting, actions


def test_a_meeting_shows_the_ten_most_urgent_matters_arising_and_links_to_all(app, db, cast):
    meeting, actions = _earlier_meeting_with_actions(cast, 14)
    officer = sign_in_client(app, cast["officer"])
    page = officer.get(f"/meetings/{meeting.id}")
    shown = _rows(page, "Open actions from earlier meetings")
    # overdue first (the longest overdue first), then by due date
    assert [r.split(" ")[1] for r in shown] == [f"{n:02}" for n in range(10)]
    link = Page(page).find("a", href=f"/actions/?arising={meeting.id}")
    assert link is not None and link.text == "View all 14 matters arising"
    everything = officer.get(link.get("href"))
    assert everything.status_code == 200
    assert b"Showing the matters arising at" in everything.data
    ids = set(re.findall(rb'href="/actions/(\d+)"', everything.data))
    assert ids == {str(a.id).encode() for a in actions}


def test_matters_arising_on_a_meeting_page_read_the_same_queries_with_3_and_30(app, db, cast):
    meeting, _ = _earlier_meeting_with_actions(cast, 3)
    officer = sign_in_client(app, cast["officer"])
    paths = [f"/meetings/{meeting.id}", f"/actions/?arising={meeting.id}"]
    small = query_counts(officer, paths)
    earlier = _db.session.scalar(select(Meeting.id).where(Meeting.title == "Earlier meeting"))
    for n in range(27):
        ActionFactory(actor=cast["officer"], owner_office=cast["office_a"], meeting_id=earlier,
                      days=n)
    _db.session.commit()
    assert query_counts(officer, paths) == small


def test_what_my_office_owes_shows_the_most_urgent_and_links_to_all(app, db, cast):
    for n in range(13):
        _action(cast, 5 - n, description=f"Owed {n:02}")
    done = _action(cast, -40, description="Owed but done")
    done.status = ActionStatus.DONE
    _db.session.commit()
    staff = sign_in_client(app, cast["staff_a"])
    page = staff.get("/actions/")
    owes = _rows(page, "What your office owes")
    assert len(owes) == 10 and owes[0].startswith("Owed 12")  # the most overdue first
    office = cast["office_a"].id
    link = Page(page).find("a", href=f"/actions/?office={office}&open=y")
    assert link.text == "View all 13 actions your office owes"
    everything = staff.get(link.get("href"))
    listed = _rows(everything, "Actions, soonest due first")
    assert len(listed) == 13 and not any("Owed but done" in r for r in listed)
    home = staff.get("/")
    assert Page(home).find("a", href=f"/actions/?office={office}&open=y") is not None


# --- the action log's meeting filter: typed, not a select of every meeting --------------------

def test_action_log_meeting_filter_is_a_text_search_and_old_links_still_work(app, db, cast):
    spring = MeetingFactory(actor=cast["officer"], days=-400, title="Spring summit",
                            open_items=False, status=MeetingStatus.HELD)
    autumn = MeetingFactory(actor=cast["officer"], days=-20, title="Autumn council",
                            open_items=False, status=MeetingStatus.HELD)
    from_spring = ActionFactory(actor=cast["officer"], owner_office=cast["office_a"],
                                meeting_id=spring.id)
    from_autumn = ActionFactory(actor=cast["officer"], owner_office=cast["office_a"],
                                meeting_id=autumn.id)
    _db.session.commit()
    officer = sign_in_client(app, cast["officer"])

    def listed(**query):
        response = officer.get("/actions/", query_string=query)
        assert response.status_code == 200, query
        return {a for a in (from_spring, from_autumn) if f'/actions/{a.id}"'.encode()
                in response.data}

    page = Page(officer.get("/actions/"))
    assert page.find("select", name="meeting") is None
    field = page.find("input", name="meeting_text")
    assert field is not None and page.find("label", **{"for": field.get("id")}) is not None
    assert listed(meeting_text="SPRING") == {from_spring}
    assert listed(meeting_text="council") == {from_autumn}
    day = spring.starts_at.date()
    assert listed(meeting_text=f"{day.day}/{day.month}/{day.year}") == {from_spring}
    assert listed(meeting_text=day.isoformat()) == {from_spring}
    assert listed(meeting_text=str(autumn.starts_at.year)) >= {from_autumn}
    assert listed(meeting_text="100%") == set()  # taken literally
    assert listed(meeting=str(autumn.id)) == {from_autumn}  # the links pages already make
    assert b"Only actions from" in officer.get(f"/actions/?meeting={autumn.id}").data
    for bad in ("999999", "abc", "99999999999999999999"):
        response = officer.get(f"/actions/?meeting={bad}")
        assert response.status_code == 400
        assert b"govuk-error-summary" in response.data and b"was not found" in response.data
    too_long = officer.get("/actions/", query_string={"meeting_text": "x" * 101})
    assert too_long.status_code == 400 and b"govuk-error-summary" in too_long.data


def test_meeting_filter_does_not_reveal_meetings_a_member_is_not_invited_to(app, db, cast):
    hidden = MeetingFactory(actor=cast["officer"], days=-5, title="Private meeting",
                            invited_offices=[cast["office_b"]], open_items=False,
                            status=MeetingStatus.HELD)
    _db.session.commit()
    lead = sign_in_client(app, cast["lead_a"])
    assert lead.get(f"/actions/?meeting={hidden.id}").status_code == 400
    assert lead.get(f"/actions/?arising={hidden.id}").status_code == 400


def test_the_day_a_meeting_filter_names(app):
    from network.workplan.actions.queries import meeting_day

    assert meeting_day("14/3/2025").isoformat() == "2025-03-14"
    assert meeting_day("2025-03-14").isoformat() == "2025-03-14"
    assert meeting_day("31/2/2025") is None and meeting_day("1/1/0001") is None
    assert meeting_day("council") is None
