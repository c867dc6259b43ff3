"""Elections through the pages: set-up, nominations, secret ballot, count and declaration."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from network.db import utcnow
from network.governance.elections import services as service
from network.governance.elections.models import Election, ElectionStatus, Method, Nomination
from network.governance.voting.models import (
    BallotPaper,
    ElectionLogEntry,
    RollEntry,
    SealedBallot,
)
from network.governance.voting.seal import unseal
from network.time import at, today
from tests.conftest import sign_in_client

pytestmark = pytest.mark.cast(offices=5)  # a roll of five voting offices

def _day(offset: int) -> list[str]:
    """A date `offset` days from today in the form's three boxes (day, month, year)."""
    day = today() + timedelta(days=offset)
    return [str(day.day), str(day.month), str(day.year)]


CLOSE = today() + timedelta(days=7)  # nominations close a week from today at 17:00 London
GOOD = {"position": "Chair of the Network", "seats": "1", "term": "Two years",
        "method": "irv", "statement_word_limit": "100",
        "nominations_open_on": _day(0), "nominations_open_time": "00:00",
        "nominations_close_on": _day(7), "nominations_close_time": "17:00",
        "ballot_open_on": _day(8), "ballot_open_time": "09:00",
        "ballot_close_on": _day(14), "ballot_close_time": "17:00",
        "scrutineer_office_id": ""}


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_admin_sets_up_and_publishes_an_election(app, db, cast, client_request):
    client_request.post("elections.new", _as="admin", _data=GOOD, _expected_status=302)
    election = db.session.scalar(select(Election))
    assert election.returning_officer_id == cast["admin"].id
    assert election.nominations_close_at == at(CLOSE, 17)  # 17:00 London, stored in UTC
    client_request.get("elections.detail", election_id=election.id, _as="lead_a",
                       _expected_status=404)  # drafts are hidden
    client_request.post("elections.publish", election_id=election.id, _as="admin",
                        _expected_status=302)
    client_request.get("elections.detail", election_id=election.id, _as="lead_a")
    assert b"Chair of the Network" in client_request.get("elections.index", _as="lead_a").data


@pytest.mark.parametrize("change, message", [
    ({"nominations_close_on": _day(-30)}, b"Nominations must close after they open"),
    ({"seats": "2"}, b"alternative vote elects one seat"),
    ({"seats": "0"}, b"between 1 and 20"),
    ({"seats": "two"}, b"Number of seats must be a whole number, like 1"),
    ({"ballot_open_time": "25:00"}, b"must be a time like 17:00"),
    ({"method": "dice"}, b"Select one of the options"),
    ({"position": ""}, b"Enter position"),
])
def test_election_form_refuses_bad_input(app, db, cast, change, message):
    admin = sign_in_client(app, cast["admin"])
    response = admin.post("/elections/new", data={**GOOD, **change})
    assert response.status_code == 400 and message in response.data
    assert _count(db, Election) == 0


def test_election_form_reports_the_timetable_with_the_other_problems_at_once(db, cast,
                                                                            client_request):
    page = client_request.post("elections.new", _as="admin", _expected_status=400, _data={
        **GOOD, "position": "", "seats": "2", "ballot_open_on": ["1", "12", "2026"],
        "ballot_close_on": ["1", "12", "2026"], "ballot_close_time": "08:00"})
    summary = page.find("div", class_="govuk-error-summary")
    assert [li.text for li in summary.find_all("li")] == [
        "Enter position",
        "The alternative vote elects one seat: choose single transferable vote for more "
        "than one",
        "The ballot must open after nominations close",
        "The ballot must close after it opens"]


