"""Motions through the pages and the API: draft, put, vote, roll call and the result with its
arithmetic; refused input shown on the form with nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from network.extensions import db
from network.governance.motions.models import Motion, MotionStatus
from network.governance.voting.models import MotionRollEntry
from network.members.services.tokens import create_api_token
from network.time import local, now
from tests.governance.motion_helpers import at_meeting, in_force, written

pytestmark = pytest.mark.cast(offices=4)


def _form(cast, **change):
    opens, closes = local(now() + timedelta(hours=1)), local(now() + timedelta(days=3))
    data = {"title": "Joint letter", "text": "That we write jointly.",
            "proposer_office_id": str(cast["office_a"].id),
            "seconder_office_id": str(cast["office_b"].id), "decision_type": "ordinary",
            "method": "written", "item_id": "", "amendment_id": "",
            "opens_on": [str(opens.day), str(opens.month), str(opens.year)],
            "opens_time": opens.strftime("%H:%M"),
            "closes_on": [str(closes.day), str(closes.month), str(closes.year)],
            "closes_time": closes.strftime("%H:%M")}
    data.update(change)
    return data


def _motions():
    return db.session.scalar(select(func.count()).select_from(Motion))


def test_a_member_lead_proposes_a_motion_with_a_seconder(db, cast, client_request):
    in_force()
    client_request.get("motions.new", _as="lead_a")
    page = client_request.post("motions.new", _as="lead_a", _data=_form(cast), _follow=True)
    assert "Joint letter" in page.h1 and "Motion saved as a draft" in page.text
    motion = db.session.scalars(select(Motion)).one()
    assert motion.proposer_office_id == cast["office_a"].id
    assert client_request.get("motions.detail", _as="lead_c", motion_id=motion.id,
                              _expected_status=404)


@pytest.mark.parametrize(("change", "message"), [
    ({"seconder_office_id": ""}, "Choose the seconder office"),
    ({"seconder_office_id": "same"}, "The seconder must be a different office"),
    ({"closes_time": "", "closes_on": ["", "", ""]}, "Enter the date and time voting closes"),
    ({"decision_type": "tampered"}, "Select one of the options for ‘Type of decision’"),
    ({"method": "meeting"}, "Choose the agenda item"),
])
def test_bad_motions_are_shown_on_the_form_and_nothing_saved(db, cast, client_request,
                                                            change, message):
    data = _form(cast, **change)
    if data["seconder_office_id"] == "same":
        data["seconder_office_id"] = data["proposer_office_id"]
    page = client_request.post("motions.new", _as="officer", _data=data, _expected_status=400)
    assert page.find("div", **{"class": "govuk-error-summary"}) is not None
    assert message in page.text
    assert _motions() == 0


def test_nul_bytes_never_reach_the_motion(db, cast, client_request):
    client_request.post("motions.new", _as="officer",
                        _data=_form(cast, title="Joint\x00 letter"), _follow=True)
    assert db.session.scalars(select(Motion.title)).one() == "Joint letter"


def test_the_voter_votes_once_and_the_result_page_shows_the_arithmetic(db, cast,
                                                                       client_request):
    in_force()
    motion = written(cast)
    page = client_request.get("motions.vote", _as="lead_a", motion_id=motion.id)
    assert "Vote on the motion" in page.h1
    page = client_request.post("motions.vote", _as="lead_a", motion_id=motion.id,
                               _data={"choice": "for"}, _expected_status=200)
    assert "Your office's vote is cast" in page.text
    page = client_request.post("motions.vote", _as="staff_a", motion_id=motion.id,
                               _data={"choice": "against"}, _expected_status=409)
    assert "already voted" in page.text
    client_request.post("motions.vote", _as="lead_b", motion_id=motion.id,
                        _data={"choice": "maybe"}, _expected_status=400)
    for key in ("lead_b", "lead_c"):
        client_request.post("motions.vote", _as=key, motion_id=motion.id,
                            _data={"choice": "for"}, _expected_status=200)
    assert db.session.scalar(select(func.count()).select_from(MotionRollEntry)) == 3
    page = client_request.post("motions.close", _as="officer", motion_id=motion.id,
                               _follow=True)
    assert "Voting stays open until" in page.text  # not every office has voted yet
    client_request.post("motions.vote", _as="lead_d", motion_id=motion.id,
                        _data={"choice": "against"}, _expected_status=200)
    page = client_request.post("motions.close", _as="officer", motion_id=motion.id,
                               _follow=True)
    assert ("3 For of 4 votes cast: a simple majority (more than half) needed, 3 required: "
            "carried") in page.find("p", id="arithmetic").text
    db.session.expire_all()
    decision_id = db.session.get(Motion, motion.id).decision_id
    page = client_request.get("decisions.detail", _as="lead_b", decision_id=decision_id)
    assert "By written procedure" in page.text and "Joint letter" in page.text


def test_a_vote_whose_opening_time_has_come_is_opened_by_the_first_vote(db, cast,
                                                                      client_request):
    in_force()
    motion = written(cast, opens_in=timedelta(hours=2))
    motion.opens_at = now() - timedelta(minutes=1)  # time passes; the scheduler has not run
    db.session.commit()
    page = client_request.get("motions.detail", _as="lead_a", motion_id=motion.id)
    assert "Vote for your office" in page.text
    client_request.get("motions.vote", _as="lead_a", motion_id=motion.id)
    client_request.post("motions.vote", _as="lead_a", motion_id=motion.id,
                        _data={"choice": "for"}, _expected_status=200)
    db.session.expire_all()
    motion = db.session.get(Motion, motion.id)
    assert motion.status == MotionStatus.OPEN and motion.rule is not None
    assert motion.opened_at is not None


def test_someone_who_is_not_the_voter_is_told_why(db, cast, client_request):
    in_force()
    motion = written(cast)
    cast["office_a"].substitute_id = None
    db.session.commit()
    page = client_request.get("motions.vote", _as="staff_a", motion_id=motion.id,
                              _expected_status=403)
    assert "Only your office's designated voter or substitute can vote" in page.text
    client_request.post("motions.vote", _as="staff_a", motion_id=motion.id,
                        _data={"choice": "for"}, _expected_status=403)
    assert db.session.scalar(select(func.count()).select_from(MotionRollEntry)) == 0


def test_roll_call_page_records_the_present_offices_and_declares(db, cast, client_request):
    in_force()
    motion = at_meeting(cast, present=3)
    page = client_request.get("motions.roll_call", _as="officer", motion_id=motion.id)
    names = [n.text for n in page.find_all("legend")]
    assert names == sorted(o["office"].name for o in cast["offices"][:3])
    a, b, c = (cast[f"office_{k}"].id for k in "abc")
    page = client_request.post("motions.roll_call", _as="officer", motion_id=motion.id,
                               _data={f"office-{cast['office_d'].id}": "for"},
                               _expected_status=400)
    assert page.find("div", **{"class": "govuk-error-summary"}) is not None
    page = client_request.post("motions.roll_call", _as="officer", motion_id=motion.id,
                               _data={f"office-{a}": "for", f"office-{b}": "for",
                                      f"office-{c}": "abstain"}, _follow=True)
    assert "2 For of 2 votes cast (1 abstaining)" in page.find("p", id="arithmetic").text
    db.session.expire_all()
    assert db.session.get(Motion, motion.id).status == MotionStatus.CARRIED


def test_the_api_lists_motions_results_and_takes_the_voters_vote(db, cast, client):
    in_force()
    motion = written(cast)
    _, raw = create_api_token(cast["lead_a"], cast["office_a"], "voting system")
    _, other_raw = create_api_token(cast["lead_b"], cast["office_b"], "b's system")
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    listed = client.get("/api/v1/motions?status=open", headers=headers)
    assert [m["id"] for m in listed.json] == [motion.id]
    answer = client.post(f"/api/v1/motions/{motion.id}/vote", json={"choice": "for"},
                         headers=headers)
    assert answer.status_code == 201 and answer.json["receipt"]
    again = client.post(f"/api/v1/motions/{motion.id}/vote", json={"choice": "for"},
                        headers=headers)
    assert again.status_code == 409 and "already voted" in again.json["error"]["message"]
    bad = client.post(f"/api/v1/motions/{motion.id}/vote", json={"choice": "yes\x00"},
                      headers={"Authorization": f"Bearer {other_raw}"})
    assert bad.status_code == 422
    assert client.get(f"/api/v1/motions/{motion.id}/result", headers=headers).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(MotionRollEntry)) == 1


def test_the_list_and_a_declared_motion_run_as_many_queries_with_more_data(db, cast):
    from tests.conftest import sign_in_client
    from tests.queries import counting_queries

    in_force()
    client = sign_in_client(client_app(), cast["officer"])

    def declared():
        motion = written(cast)
        for entry in cast["offices"]:
            from network.governance.motions import services

            services.cast_vote(entry["lead"], motion, "for")
            db.session.commit()
        services.close_vote(None, motion, motion.closes_at)
        db.session.commit()
        return motion

    def counts(motion_id):
        found = []
        for url in ("/motions/", f"/motions/{motion_id}", "/api/v1/motions"):
            with counting_queries() as statements:
                assert client.get(url).status_code == 200
            found.append(len(statements))
        return found

    first = declared()
    small = counts(first.id)
    for _ in range(6):
        declared()
    assert counts(first.id) == small


def client_app():
    from flask import current_app

    return current_app
