"""The elections journey (issue 4) through the pages: set up and publish, nominate with a
proposer and seconder who confirm, accept with a statement, vote by keyboard on the ranked
ballot, count with a seed, declare, and read the results with the receipts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from network.db import utcnow
from network.governance.elections.models import Election, ElectionStatus, Method, Nomination
from tests.e2e.helpers import check_axe, click, go, heading, make_person, sign_in_as
from tests.factories import OfficeFactory

pytestmark = pytest.mark.e2e

LONDON = ZoneInfo("Europe/London")
POSITION = "Chair of the Network"


def fill_date(page, field_id: str, day) -> None:
    """Type a date into a GOV.UK date input's three boxes."""
    boxes = page.locator(f"#{field_id} input")
    for index, value in enumerate((day.day, day.month, day.year)):
        boxes.nth(index).fill(str(value))


def move_timetable(db, election_id: int, **offsets: timedelta) -> None:
    """Move timetable points relative to now and commit, as time passing would."""
    db.session.expire_all()
    election = db.session.get(Election, election_id)
    for name, offset in offsets.items():
        setattr(election, f"{name}_at", utcnow() + offset)
    db.session.commit()


@pytest.fixture
def network(db):
    """The returning officer and four offices (A stands, B proposes and votes, C seconds, D
    stands too), each with a lead; B's lead is its designated voter."""
    offices = {key: OfficeFactory(name=f"{name} Combined Authority", mayor_name=mayor)
               for key, name, mayor in (("a", "Alpha", "Ada Alpha"), ("b", "Beta", "Ben Beta"),
                                        ("c", "Gamma", "Cy Gamma"), ("d", "Delta", "Di Delta"))}
    cast = {"admin": make_person(db, "secretariat_admin", name="Rita Returning"),
            **{f"office_{k}": o for k, o in offices.items()},
            **{f"lead_{k}": make_person(db, "member_lead", o, name=f"Lead {o.name.split()[0]}")
               for k, o in offices.items()}}
    offices["b"].voter_id = cast["lead_b"].id
    db.session.commit()
    return cast


def add_second_candidate(db, network, election_id: int) -> None:
    """Di Delta, nominated by D, proposed by A and seconded by C, confirmed and accepted."""
    now = utcnow()
    db.session.add(Nomination(
        election_id=election_id, candidate_office_id=network["office_d"].id,
        candidate_name="Di Delta", proposer_office_id=network["office_a"].id,
        seconder_office_id=network["office_c"].id, nominated_by_id=network["lead_d"].id,
        proposer_confirmed_at=now, seconder_confirmed_at=now, accepted_at=now,
        statement="I will keep the network's voice strong."))
    db.session.commit()