def test_nomination_needs_proposer_seconder_and_acceptance(app, db, cast):
    election = cast.election("nominations", candidates=0)
    offices = cast["offices"]
    lead = sign_in_client(app, offices[0]["lead"])
    same = lead.post(f"/elections/{election.id}/nominate",
                     data={"proposer": offices[1]["office"].id,
                           "seconder": offices[1]["office"].id})
    assert same.status_code == 400 and b"must be different offices" in same.data
    assert lead.post(f"/elections/{election.id}/nominate",
                     data={"proposer": offices[1]["office"].id,
                           "seconder": offices[2]["office"].id}).status_code == 302
    nomination = db.session.scalar(select(Nomination))
    assert nomination.candidate_name == offices[0]["office"].mayor_name
    assert not nomination.is_valid
    base = f"/elections/{election.id}/nominations/{nomination.id}"
    stranger = sign_in_client(app, offices[3]["lead"])
    assert stranger.post(f"{base}/support").status_code == 403
    staff = sign_in_client(app, offices[1]["staff"])
    assert staff.post(f"{base}/support").status_code == 403, "only the lead confirms"
    assert sign_in_client(app, offices[1]["lead"]).post(f"{base}/support").status_code == 302
    assert sign_in_client(app, offices[2]["lead"]).post(f"{base}/support").status_code == 302
    too_long = lead.post(f"{base}/accept", data={"statement": "word " * 301})
    assert too_long.status_code == 400 and b"300 words or fewer" in too_long.data
    assert lead.post(f"{base}/accept", data={"statement": "I will *serve*."}).status_code == 302
    db.session.refresh(nomination)
    assert nomination.is_valid
    page = lead.get(f"/elections/{election.id}")
    assert b"<em>serve</em>" in page.data


def test_unopposed_candidates_are_declared_at_close(db, cast):
    election = cast.election("nominations", candidates=1)
    service.sync_state(election, now=election.nominations_close_at + timedelta(seconds=1))
    db.session.commit()
    assert election.status == ElectionStatus.DECLARED and election.is_unopposed
    assert election.result["elected"] == [cast["offices"][0]["office"].mayor_name]


def test_invalid_nominations_are_explained_at_close(db, cast):
    election = cast.election("nominations", candidates=3)
    nomination = db.session.scalars(select(Nomination)).first()
    nomination.seconder_confirmed_at = None
    service.sync_state(election, now=election.nominations_close_at + timedelta(seconds=1))
    db.session.commit()
    entry = db.session.scalar(select(ElectionLogEntry).where(
        ElectionLogEntry.action == "nominations.closed"))
    assert entry.data["invalid"] == {nomination.candidate_name: [
        "the seconder has not confirmed"]}
    assert len(entry.data["valid"]) == 2


def _ids(db):
    return [n.id for n in service.valid_nominations(db.session.scalar(select(Election)))]


@pytest.mark.parametrize("marks, message", [
    ({}, b"Give at least one preference"),
    ({0: "1", 1: "1"}, b"more than once"),
    ({0: "1", 1: "3"}, b"2 is missing"),
    ({0: "x"}, b"must be a whole number from 1 to 3"),
    ({0: "9"}, b"must be a whole number from 1 to 3"),
    ({0: "<script>"}, b"must be a whole number"),
])
def test_ballot_refuses_duplicates_gaps_and_junk(app, db, cast, marks, message):
    election = cast.election("ballot")
    ids = _ids(db)
    voter = sign_in_client(app, cast["offices"][0]["lead"])
    data = {f"candidate-{ids[i]}": v for i, v in marks.items()}
    response = voter.post(f"/elections/{election.id}/ballot", data=data)
    assert response.status_code == 400 and message in response.data
    assert b"<script>" not in response.data
    assert _count(db, BallotPaper) == 0


def test_voter_checks_then_casts_once_and_gets_a_receipt(app, db, cast):
    election = cast.election("ballot")
    ids = _ids(db)
    voter = sign_in_client(app, cast["offices"][0]["lead"])
    data = {f"candidate-{ids[2]}": "1", f"candidate-{ids[0]}": "2"}
    check = voter.post(f"/elections/{election.id}/ballot", data=data)
    assert check.status_code == 200 and b"Check your ballot" in check.data
    assert _count(db, BallotPaper) == 0, "nothing is cast before confirmation"
    casting = voter.post(f"/elections/{election.id}/ballot/cast", data=data)
    assert casting.status_code == 200
    receipt = re.search(rb'id="receipt">([0-9A-F-]+)<', casting.data).group(1).decode()
    roll = db.session.scalar(select(RollEntry))
    assert roll.receipt == receipt and roll.office_id == cast["offices"][0]["office"].id
    assert _count(db, BallotPaper) == 0, "sealed until the ballot closes"
    sealed = db.session.scalar(select(SealedBallot))
    assert unseal(election.id, sealed.sealed) == [ids[2], ids[0]]
    for table in ("ballot_paper", "sealed_ballot"):
        columns = {c["name"] for c in inspect(db.engine).get_columns(table)}
        assert columns == {"id", "election_id", "preferences" if table == "ballot_paper"
                           else "sealed"}, "no office, person or time"
    substitute = sign_in_client(app, cast["offices"][0]["staff"])
    again = substitute.post(f"/elections/{election.id}/ballot/cast", data=data)
    assert again.status_code == 409 and b"already voted" in again.data
    assert _count(db, SealedBallot) == 1 and _count(db, RollEntry) == 1


