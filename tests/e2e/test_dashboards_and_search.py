"""Both home dashboards and search through the browser, axe-checked and reflowed at 320 px on
every page: the secretariat follows panels to the filtered lists behind them; a member lead
follows theirs to their office's submissions, a workstream they lead, its policy
developments and the tracker; search from the header box finds a paper by the words inside
it, with JavaScript off on a 320 px screen, and an observer never finds a confidential one."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from network.time import today
from network.workplan.actions.models import Action
from network.workplan.items import services as item_service
from network.workplan.items.models import ItemStatus
from network.workplan.workstreams import services as ws
from tests.e2e.helpers import click, go, heading, make_person
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    OfficeFactory,
    PolicyEntryFactory,
)
from tests.workplan import documents

pytestmark = pytest.mark.e2e


@pytest.fixture
def desk(db):
    office = OfficeFactory(name="North Test Combined Authority")
    officer = make_person(db, "secretariat", name="Olive Officer")
    lead = make_person(db, "member_lead", office, name="Chris Chief")
    observer = make_person(db, "observer", name="Obi Observer")
    meeting = MeetingFactory(actor=officer, title="Mayors' summer meeting", days=30,
                             observers=[observer])
    waiting = AgendaItemFactory(meeting=meeting, title="Bus franchising update",
                                office_id=office.id, status=ItemStatus.SUBMITTED, position=None)
    open_item = AgendaItemFactory(meeting=meeting, title="Skills funding")
    secret = AgendaItemFactory(meeting=meeting, title="Land deal", is_confidential=True)
    for item, words in ((open_item, "The capybara crossing scheme"),
                        (secret, "The capybara land purchase")):
        item_service.upload_paper(officer, item, io.BytesIO(documents.pdf(words)),
                                  "paper.pdf", title=f"{item.title} paper")
    action = ActionFactory(actor=officer, owner_office=office,
                           description="Send the bus patronage figures")
    stream = ws.create_workstream(officer, {"name": "Transport", "objectives": "Better buses",
                                            "lead_office_id": office.id})
    ws.post_status_update(officer, stream, "red", "Funding gap")
    PolicyEntryFactory(actor=officer, title="Bus Services Bill", workstream_ids=[stream.id])
    db.session.commit()
    db.session.get(Action, action.id).due_on = today() - timedelta(days=3)
    db.session.commit()
    return {"office": office, "officer": officer, "lead": lead, "observer": observer,
            "waiting": waiting, "stream": stream}


def test_the_secretariat_follows_its_panels_to_the_lists_behind_them(desk, signed_in_page):
    page = signed_in_page(desk["officer"])
    go(page, "/")
    expect(page.get_by_role("heading", name="Submissions awaiting triage")).to_be_visible()
    expect(page.get_by_role("link", name="Transport")).to_be_visible()  # at red
    click(page, "link", "See all submissions awaiting triage (1)")
    expect(heading(page)).to_have_text("Submissions")
    expect(page.get_by_label("Status", exact=True)).to_have_value("submitted")
    click(page, "link", "Bus franchising update")
    expect(heading(page)).to_contain_text("Bus franchising update")
    go(page, "/")
    click(page, "link", f"{desk['office'].name}: 1 overdue action")
    expect(page.get_by_role("link", name="Send the bus patronage figures")).to_be_visible()


def test_a_member_lead_follows_theirs_to_the_workstream_and_the_tracker(desk,
                                                                       signed_in_page):
    page = signed_in_page(desk["lead"])
    go(page, "/")
    expect(page.get_by_role("heading", name="Your office's submissions")).to_be_visible()
    click(page, "link", "See all your office's submissions (1)")
    expect(heading(page)).to_have_text("Submissions")
    expect(page.get_by_role("link", name="Bus franchising update")).to_be_visible()
    go(page, "/")
    click(page, "link", "Transport",
          within=page.get_by_role("region", name="Workstreams your office leads"))
    expect(heading(page)).to_have_text("Transport")
    expect(page.get_by_role("heading", name="Policy developments")).to_be_visible()
    click(page, "link", "All policy developments of this workstream in the tracker")
    expect(heading(page)).to_have_text("Policy tracker")
    expect(page.get_by_role("link", name="Bus Services Bill")).to_be_visible()


def test_search_from_the_header_finds_words_inside_a_paper_without_javascript(desk,
                                                                             signed_in_page):
    narrow = {"width": 320, "height": 640}
    page = signed_in_page(desk["officer"], java_script_enabled=False, viewport=narrow)
    go(page, "/")
    box = page.get_by_role("search", name="Search the portal")
    box.get_by_label("Search the portal").fill("capybara")
    click(page, "button", "Search", within=box)
    expect(heading(page)).to_have_text("Search")
    expect(page.get_by_role("heading", name="Papers (2)")).to_be_visible()
    expect(page.locator("mark", has_text="capybara").first).to_be_visible()
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], width
    click(page, "link", "Skills funding paper")
    expect(heading(page)).to_contain_text("Skills funding")

    watcher = signed_in_page(desk["observer"])
    go(watcher, "/search?q=capybara")
    expect(watcher.get_by_role("heading", name="Papers (1)")).to_be_visible()
    expect(watcher.get_by_role("link", name="Land deal paper")).to_have_count(0)
