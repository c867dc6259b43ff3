"""Every change the records package makes: asking for and building hand-over exports, the
command-line export and restore, subject access, erasure of people who have left, and the
retention periods. Services flush and audit; the caller commits."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update

from network import audit
from network.db import utcnow
from network.email import FAILED, PENDING, SENT, OutboxEmail
from network.errors import Conflict
from network.extensions import db
from network.members import policy
from network.members.models import Office, OneTimeLink, Person, SignInAttempt, UserSession
from network.members.services.signin import end_all_sessions
from network.records import export as exporter
from network.records import restore as restorer
from network.records.models import ExportState, RecordsExport
from network.records.rules import ERASED_DOMAIN
from network.workplan import storage
from network.workplan.contacts.models import Contact
from network.workplan.meetings.models import CalendarFeed

# --- the hand-over export ----------------------------------------------------------------------


def export_folder() -> Path:
    """Where the records page's exports are built (instance/exports by default); the finished
    zip is a stored file (network/workplan/storage), so every instance can serve it."""
    configured = current_app.config.get("RECORDS_EXPORT_FOLDER") or ""
    path = Path(configured) if configured else Path(current_app.instance_path) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def request_export(actor: Person) -> RecordsExport:
    """Queue a hand-over export for the scheduler to build (one at a time)."""
    policy.require(actor, "records.export")
    waiting = db.session.scalar(select(RecordsExport.id).where(
        RecordsExport.state.in_([ExportState.QUEUED, ExportState.BUILDING])).limit(1))
    if waiting is not None:
        raise Conflict("An export is already being built: wait for it to be ready")
    job = RecordsExport(requested_by_id=actor.id, state=ExportState.QUEUED)
    db.session.add(job)
    db.session.flush()
    audit.record("records.export_requested", actor=actor, obj=job,
                 object_type="records_export")
    return job


def export_built(job: RecordsExport, filename: str, size: int, sha256: str,
                 manifest: dict) -> None:
    """Mark a claimed export ready to download."""
    job.state, job.finished_at, job.problem = ExportState.READY, utcnow(), ""
    job.filename, job.size, job.sha256 = filename, size, sha256
    job.totals = {"tables": {name: info["rows"] for name, info in manifest["tables"].items()},
                  "files": manifest["totals"], "missing_files": len(manifest["missing_files"])}
    audit.record("records.export_built", obj=job, object_type="records_export",
                 actor_label="scheduler", after={"sha256": sha256, "bytes": size})


def export_failed(job: RecordsExport, problem: str) -> None:
    """Record why a claimed export could not be built."""
    job.state, job.finished_at, job.problem = ExportState.FAILED, utcnow(), problem[:2000]
    audit.record("records.export_failed", obj=job, object_type="records_export",
                 actor_label="scheduler", after={"problem": problem[:300]})


def download_export(actor: Person, job: RecordsExport) -> str:
    """The stored zip (its SHA-256) of a ready export, audited as downloaded."""
    policy.require(actor, "records.export")
    if job.state != ExportState.READY or not job.filename or not storage.exists(job.sha256):
        raise Conflict("This export is not ready to download")
    audit.record("records.export_downloaded", actor=actor, obj=job, object_type="records_export")
    return job.sha256


def export_from_cli(directory: str) -> dict:
    """`network records export DIR`: write the export, then audit it (committed)."""
    manifest = exporter.write_export(Path(directory))
    audit.record("records.exported_by_cli", actor_label="command line",
                 label=str(Path(directory).name)[:300],
                 after={"tables": len(manifest["tables"]), "files": len(manifest["files"])})
    db.session.commit()
    return manifest


def import_from_cli(directory: str) -> dict:
    """`network records import DIR`: restore (committed in one transaction, or nothing).
    The restore writes no audit entry of its own, so that the restored record is exactly the
    exported one (its export equals the first)."""
    return restorer.restore_export(Path(directory))


def summary(manifest: dict, directory: str) -> str:
    """The command line's account of an export."""
    rows = sum(t["rows"] for t in manifest["tables"].values())
    lines = [f"Exported {rows:,} rows of {len(manifest['tables'])} tables and "
             f"{len(manifest['files']):,} files to {directory}"]
    lines += [f"  {kind}: {t['files']:,} files, {t['bytes']:,} bytes"
              for kind, t in manifest["totals"].items()]
    if manifest["missing_files"]:
        lines.append(f"  Warning: {len(manifest['missing_files'])} stored files were not found "
                     "(listed in manifest.json as missing_files)")
    return "\n".join(lines)


# --- subject access and erasure ----------------------------------------------------------------


