"""Issue 8, item 1: a burst of casts against a multi-worker gunicorn loses no ballot and answers
no 500. In each of 20 bursts every office's voter and substitute cast at the same moment, each
from their own signed-in HTTP session; each office must end with exactly one ballot, and the
request that lost the race must be told, clearly, that the office has already voted."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from sqlalchemy import func, select

from network.extensions import db as _db
from network.governance.elections.services import valid_nominations
from network.governance.voting import log as election_log
from network.governance.voting.models import RollEntry, SealedBallot
from tests.factories import PASSWORD
from tests.live_server import gunicorn_server

BURSTS = 20
OFFICES = 8
pytestmark = pytest.mark.cast(offices=OFFICES)  # every office votes


def _signed_in(base: str, email: str) -> urllib.request.OpenerDirector:
    """A cookie-holding client signed in through the real sign-in page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
    with opener.open(f"{base}/sign-in", body, timeout=30) as response:
        assert response.status == 200
    assert any(c.name for c in jar), f"{email} got no session cookie"
    return opener


def _post(opener, url: str, body: bytes) -> tuple[int, str]:
    try:
        with opener.open(url, body, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def test_bursts_of_simultaneous_casts_keep_one_ballot_per_office(app, db, cast):
    voters = [(o["lead"], o["staff"]) for o in cast["offices"]]
    elections = [cast.election("ballot") for _ in range(BURSTS)]
    firsts = {e.id: valid_nominations(e)[0].id for e in elections}
    statuses: Counter[int] = Counter()
    per_burst: list[list[tuple[int, str]]] = []

    with gunicorn_server(app.config["SQLALCHEMY_DATABASE_URI"], workers=4) as server:
        pairs = [tuple(_signed_in(server.url, p.email) for p in pair) for pair in voters]
        for election in elections:
            url = f"{server.url}/elections/{election.id}/ballot/cast"
            body = urllib.parse.urlencode({f"candidate-{firsts[election.id]}": "1"}).encode()
            barrier = threading.Barrier(2 * len(pairs))
            answers: list[tuple[int, str]] = []

            def cast(opener, url=url, body=body, barrier=barrier, answers=answers) -> None:
                barrier.wait()
                answers.append(_post(opener, url, body))

            threads = [threading.Thread(target=cast, args=(opener,))
                       for pair in pairs for opener in pair]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            per_burst.append(answers)
            statuses.update(status for status, _ in answers)
        log = server.log()

    _db.session.expire_all()
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    print(f"\nburst statuses: {dict(statuses)}; 5xx: {server_errors}")
    assert server_errors == 0, log[-4000:]
    assert "Traceback" not in log, log[-4000:]
    for election, answers in zip(elections, per_burst, strict=True):
        assert sorted(status for status, _ in answers) == [200] * OFFICES + [409] * OFFICES
        assert all("already voted" in text for status, text in answers if status == 409)
        assert all("receipt" in text.lower() for status, text in answers if status == 200)
        stored = _db.session.scalar(select(func.count()).select_from(SealedBallot)
                                    .where(SealedBallot.election_id == election.id))
        roll = _db.session.scalar(select(func.count()).select_from(RollEntry)
                                  .where(RollEntry.election_id == election.id))
        assert (stored, roll) == (OFFICES, OFFICES)
        ok, message = election_log.verify(election.id)
        assert ok, message
