"""Exactly once with real processes: `network scheduler run-once digest --at ... --deliver`
subprocesses over one aiosmtpd server. Two schedulers at once, and one killed with SIGKILL
part-way and run again: every digest arrives exactly once (counted by its outbox key). The
suite runs this on SQLite and on PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from network.email import SENT
from network.members.models import Role
from tests.digest.helpers import next_monday, outbox
from tests.factories import OfficeFactory, PersonFactory
from tests.smtp_server import running_server
from tests.test_email_processes import ROOT, _env, _wait_until

PEOPLE = 24


def _scheduler(app, port: int, at: str, **extra) -> subprocess.Popen:
    command = [sys.executable, "-c", "from network.cli import main; main()", "scheduler",
               "run-once", "digest", "--at", at, "--deliver"]
    return subprocess.Popen(command, cwd=ROOT, env=_env(app, port, **extra),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _network(db, cast) -> str:
    """People enough for a run to be caught part-way; every one has something to read."""
    at = next_monday()
    days = (at.date() - cast["officer"].created_at.date()).days
    for n in range(PEOPLE):
        office = OfficeFactory()
        PersonFactory(role=Role.MEMBER_LEAD, office=office, email=f"reader{n}@example.org")
    cast.meeting(days + 3)  # every office is invited (and each invitee gets an invitation)
    db.session.commit()
    for row in outbox():  # the invitations are not what this test counts
        row.status = SENT
    db.session.commit()
    return f"{at:%Y-%m-%d %H:%M}"


def _digests(server) -> dict[str, int]:
    return {k: n for k, n in server.keys().items() if k.startswith("digest:")}


def test_two_schedulers_at_once_send_each_digest_exactly_once(app, db, cast):
    at = _network(db, cast)
    with running_server(delay=0.01) as server:
        procs = [_scheduler(app, server.controller.port, at) for _ in range(2)]
        outputs = [p.communicate(timeout=180)[0] for p in procs]
        arrived = _digests(server)
    assert all(p.returncode == 0 for p in procs), outputs
    queued = {r.key for r in outbox("digest")}
    assert len(queued) >= PEOPLE
    assert set(arrived) == queued, f"lost: {sorted(queued - set(arrived))}\n{outputs}"
    assert set(arrived.values()) == {1}, f"sent twice: {outputs}"
    assert {r.status for r in outbox("digest")} == {SENT}
    said = " ".join(outputs)
    assert f"{len(queued)} digests queued" in said  # one of the two built them all
    assert ("skipped, another scheduler process is running it" in said
            or f"0 digests queued, {len(queued)} already queued" in said)


def test_a_scheduler_killed_mid_run_then_run_again_sends_each_digest_once(app, db, cast):
    at = _network(db, cast)
    with running_server(delay=0.2) as server:
        port = server.controller.port
        victim = _scheduler(app, port, at)
        # some accepted, one begun: the victim dies inside a send
        _wait_until(lambda: server.started >= 5, 120, "five digests begun")
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        before = len(_digests(server))
        server.delay = 0
        again = _scheduler(app, port, at)
        out = again.communicate(timeout=180)[0]
        assert again.returncode == 0, out
        assert "0 digests queued" in out, "the digests were queued once, before the kill"
        waiting = [r.key for r in outbox("digest") if r.status != SENT]
        time.sleep(1.2)  # the dead run's claim on the message in flight expires (1 s here)
        last = _scheduler(app, port, at, NETWORK_MAIL_CLAIM_SECONDS="1")
        out_last = last.communicate(timeout=180)[0]
        assert last.returncode == 0, out_last
        arrived = _digests(server)
    queued = {r.key for r in outbox("digest")}
    assert set(arrived.values()) == {1}, f"sent twice ({before} arrived before the kill)"
    assert set(arrived) == queued, f"lost: {sorted(queued - set(arrived))}"
    assert len(waiting) == 1, f"only the message in flight waited for its claim: {waiting}"
    assert {r.status for r in outbox("digest")} == {SENT}
