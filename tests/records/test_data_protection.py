"""Data protection: a person's own data as a download, the secretariat's subject access for
anyone, erasing a person who has left (governance records and both logs intact and
verifiable), and the retention periods the scheduler applies."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.db import utcnow
from network.email import SENT, OutboxEmail
from network.governance.elections.models import Election
from network.governance.voting.log import verify
from network.governance.voting.models import BallotPaper, ElectionLogEntry, RollEntry
from network.members.models import Person, Role, SignInAttempt, UserSession
from network.members.services.people import set_active
from tests.conftest import sign_in_client
from tests.records.helpers import load_populated_network


def _zip(response) -> dict[str, bytes]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return {name: archive.read(name) for name in archive.namelist()}


def test_a_person_downloads_their_own_data(client_request, cast, db):
    staff = cast["staff_a"]
    page = client_request.get("records.my_data", _as="staff_a")
    assert "Download your data" in page.text
    files = _zip(sign_in_client(client_request.app, staff).post("/records/my-data"))
    person = json.loads(files["person.json"])
    assert person == [json.loads(json.dumps(person[0]))] and person[0]["email"] == staff.email
    assert "password_hash" not in person[0] and "totp_secret" not in person[0]
    assert b"password_hash" not in files["person.csv"]
    sessions = json.loads(files["user_session.json"])
    assert sessions and all("token_hash" not in s for s in sessions)
    assert "README.txt" in files and "audit_entry.json" in files
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "records.subject_access")).one()
    assert entry.actor_id == staff.id and entry.object_id == str(staff.id)


def test_the_secretariat_downloads_anyones_data_and_a_member_cannot(client_request, cast, db):
    staff = cast["staff_a"]
    app = client_request.app
    files = _zip(sign_in_client(app, cast["officer"]).post(f"/records/people/{staff.id}/data"))
    assert json.loads(files["person.json"])[0]["id"] == staff.id
    refused = sign_in_client(app, cast["lead_a"]).post(
        f"/records/people/{cast['staff_b'].id}/data")
    assert refused.status_code == 403
    page = client_request.get("people.detail", _as="officer", person_id=staff.id)
    assert "Download their data" in page.text


@pytest.fixture
def departed(app, db):
    """The demo network, with a member lead who voted (their office's voter) deactivated."""
    load_populated_network()
    admin = db.session.scalars(select(Person).where(
        Person.role == Role.SECRETARIAT_ADMIN)).first()
    voted = {r.office_id for r in db.session.scalars(select(RollEntry))}
    leaver = db.session.scalars(select(Person).where(
        Person.role == Role.MEMBER_LEAD, Person.office_id.in_(voted)).order_by(Person.id)).first()
    set_active(admin, leaver, False)
    db.session.commit()
    return admin, leaver


def _governance_state():
    from network.extensions import db

    elections = db.session.scalars(select(Election).order_by(Election.id)).all()
    audit = [(e.id, e.actor_id, e.actor_label, e.action, e.object_label, e.before, e.after)
             for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    log = [(e.id, e.entry_hash, e.data) for e in db.session.scalars(
        select(ElectionLogEntry).order_by(ElectionLogEntry.id))]
    return {"chains": [verify(e.id) for e in elections],
            "results": [e.result for e in elections],
            "papers": db.session.scalar(select(func.count()).select_from(BallotPaper)),
            "roll": db.session.scalar(select(func.count()).select_from(RollEntry)),
            "audit": audit, "log": log}


def test_erasing_a_person_who_has_left_keeps_governance_records_verifiable(app, departed):
    from network.extensions import db

    admin, leaver = departed
    name, email, office_name = leaver.name, leaver.email, leaver.office_id
    admin_client = sign_in_client(app, admin)
    before = _governance_state()
    assert all(ok for ok, _ in before["chains"])
    page = admin_client.get(f"/records/people/{leaver.id}/erase")
    assert page.status_code == 200 and b"Former member of staff (" in page.data
    refused = admin_client.post(f"/records/people/{leaver.id}/erase", data={})
    assert refused.status_code == 400
    assert b"Confirm that you understand this cannot be undone" in refused.data
    db.session.expire_all()
    assert db.session.get(Person, leaver.id).name == name
    done = admin_client.post(f"/records/people/{leaver.id}/erase", data={"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    erased = db.session.get(Person, leaver.id)
    from network.members.models import Office

    expected = f"Former member of staff ({db.session.get(Office, office_name).name})"
    assert erased.name == expected and email not in erased.email
    assert erased.job_title == "" and erased.password_hash is None
    assert not db.session.scalar(select(func.count()).select_from(OutboxEmail).where(
        OutboxEmail.to_address == email))
    assert not db.session.scalar(select(func.count()).select_from(UserSession).where(
        UserSession.person_id == leaver.id, UserSession.ip_address != ""))
    after = _governance_state()
    new_entries = after["audit"][len(before["audit"]):]
    assert after["audit"][:len(before["audit"])] == before["audit"]
    assert [e[3] for e in new_entries] == ["person.erased"]
    assert name not in json.dumps(new_entries[0][5:], default=str)
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"}
    assert all(ok for ok, _ in after["chains"])
    # pages show the new name where the person appears (their own page, the audit log)
    shown = admin_client.get(f"/people/{leaver.id}").data.decode()
    assert expected in shown and name not in shown
    for number in range(1, 20):  # every page of the audit log
        audit_page = admin_client.get(f"/audit/?page={number}")
        assert audit_page.status_code == 200
        # the stored entries are kept as they were (a list of an invitation's recipients keeps
        # the address it was sent to: docs/data-protection.md); the name is shown nowhere
        assert name not in audit_page.data.decode()
        if f"page={number + 1}".encode() not in audit_page.data:
            break
    assert number > 1
    # and the erase cannot be done twice, nor to someone still active
    assert admin_client.get(f"/records/people/{leaver.id}/erase").status_code == 403
    active = db.session.scalars(select(Person).where(Person.is_active.is_(True),
                                                     Person.id != admin.id)).first()
    assert admin_client.post(f"/records/people/{active.id}/erase",
                             data={"confirm": "y"}).status_code == 403


def test_retention_removes_old_sign_in_records_and_email_bodies(app, db, cast):
    from network.records.tasks import apply_retention

    now = utcnow()
    old, recent = now - timedelta(days=91), now - timedelta(days=1)
    person = cast["staff_a"]
    db.session.add_all([
        SignInAttempt(email="a@example.org", ip_address="1.2.3.4", at=old),
        SignInAttempt(email="b@example.org", ip_address="1.2.3.4", at=recent),
        UserSession(token_hash="o" * 64, person_id=person.id, created_at=old,
                    last_seen_at=old, ended_at=old),
        UserSession(token_hash="r" * 64, person_id=person.id, created_at=recent,
                    last_seen_at=recent, ended_at=recent),
        OutboxEmail(key="old", to_address="a@example.org", subject="S", text_body="link",
                    html_body="<p>link</p>", status=SENT, sent_at=now - timedelta(days=31)),
        OutboxEmail(key="new", to_address="a@example.org", subject="S", text_body="link",
                    html_body="<p>link</p>", status=SENT, sent_at=recent),
    ])
    db.session.commit()
    from network.records.models import ExportState, RecordsExport
    from network.workplan import storage

    jobs = {age: RecordsExport(requested_by_id=cast["admin"].id, state=ExportState.READY,
                               filename=f"network-records-{age}.zip",
                               sha256=storage.save_bytes(f"zip {age}".encode()),
                               finished_at=now - timedelta(days=age)) for age in (8, 1)}
    db.session.add_all(jobs.values())
    db.session.commit()
    removed = apply_retention()
    assert removed == {"sign_in_attempts": 1, "sessions": 1, "email_bodies": 1,
                       "export_files": 1}
    assert jobs[8].state == ExportState.EXPIRED and jobs[1].state == ExportState.READY
    assert not storage.exists(jobs[8].sha256)
    assert storage.read_bytes(jobs[1].sha256) == b"zip 1"
    assert [a.email for a in db.session.scalars(select(SignInAttempt))] == ["b@example.org"]
    assert {s.token_hash[0] for s in db.session.scalars(
        select(UserSession).where(UserSession.token_hash.in_(["o" * 64, "r" * 64])))} == {"r"}
    bodies = {e.key: (e.text_body, e.html_body, e.subject)
              for e in db.session.scalars(select(OutboxEmail).where(
                  OutboxEmail.key.in_(["old", "new"])))}
    assert bodies == {"old": ("", "", "S"), "new": ("link", "<p>link</p>", "S")}
    assert apply_retention() == {"sign_in_attempts": 0, "sessions": 0, "email_bodies": 0,
                                 "export_files": 0}
    assert db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.action == "records.retention_applied")).all() == [
        "records.retention_applied"]


def test_the_retention_periods_come_from_configuration(app, db, cast):
    from network.records.tasks import apply_retention

    db.session.add(SignInAttempt(email="a@example.org", ip_address="1.2.3.4",
                                 at=utcnow() - timedelta(days=3)))
    db.session.commit()
    app.config["SIGN_IN_RECORDS_RETENTION"] = 2  # a number of days, as from the environment
    try:
        assert apply_retention()["sign_in_attempts"] == 1
    finally:
        app.config["SIGN_IN_RECORDS_RETENTION"] = timedelta(days=90)


def test_the_scheduler_runs_the_export_and_retention_jobs(app):
    from network.digest.scheduler import build_scheduler

    ids = {job.id for job in build_scheduler(app).get_jobs()}
    assert {"build-records-exports", "apply-retention"} <= ids
