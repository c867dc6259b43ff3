"""Exactly one vote per office on a motion in writing, even when its voter and substitute cast
at the same moment: in-process (two threads, two sessions) and over HTTP against a real
multi-worker gunicorn; the one that loses is told the office has already voted."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select

from network.errors import Conflict
from network.extensions import db as _db
from network.governance.motions import services
from network.governance.motions.models import Motion
from network.governance.voting import log as vote_log
from network.governance.voting.models import MotionRollEntry, MotionVote
from network.members.models import Person
from tests.factories import PASSWORD
from tests.governance.motion_helpers import in_force, written
from tests.live_server import gunicorn_server

pytestmark = pytest.mark.cast(offices=4)


def _counts(motion_id: int) -> tuple[int, int]:
    return tuple(_db.session.scalar(select(func.count()).select_from(model)
                                    .where(model.motion_id == motion_id))
                 for model in (MotionRollEntry, MotionVote))


def test_voter_and_substitute_in_threads_give_one_vote(app, db, cast):
    in_force()
    office = cast["offices"][0]
    motions = [written(cast, title=f"Motion {n}") for n in range(4)]
    outcomes: list[str] = []

    def vote_as(person_id: int, motion_id: int, choice: str, barrier) -> None:
        with app.app_context():
            person = _db.session.get(Person, person_id)
            motion = _db.session.get(Motion, motion_id)
            barrier.wait()
            try:
                services.cast_vote(person, motion, choice)
                _db.session.commit()
                outcomes.append("cast")
            except Conflict as exc:
                _db.session.rollback()
                assert "already voted" in exc.message
                outcomes.append("refused")
            finally:
                _db.session.remove()

    for motion in motions:  # repeat: a race that passes once may still be there
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=vote_as, args=(office[who].id, motion.id, choice,
                                                          barrier))
                   for who, choice in (("lead", "for"), ("staff", "against"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert outcomes.count("cast") == 4 and outcomes.count("refused") == 4
    _db.session.expire_all()
    for motion in motions:
        assert _counts(motion.id) == (1, 1)
        assert vote_log.motion_verify(motion.id)[0]


def _signed_in(base: str, email: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
    with opener.open(f"{base}/sign-in", body, timeout=30) as response:
        assert response.status == 200
    return opener


def _post(opener, url: str, body: bytes) -> tuple[int, str]:
    try:
        with opener.open(url, body, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def test_voter_and_substitute_over_http_give_one_vote(app, db, cast):
    in_force()
    motions = [written(cast, title=f"Motion {n}") for n in range(3)]
    pairs_of_people = [(o["lead"], o["staff"]) for o in cast["offices"]]
    answers: list[tuple[int, str]] = []
    with gunicorn_server(app.config["SQLALCHEMY_DATABASE_URI"], workers=4) as server:
        pairs = [tuple(_signed_in(server.url, p.email) for p in pair)
                 for pair in pairs_of_people]
        for motion in motions:
            url = f"{server.url}/motions/{motion.id}/vote"
            barrier = threading.Barrier(2 * len(pairs))

            def vote(opener, choice, url=url, barrier=barrier) -> None:
                body = urllib.parse.urlencode({"choice": choice}).encode()
                barrier.wait()
                answers.append(_post(opener, url, body))

            threads = [threading.Thread(target=vote, args=(opener, choice))
                       for pair in pairs for opener, choice in zip(pair, ("for", "against"),
                                                                   strict=True)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        log = server.log()
    assert "Traceback" not in log
    statuses = sorted(status for status, _ in answers)
    per_motion = len(pairs_of_people)
    assert statuses == [200] * per_motion * 3 + [409] * per_motion * 3
    assert all("already voted" in text for status, text in answers if status == 409)
    _db.session.expire_all()
    for motion in motions:
        assert _counts(motion.id) == (per_motion, per_motion)
