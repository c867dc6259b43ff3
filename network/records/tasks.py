"""What the scheduler calls for the records package: build the exports the records page asked
for, and apply the retention periods. Both are idempotent."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, or_, select, update

from network.db import utcnow
from network.extensions import db
from network.records import services
from network.records.export import CHUNK, write_export
from network.records.models import ExportState, RecordsExport
from network.workplan import storage


def _waiting():
    stale = utcnow() - timedelta(seconds=current_app.config["RECORDS_EXPORT_CLAIM_SECONDS"])
    return or_(RecordsExport.state == ExportState.QUEUED,
               and_(RecordsExport.state == ExportState.BUILDING,
                    RecordsExport.claimed_at < stale))


def _claim(job_id: int) -> bool:
    """Take the build, committed, so a second builder (or a second run) leaves it."""
    claimed = db.session.execute(
        update(RecordsExport).where(RecordsExport.id == job_id, _waiting())
        .values(state=ExportState.BUILDING, claimed_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount == 1
    db.session.commit()
    return claimed


def zip_directory(source: Path, target: Path) -> tuple[int, str]:
    """Zip a directory's files (relative names, sorted) into `target` through a temporary
    file renamed at the end; returns (bytes, SHA-256)."""
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                archive.write(path, f"{target.stem}/{path.relative_to(source).as_posix()}")
        digest = hashlib.sha256()
        with open(temp, "rb") as built:
            while chunk := built.read(CHUNK):
                digest.update(chunk)
        os.replace(temp, target)
        return target.stat().st_size, digest.hexdigest()
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def build_one(job_id: int) -> bool:
    """Build one claimed export as a zip, kept as a stored file (so any instance serves it);
    a failure is recorded on the job."""
    folder = services.export_folder()
    name = f"network-records-{job_id}"
    work = Path(tempfile.mkdtemp(dir=folder, prefix=".build-"))
    try:
        manifest = write_export(work / name)
        zip_directory(work / name, work / f"{name}.zip")
        sha, size = storage.save_file(work / f"{name}.zip")
        services.export_built(db.session.get(RecordsExport, job_id), f"{name}.zip", size, sha,
                              manifest)
        db.session.commit()
        return True
    except Exception as exc:  # noqa: BLE001 - recorded for the secretariat, logged in full
        db.session.rollback()
        current_app.logger.exception("records export %s failed", job_id)
        services.export_failed(db.session.get(RecordsExport, job_id),
                               f"an error stopped the export ({type(exc).__name__}); the "
                               "scheduler's log has the details")
        db.session.commit()
        return False
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build_exports() -> int:
    """Build the exports that were asked for (and those whose builder died); returns how many."""
    waiting = list(db.session.scalars(select(RecordsExport.id).where(_waiting())
                                      .order_by(RecordsExport.id)))
    db.session.rollback()
    return sum(build_one(job_id) for job_id in waiting if _claim(job_id))


def apply_retention() -> dict[str, int]:
    """Apply the configured retention periods (sign-in records, sent emails' bodies)."""
    removed = services.apply_retention()
    db.session.commit()
    if any(removed.values()):
        current_app.logger.info("retention: %s", removed)
    return removed