def test_only_the_voter_or_substitute_may_vote(app, db, cast):
    election = cast.election("ballot")
    office = cast["offices"][1]["office"]
    office.substitute_id = None
    db.session.commit()
    for person in (cast["offices"][1]["staff"], cast["admin"], cast["observer"]):
        response = sign_in_client(app, person).get(f"/elections/{election.id}/ballot")
        assert response.status_code in (403, 404), person.role


def test_no_counts_while_the_ballot_is_open(app, db, cast):
    election = cast.election("ballot")
    ids = _ids(db)
    voter = sign_in_client(app, cast["offices"][0]["lead"])
    voter.post(f"/elections/{election.id}/ballot/cast", data={f"candidate-{ids[0]}": "1"})
    member = sign_in_client(app, cast["offices"][1]["lead"])
    assert member.get(f"/elections/{election.id}/results").status_code == 403
    assert member.get(f"/elections/{election.id}/ballots.blt").status_code == 403
    assert b"Turnout" not in member.get(f"/elections/{election.id}").data
    officer = sign_in_client(app, cast["officer"])
    assert b"Turnout" not in officer.get(f"/elections/{election.id}").data
    assert officer.get(f"/elections/{election.id}/count").status_code == 403
    admin = sign_in_client(app, cast["admin"])
    assert b"1 of 5 member offices voted so far" in admin.get(f"/elections/{election.id}").data
    early = admin.post(f"/elections/{election.id}/count", data={"seed": "x"})
    assert early.status_code == 400 and b"must close before the count" in early.data


def test_count_declare_and_recount_from_the_published_ballots(app, db, cast, tmp_path):
    election = cast.election("ballot")
    ids = _ids(db)
    votes = [[0, 1], [0], [1, 0], [2, 1], [2, 0]]
    for office, ranking in zip(cast["offices"], votes, strict=True):
        voter = sign_in_client(app, office["lead"])
        data = {f"candidate-{ids[c]}": str(i + 1) for i, c in enumerate(ranking)}
        assert voter.post(f"/elections/{election.id}/ballot/cast", data=data).status_code == 200
    election.ballot_close_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    admin = sign_in_client(app, cast["admin"])
    counted = admin.post(f"/elections/{election.id}/count", data={"seed": "chair-2026"})
    assert counted.status_code == 302
    member = sign_in_client(app, cast["offices"][3]["lead"])
    assert member.get(f"/elections/{election.id}/results").status_code == 403, "not yet declared"
    assert admin.post(f"/elections/{election.id}/declare").status_code == 302
    db.session.refresh(election)
    page = member.get(f"/elections/{election.id}/results")
    assert page.status_code == 200
    assert b"<svg" in page.data and b'<th scope="col"' in page.data
    for receipt in db.session.scalars(select(RollEntry.receipt)):
        assert receipt.encode() in page.data
    blt = member.get(f"/elections/{election.id}/ballots.blt")
    path = tmp_path / "election.blt"
    path.write_bytes(blt.data)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["count", str(path), "--method", "irv", "--seed", "chair-2026",
                                 "--json"])
    assert result.exit_code == 0, result.output
    import json

    assert json.loads(result.output)["elected"] == election.result["elected"]
    verified = runner.invoke(args=["elections", "verify-log", str(election.id)])
    assert verified.exit_code == 0 and "OK" in verified.output


def test_tampering_with_the_election_log_is_detected(app, db, cast):
    election = cast.election("ballot")
    service.election_log.append(election.id, "note", {"a": 1})
    service.election_log.append(election.id, "note", {"a": 2})
    db.session.commit()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["elections", "verify-log", str(election.id)]).exit_code == 0
    db.session.execute(ElectionLogEntry.__table__.update()
                       .where(ElectionLogEntry.seq == 1).values(data={"a": 99}))
    db.session.commit()
    broken = runner.invoke(args=["elections", "verify-log", str(election.id)])
    assert broken.exit_code == 1 and "altered" in broken.output


