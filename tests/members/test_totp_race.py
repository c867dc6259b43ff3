"""A TOTP code is spent once, even when several pending sign-ins submit it at the same moment
to different worker processes (issue 8 item 3): exactly one session, the others get the form
message, never a 500."""

from __future__ import annotations

import http.cookiejar
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyotp
from sqlalchemy import func, select, update

from network.extensions import db as _db
from network.members.models import Person, Role, UserSession
from network.members.services import signin
from tests.factories import PASSWORD, PersonFactory
from tests.live_server import gunicorn_server

PENDING = 6  # pending sign-ins racing with one code, as in the issue
BURSTS = 3  # the codes of the previous, current and next time step are all accepted
WORKERS = 4


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                       _NoRedirect())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post(opener, url: str, data: dict) -> tuple[int, bytes, str]:
    body = urllib.parse.urlencode(data).encode()
    try:
        with opener.open(url, body, timeout=60) as response:
            return response.status, response.read(), response.headers.get("Location", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("Location", "")


def _pending_sign_in(base: str, email: str):
    opener = _opener()
    status, _, location = _post(opener, f"{base}/sign-in",
                                {"email": email, "password": PASSWORD})
    assert (status, location) == (302, "/sign-in/security-code")
    return opener


def _sessions() -> int:
    _db.session.expire_all()
    return _db.session.scalar(select(func.count()).select_from(UserSession))


def _wait_for_a_fresh_step(interval: int = 30, margin: float = 12.0) -> int:
    """The current time step, waiting for the next one if too little of this one is left."""
    left = interval - time.time() % interval
    if left < margin:
        time.sleep(left + 0.5)
    return int(time.time() // interval)


def test_one_code_fired_at_once_from_many_pending_sign_ins_gives_one_session(app, db):
    person = PersonFactory(role=Role.SECRETARIAT, email="racer@example.org",
                           totp_secret=pyotp.random_base32())
    db.session.commit()
    totp = pyotp.TOTP(person.totp_secret)
    results: list[tuple[int, bytes]] = []
    with gunicorn_server(app.config["SQLALCHEMY_DATABASE_URI"], workers=WORKERS,
                         config={"THROTTLE_MAX_FAILURES": 1000}) as server:
        step = _wait_for_a_fresh_step()
        for burst in range(BURSTS):
            code = totp.generate_otp(step - 1 + burst)
            openers = [_pending_sign_in(server.url, person.email) for _ in range(PENDING)]
            barrier = threading.Barrier(PENDING)
            burst_results: list[tuple[int, bytes]] = []

            def submit(opener, code=code, barrier=barrier, out=burst_results) -> None:
                barrier.wait()
                status, body, _ = _post(opener, f"{server.url}/sign-in/security-code",
                                        {"code": code})
                out.append((status, body))

            threads = [threading.Thread(target=submit, args=(o,)) for o in openers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            statuses = sorted(status for status, _ in burst_results)
            assert statuses == [302] + [400] * (PENDING - 1), (statuses, server.log())
            assert all(b"already used" in body for status, body in burst_results
                       if status == 400)
            results += burst_results
        log = server.log()
    assert "Traceback" not in log, log
    assert _sessions() == BURSTS, "one session per code"


def test_a_code_spent_by_another_worker_is_refused_despite_a_stale_copy(app, db):
    """The check is made by the database, not against what this worker read earlier."""
    person = PersonFactory(role=Role.SECRETARIAT, totp_secret=pyotp.random_base32())
    db.session.commit()
    step = int(time.time() // 30)
    code = pyotp.TOTP(person.totp_secret).generate_otp(step)
    stale = db.session.get(Person, person.id)
    assert stale.totp_last_step is None
    with _db.engine.begin() as other_worker:
        other_worker.execute(update(Person).where(Person.id == person.id)
                             .values(totp_last_step=step))
    assert signin.check_totp(stale, code) is False
    db.session.rollback()
    assert db.session.get(Person, person.id).totp_last_step == step
