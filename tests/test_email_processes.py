"""Rule 6 with real processes: `network mail deliver` subprocesses over one aiosmtpd server.
Two deliverers at once, and a deliverer killed mid-batch then run again: every message arrives
exactly once (counted by its outbox key), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from network.email import SENT, OutboxEmail, queue_email
from tests.smtp_server import running_server

ROOT = Path(__file__).resolve().parent.parent
ROWS = 40
DELIVER = [sys.executable, "-c", "from network.cli import main; main()", "mail", "deliver"]


def _env(app, port: int, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
    env.update({
        "NETWORK_ENV": "testing", "PYTHONPATH": str(ROOT),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "NETWORK_SERVER_NAME_FOR_EMAIL": app.config["SERVER_NAME_FOR_EMAIL"],
        "NETWORK_MAIL_SERVER": "127.0.0.1", "NETWORK_MAIL_PORT": str(port),
        "NETWORK_MAIL_USE_TLS": "false", "NETWORK_MAIL_USE_SSL": "false",
        "NETWORK_MAIL_TIMEOUT": "10",
    })
    env.update(extra)
    return env


def _deliverer(app, port: int, **extra) -> subprocess.Popen:
    return subprocess.Popen(DELIVER, cwd=ROOT, env=_env(app, port, **extra),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _queue(db, count: int = ROWS) -> set[str]:
    person = type("P", (), {"name": "Reader"})()
    keys = {f"proc:{n}" for n in range(count)}
    for key in sorted(keys):
        queue_email(key, f"{key.replace(':', '-')}@example.org", "Reset your password",
                    "password_reset", person=person, token="t")
    db.session.commit()
    return keys


def _statuses(db) -> dict[str, str]:
    db.session.expire_all()
    return dict(db.session.execute(select(OutboxEmail.key, OutboxEmail.status)).all())


def _wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_two_deliverers_at_once_send_every_message_exactly_once(app, db):
    keys = _queue(db)
    with running_server(delay=0.02) as server:
        procs = [_deliverer(app, server.controller.port) for _ in range(2)]
        outputs = [p.communicate(timeout=120)[0] for p in procs]
        arrived = server.keys()
    assert all(p.returncode == 0 for p in procs), outputs
    duplicates = sum(n - 1 for n in arrived.values())
    assert duplicates == 0, f"{duplicates} duplicates: {outputs}"
    assert set(arrived) == keys, f"lost: {sorted(keys - set(arrived))}"
    assert set(_statuses(db).values()) == {SENT}
    sent = [int(out.split(" sent")[0].split()[-1]) for out in outputs]
    assert sum(sent) == ROWS, outputs


def test_a_deliverer_killed_mid_batch_then_run_again_loses_and_doubles_nothing(app, db):
    keys = _queue(db)
    with running_server(delay=0.25) as server:
        port = server.controller.port
        victim = _deliverer(app, port)
        # five accepted and the sixth begun: the victim is inside a send when it dies
        _wait_until(lambda: server.started >= 6, 60, "six messages begun")
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        before_rerun = len(server.envelopes)
        server.delay = 0

        # run again at once: the claim of the message in flight is still fresh, so it waits
        again = _deliverer(app, port)
        out = again.communicate(timeout=120)[0]
        assert again.returncode == 0, out
        waiting = [k for k, s in _statuses(db).items() if s != SENT]
        # once that claim has expired (the lease is 1 s here), the next run sends it
        time.sleep(1.2)
        last = _deliverer(app, port, NETWORK_MAIL_CLAIM_SECONDS="1")
        out_last = last.communicate(timeout=120)[0]
        assert last.returncode == 0, out_last
        arrived = server.keys()
    duplicates = sum(n - 1 for n in arrived.values())
    assert duplicates == 0, f"{duplicates} sent twice ({before_rerun} arrived before the kill)"
    assert set(arrived) == keys, f"lost: {sorted(keys - set(arrived))}"
    assert len(waiting) == 1, f"the message in flight waits for its claim to expire: {waiting}"
    assert set(_statuses(db).values()) == {SENT}