def record_subject_access(actor: Person, person: Person) -> None:
    """Audit a download of a person's data (by themselves or by the secretariat)."""
    if actor.id == person.id:
        policy.require(actor, "records.own_data")
    else:
        policy.require(actor, "records.person_data", person)
    audit.record("records.subject_access", actor=actor, obj=person, label=person.name)


def former_label(person: Person) -> str:
    """What replaces an erased person's name: 'Former member of staff (<office>)'."""
    if person.office_id:
        office = db.session.get(Office, person.office_id)
        where = office.name
    else:
        where = "Secretariat" if person.role.is_secretariat else "Observer"
    return f"Former member of staff ({where})"


def erase_person(actor: Person, person: Person) -> Person:
    """Replace a departed person's name and contact details everywhere they are held, and
    remove their sign-in records; governance records, votes and both logs are not touched
    (they point at the person by id, and pages show the new name)."""
    policy.require(actor, "person.erase", person)
    old_email, label = person.email, former_label(person)
    new_email = f"former-{person.id}@{ERASED_DOMAIN}"
    person.name, person.email, person.job_title = label, new_email, ""
    person.password_hash = person.totp_secret = person.totp_last_step = None
    end_all_sessions(person, "erased")
    db.session.execute(update(UserSession).where(UserSession.person_id == person.id)
                       .values(ip_address="", user_agent=""))
    db.session.execute(delete(SignInAttempt).where(SignInAttempt.email == old_email))
    db.session.execute(update(CalendarFeed).where(CalendarFeed.person_id == person.id,
                                                  CalendarFeed.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))
    db.session.execute(update(OutboxEmail).where(OutboxEmail.to_address == old_email,
                                                 OutboxEmail.status == PENDING)
                       .values(status=FAILED, last_error="The recipient's data was erased"))
    db.session.execute(update(OutboxEmail).where(OutboxEmail.to_address == old_email)
                       .values(to_address=new_email, text_body="", html_body=""))
    db.session.execute(update(Contact).where(Contact.email == old_email)
                       .values(name=label, email="", phone="", job_title=""))
    db.session.execute(delete(OneTimeLink).where(OneTimeLink.person_id == person.id))
    db.session.flush()
    audit.record("person.erased", actor=actor, obj=person, label=label,
                 after={"name": label, "email": new_email})
    return person


# --- retention ---------------------------------------------------------------------------------


def retention_period(name: str) -> timedelta:
    """A retention period from configuration: a timedelta, or a number of days."""
    value = current_app.config[name]
    return value if isinstance(value, timedelta) else timedelta(days=int(value))


def apply_retention() -> dict[str, int]:
    """Remove sign-in records, sent emails' bodies and export zips older than their retention
    periods."""
    now = utcnow()
    sign_ins = now - retention_period("SIGN_IN_RECORDS_RETENTION")
    bodies = now - retention_period("OUTBOX_BODY_RETENTION")
    removed = {
        "sign_in_attempts": db.session.execute(
            delete(SignInAttempt).where(SignInAttempt.at < sign_ins)).rowcount or 0,
        "sessions": db.session.execute(delete(UserSession).where(or_(
            UserSession.ended_at < sign_ins,
            and_(UserSession.ended_at.is_(None), UserSession.last_seen_at < sign_ins)))
        ).rowcount or 0,
        "email_bodies": db.session.execute(
            update(OutboxEmail).where(OutboxEmail.status == SENT, OutboxEmail.sent_at < bodies,
                                      or_(OutboxEmail.text_body != "",
                                          OutboxEmail.html_body != ""))
            .values(text_body="", html_body="")).rowcount or 0,
    }
    removed["export_files"] = _expire_exports(now - retention_period("RECORDS_EXPORT_RETENTION"))
    if any(removed.values()):
        audit.record("records.retention_applied", actor_label="scheduler", after=removed)
    return removed


def _expire_exports(cutoff) -> int:
    """Delete the zips of exports built before the cutoff: each holds everyone's data (from
    the store, whichever backend; with the database's, when the retention run commits)."""
    expired = 0
    for job in db.session.scalars(select(RecordsExport).where(
            RecordsExport.state == ExportState.READY, RecordsExport.finished_at < cutoff)):
        job.state = ExportState.EXPIRED
        expired += 1
        if not job.sha256:
            continue
        shared = db.session.scalar(select(RecordsExport.id).where(
            RecordsExport.sha256 == job.sha256, RecordsExport.id != job.id,
            RecordsExport.state == ExportState.READY).limit(1))
        if shared is None:
            storage.delete(job.sha256)
    return expired