def test_stv_for_several_seats_counts_through_the_service(db, cast):
    election = cast.election("closed", method=Method.STV, seats=2, candidates=3)
    ids = _ids(db)
    for ranking in ([0, 1], [0, 2], [1], [2, 1], [0]):
        db.session.add(BallotPaper(id=f"{len(ranking)}{ranking[0]}{_count(db, BallotPaper)}",
                                   election_id=election.id,
                                   preferences=[ids[c] for c in ranking]))
    db.session.commit()
    service.count_election(cast["admin"], election, "seed")
    assert election.result["quota"] == "2"
    assert len(election.result["elected"]) == 2


def test_term_limit_refuses_a_mayor_who_has_served_enough_terms(app, db, cast):
    offices = cast["offices"]
    past = cast.election("closed", candidates=2)
    past.result = {"elected": [offices[0]["office"].mayor_name]}
    past.declared_at, past.status = utcnow(), ElectionStatus.DECLARED
    election = cast.election("nominations", candidates=0)
    election.term_limit = 1
    db.session.commit()
    lead = sign_in_client(app, offices[0]["lead"])
    refused = lead.post(f"/elections/{election.id}/nominate", data={
        "proposer": offices[1]["office"].id, "seconder": offices[2]["office"].id})
    assert refused.status_code == 400 and b"the limit is 1" in refused.data
    other = sign_in_client(app, offices[1]["lead"])
    assert other.post(f"/elections/{election.id}/nominate", data={
        "proposer": offices[2]["office"].id, "seconder": offices[3]["office"].id}
    ).status_code == 302
    bad = sign_in_client(app, cast["admin"]).post("/elections/new",
                                                     data={**GOOD, "term_limit": "0"})
    assert bad.status_code == 400 and b"between 1 and 10" in bad.data


def test_a_timetable_in_the_past_is_refused_at_publication(app, db, cast, client_request):
    past = {**GOOD, "nominations_open_on": _day(-20), "nominations_close_on": _day(-15),
            "ballot_open_on": _day(-14), "ballot_close_on": _day(-10)}
    client_request.post("elections.new", _as="admin", _data=past, _expected_status=302)
    election = db.session.scalar(select(Election))
    page = client_request.post("elections.publish", election_id=election.id, _as="admin",
                               _follow=True, _expected_status=200)
    assert b"This timetable is in the past" in page.data
    db.session.expire_all()
    assert election.published_at is None and election.status == ElectionStatus.DRAFT
    assert election.declared_at is None and not election.is_unopposed


def test_no_valid_nomination_is_never_declared_and_nominations_can_reopen(app, db, cast,
                                                                          client_request):
    election = cast.election("nominations", candidates=0)
    service.sync_state(election, now=election.ballot_open_at + timedelta(seconds=1))
    db.session.commit()
    assert election.status == ElectionStatus.NO_CANDIDATES
    assert election.declared_at is None and election.result is None
    page = client_request.get("elections.detail", election_id=election.id, _as="admin")
    assert b"Closed without a valid nomination" in page.data
    assert b"Re-open nominations with a new timetable" in page.data
    reopen = {**GOOD, "nominations_open_on": _day(-1), "nominations_open_time": "09:00"}
    client_request.post("elections.edit", election_id=election.id, _as="admin", _data=reopen,
                        _expected_status=302)
    db.session.expire_all()
    assert election.status == ElectionStatus.NOMINATIONS_OPEN
    entries = [e.action for e in db.session.scalars(
        select(ElectionLogEntry).where(ElectionLogEntry.election_id == election.id))]
    assert "nominations.none_valid" in entries and "nominations.reopened" in entries
    assert "declared.unopposed" not in entries


def test_changing_a_closed_election_is_refused_clearly(app, db, cast, client_request):
    election = cast.election("closed")
    election.status = ElectionStatus.DECLARED
    db.session.commit()
    page = client_request.post("elections.edit", election_id=election.id, _as="admin",
                               _data=GOOD, _expected_status=400)
    assert b"cannot change once nominations have closed" in page.data
