"""The election page says why someone cannot vote or nominate, and what to do."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from network.governance.elections.models import ElectionStatus
from network.members.models import OfficeStatus, Role
from tests.factories import PersonFactory

pytestmark = pytest.mark.cast(offices=3)

NOT_VOTER = "Only your office's designated voter or substitute can vote"


def _reason(page) -> str:
    node = next((n for n in page.find_all("div", class_="govuk-inset-text")
                 if "data-reason" in n.attrs), None)
    return node.text if node else ""


def test_a_member_who_is_not_the_voter_is_told_who_can_change_that(db, cast, client_request):
    election = cast.election("ballot")
    adviser = PersonFactory(role=Role.MEMBER_STAFF, office=cast["office_a"])
    second_lead = PersonFactory(role=Role.MEMBER_LEAD, office=cast["office_a"])
    db.session.commit()
    page = client_request.get("elections.detail", election_id=election.id, _as=adviser)
    assert _reason(page) == f"{NOT_VOTER}. Your office lead can change who that is."
    assert not page.find("a", href=client_request.url("voting.ballot", election_id=election.id))
    lead = client_request.get("elections.detail", election_id=election.id, _as=second_lead)
    assert _reason(lead) == (f"{NOT_VOTER}. You can change who that is. Change your office's "
                             "voter or substitute.")
    assert lead.find("a", href=client_request.url("my_office.voter"))
    ballot = client_request.get("voting.ballot", election_id=election.id, _as=adviser,
                                _expected_status=403)
    assert _reason(ballot).startswith(NOT_VOTER)


def test_the_voter_gets_the_ballot_link_and_no_reason(db, cast, client_request):
    election = cast.election("ballot")
    page = client_request.get("elections.detail", election_id=election.id, _as="staff_a")
    assert not _reason(page)
    assert page.find("a", href=client_request.url("voting.ballot", election_id=election.id))


def test_before_the_ballot_opens_the_page_says_when(db, cast, client_request):
    election = cast.election("nominations")
    page = client_request.get("elections.detail", election_id=election.id, _as="lead_b")
    assert "The ballot opens on" in page.text


def test_nominations_closed_and_staff_who_cannot_nominate_are_told(db, cast, client_request):
    election = cast.election("nominations", candidates=1)
    staff = client_request.get("elections.detail", election_id=election.id, _as="staff_b")
    assert "Only your office lead can nominate your mayor." in staff.text
    lead = client_request.get("elections.detail", election_id=election.id, _as="lead_b")
    assert any(a.text == "Nominate your mayor" for a in lead.find_all("a"))


def test_nominations_closed_says_when_until_the_ballot_opens(db, cast, client_request):
    election = cast.election("ballot", candidates=1)
    page = client_request.get("elections.detail", election_id=election.id, _as="lead_b")
    assert "Nominations closed on" not in page.text  # the ballot is open: voting is what matters
    election.status = ElectionStatus.NOMINATIONS_CLOSED
    election.ballot_open_at = election.ballot_close_at
    db.session.commit()
    page = client_request.get("elections.detail", election_id=election.id, _as="lead_b")
    assert "Nominations closed on" in page.text and "The ballot opens on" in page.text


def test_an_office_without_a_voter_or_not_in_good_standing_is_told(db, cast, client_request):
    election = cast.election("ballot")
    office = cast["office_b"]
    office.voter_id = office.substitute_id = None
    db.session.commit()
    page = client_request.get("elections.detail", election_id=election.id, _as="lead_b")
    assert _reason(page).startswith("Your office has no designated voter or substitute, so no "
                                    "one can vote for it. You can change who that is.")
    office.status = OfficeStatus.SUSPENDED
    db.session.commit()
    page = client_request.get("voting.ballot", election_id=election.id, _as="lead_b",
                              _expected_status=403)
    assert "Your office is not in good standing" in _reason(page)


def test_ballot_instructions_and_gaps_use_the_real_number_of_candidates(db, cast,
                                                                        client_request):
    from network.governance.elections.models import Nomination

    election = cast.election("ballot", candidates=2)
    ids = sorted(db.session.scalars(select(Nomination.id)))
    page = client_request.get("voting.ballot", election_id=election.id, _as="lead_a")
    assert ("Put 1 next to your first choice and 2 next to your second, or rank just one."
            in page.text) and "and so on" not in page.text
    gap = client_request.post("voting.ballot", election_id=election.id, _as="lead_a",
                              _data={f"candidate-{ids[0]}": "2"}, _expected_status=400)
    assert "Put 1 next to your first choice" in gap.text and "1, 2, 3" not in gap.text


@pytest.mark.cast(offices=4)
def test_a_gap_names_how_many_choices_and_the_missing_number(db, cast, client_request):
    from network.governance.elections.models import Nomination

    election = cast.election("ballot", candidates=4)
    ids = sorted(db.session.scalars(select(Nomination.id)))
    gap = client_request.post("voting.ballot", election_id=election.id, _as="lead_a",
                              _data={f"candidate-{ids[0]}": "1", f"candidate-{ids[1]}": "3"},
                              _expected_status=400)
    assert "Number your 2 choices 1 and 2, with no gaps: 2 is missing" in gap.text
