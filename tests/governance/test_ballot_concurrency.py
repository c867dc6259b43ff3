"""Exactly one ballot per office, even when voter and substitute cast at the same moment:
in-process (two threads, two sessions) and over HTTP (a real server, two connections)."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from network.errors import Conflict
from network.extensions import db as _db
from network.governance.elections.models import Election
from network.governance.elections.services import valid_nominations
from network.governance.voting import services as ballots
from network.governance.voting.models import RollEntry, SealedBallot
from network.members.models import Person
from tests.factories import PASSWORD

pytestmark = pytest.mark.cast(offices=5)  # a roll of five voting offices


def _counts():
    return (_db.session.scalar(select(func.count()).select_from(SealedBallot)),
            _db.session.scalar(select(func.count()).select_from(RollEntry)))


def test_simultaneous_casts_in_process_leave_one_ballot(app, db, cast):
    election = cast.election("ballot")
    office = cast["offices"][0]
    ranking = [valid_nominations(election)[0].id]
    people = [office["lead"].id, office["staff"].id]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def cast_as(person_id: int) -> None:
        with app.app_context():
            person = _db.session.get(Person, person_id)
            this = _db.session.get(Election, election.id)
            barrier.wait()
            try:
                ballots.cast_ballot(person, this, ranking)
                _db.session.commit()
                outcomes.append("cast")
            except Conflict:
                _db.session.rollback()
                outcomes.append("refused")
            finally:
                _db.session.remove()

    for _ in range(5):  # repeat: a race that passes once may still be there
        threads = [threading.Thread(target=cast_as, args=(pid,)) for pid in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert outcomes.count("cast") == 1 and outcomes.count("refused") == 9
    assert _counts() == (1, 1)


def _signed_in_opener(base: str, email: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
    opener.open(f"{base}/sign-in", body, timeout=10)
    return opener


def test_simultaneous_casts_over_http_leave_one_ballot(app, db, cast):
    election = cast.election("ballot")
    office = cast["offices"][0]
    nomination_id = valid_nominations(election)[0].id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        openers = [_signed_in_opener(base, p.email) for p in (office["lead"], office["staff"])]
        barrier = threading.Barrier(2)
        statuses: list[int] = []
        body = urllib.parse.urlencode({f"candidate-{nomination_id}": "1"}).encode()

        def post(opener) -> None:
            barrier.wait()
            try:
                response = opener.open(f"{base}/elections/{election.id}/ballot/cast", body,
                                       timeout=30)
                statuses.append(response.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)

        workers = [threading.Thread(target=post, args=(o,)) for o in openers]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        server.shutdown()
    assert sorted(statuses) == [200, 409]
    _db.session.expire_all()
    assert _counts() == (1, 1)