def test_election_from_set_up_to_declared_result(new_page, signed_in_page, db, network):
    admin = new_page()
    sign_in_as(admin, network["admin"])
    click(admin, "link", "Elections", within=admin.get_by_role("navigation", name="Portal"))
    go(admin, "/elections/new")
    tomorrow = (datetime.now(LONDON) + timedelta(days=1)).date()
    admin.get_by_label("Position").fill(POSITION)
    admin.get_by_label("Term", exact=True).fill("Two years from May 2027")
    admin.get_by_label(Method.IRV.label).check()
    for field, days in (("nominations_open_on", 0), ("nominations_close_on", 7),
                        ("ballot_open_on", 8), ("ballot_close_on", 9)):
        fill_date(admin, field, tomorrow + timedelta(days=days))
    admin.get_by_label("Time nominations open").fill("09:00")
    admin.get_by_label("Time nominations close").fill("17:00")
    admin.get_by_label("Time the ballot opens").fill("09:00")
    admin.get_by_label("Time the ballot closes").fill("17:00")
    click(admin, "button", "Save election")
    expect(heading(admin)).to_have_text(POSITION)
    click(admin, "button", "Publish election")
    election_id = int(re.search(r"/elections/(\d+)", admin.url)[1])
    election_url = f"/elections/{election_id}"
    move_timetable(db, election_id, nominations_open=-timedelta(hours=1))

    lead_a = signed_in_page(network["lead_a"])
    go(lead_a, election_url)
    expect(lead_a.locator(".govuk-summary-list")).to_contain_text(
        ElectionStatus.NOMINATIONS_OPEN.label)
    click(lead_a, "link", "Nominate your mayor")
    expect(heading(lead_a)).to_have_text("Nominate Ada Alpha")
    lead_a.get_by_label("Proposer office").select_option(label=network["office_b"].name)
    lead_a.get_by_label("Seconder office").select_option(label=network["office_c"].name)
    click(lead_a, "button", "Nominate")
    expect(lead_a.locator("main")).to_contain_text("Not yet valid")

    for key in ("b", "c"):
        supporter = signed_in_page(network[f"lead_{key}"])
        go(supporter, election_url)
        click(supporter, "button", "Confirm support for Ada Alpha")
        supporter.context.close()

    go(lead_a, election_url)
    click(lead_a, "link", "Accept and write statement")
    lead_a.get_by_label("Candidate's statement").fill("Ada will put **devolution** first.")
    click(lead_a, "button", "Accept nomination")
    go(lead_a, election_url)
    expect(lead_a.locator("main")).to_contain_text("Valid.")
    expect(lead_a.get_by_role("table", name="Nominations")).to_contain_text("(confirmed)")
    add_second_candidate(db, network, election_id)

    move_timetable(db, election_id, nominations_close=-timedelta(hours=2),
                   ballot_open=-timedelta(hours=1), ballot_close=timedelta(hours=1))
    voter = signed_in_page(network["lead_b"])
    go(voter, election_url)
    click(voter, "link", "vote for your office")
    expect(heading(voter)).to_have_text("Ballot paper")
    voter.get_by_label(re.compile("^Di Delta")).focus()
    voter.keyboard.type("1")
    voter.keyboard.press("Shift+Tab")
    expect(voter.get_by_label(re.compile("^Ada Alpha"))).to_be_focused()
    voter.keyboard.type("1")
    with voter.expect_navigation():
        voter.keyboard.press("Enter")
    check_axe(voter)
    expect(voter.locator(".govuk-error-summary")).to_be_visible()
    voter.get_by_label(re.compile("^Ada Alpha")).focus()
    voter.keyboard.press("Control+A")
    voter.keyboard.type("2")
    with voter.expect_navigation():
        voter.keyboard.press("Enter")
    check_axe(voter)
    expect(heading(voter)).to_have_text("Check your ballot before casting it")
    expect(voter.locator("ol")).to_have_text(re.compile(r"Di Delta\s*Ada Alpha"))
    voter.get_by_role("button", name="Cast my office's vote").focus()
    with voter.expect_navigation():
        voter.keyboard.press("Enter")
    check_axe(voter)
    receipt = voter.locator("#receipt").inner_text().strip()
    assert receipt

    move_timetable(db, election_id, ballot_close=-timedelta(minutes=1))
    go(admin, election_url)
    click(admin, "link", "Count and declare")
    admin.get_by_label("Seed for drawing lots").fill("e2e-seed-2027")
    click(admin, "button", "Count the ballots")
    expect(admin.locator("main")).to_contain_text("e2e-seed-2027")
    click(admin, "button", "Declare the result")
    expect(admin.locator(".govuk-panel")).to_contain_text("Di Delta")

    go(voter, election_url)
    click(voter, "link", "See the result stage by stage")
    stages = voter.get_by_role("table", name=re.compile("Votes at each stage"))
    expect(stages).to_be_visible()
    expect(stages.get_by_role("columnheader").first).to_be_visible()
    expect(voter.locator("main svg").first).to_be_visible()
    expect(voter.locator("main")).to_contain_text(receipt)
    db.session.expire_all()
    assert db.session.scalar(select(Election.status).where(Election.id == election_id)) \
        == ElectionStatus.DECLARED
