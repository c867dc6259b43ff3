"""/api/v1/elections: list, candidates, results, and casting with an office token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from network.db import utcnow
from network.governance.elections import services as service
from network.governance.voting.models import SealedBallot
from network.members.services.tokens import create_api_token

pytestmark = pytest.mark.cast(offices=5)  # a roll of five voting offices


def _token(db, person, office):
    _, raw = create_api_token(person, office, f"token for {person.email}")
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def test_list_candidates_and_cast_with_the_voters_token(client, db, cast):
    election = cast.election("ballot")
    office = cast["offices"][0]
    headers = _token(db, office["lead"], office["office"])
    listed = client.get("/api/v1/elections", headers=headers)
    assert listed.status_code == 200
    assert listed.get_json()[0]["status"] == "ballot_open"
    candidates = client.get(f"/api/v1/elections/{election.id}/candidates", headers=headers)
    ids = [c["id"] for c in candidates.get_json()]
    assert len(ids) == 3
    casting = client.post(f"/api/v1/elections/{election.id}/ballot", json={"ranking": ids[:2]},
                          headers=headers)
    assert casting.status_code == 201 and len(casting.get_json()["receipt"]) == 12
    again = client.post(f"/api/v1/elections/{election.id}/ballot", json={"ranking": ids[:1]},
                        headers=headers)
    assert again.status_code == 409
    assert again.get_json()["error"]["message"].startswith("Your office has already voted")
    assert db.session.scalar(select(func.count()).select_from(SealedBallot)) == 1


def test_cast_refuses_bad_ballots_and_non_voters(client, db, cast):
    election = cast.election("ballot")
    office = cast["offices"][1]
    headers = _token(db, office["lead"], office["office"])
    url = f"/api/v1/elections/{election.id}/ballot"
    assert client.post(url, json={"ranking": []}, headers=headers).status_code == 422
    assert client.post(url, json={"ranking": [1, 1]}, headers=headers).status_code == 422
    assert client.post(url, json={"ranking": ["x"]}, headers=headers).status_code == 422
    assert client.post(url, data="not json", headers=headers).status_code in (400, 415, 422)
    unknown = client.post(url, json={"ranking": [999]}, headers=headers)
    assert unknown.status_code == 422 and "candidates standing" in unknown.get_json()[
        "error"]["message"]
    office["office"].voter_id = office["office"].substitute_id = None
    db.session.commit()
    refused = client.post(url, json={"ranking": [1]}, headers=headers)
    assert refused.status_code == 403, "no longer the designated voter"
    assert client.post(url, json={"ranking": [1]}).status_code == 401
    assert db.session.scalar(select(func.count()).select_from(SealedBallot)) == 0


def test_result_is_hidden_until_declared(client, db, cast):
    election = cast.election("closed")
    office = cast["offices"][2]
    headers = _token(db, office["lead"], office["office"])
    url = f"/api/v1/elections/{election.id}/result"
    assert client.get(url, headers=headers).status_code == 403
    service.count_election(cast["admin"], election, "s")
    service.declare_result(cast["admin"], election)
    db.session.commit()
    body = client.get(url, headers=headers).get_json()
    assert body["result"]["method"] == "irv" and body["receipts"] == []
    assert client.get("/api/v1/elections/999/result", headers=headers).status_code == 404
    assert election.declared_at <= utcnow() + timedelta(seconds=1)
