"""The records page: an export asked for in the browser is built by the scheduler's job and
offered as a zip, which restores; the pages pass the page checks."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from network.audit import AuditEntry
from network.extensions import db
from network.members.models import Person, Role
from network.records.models import ExportState, RecordsExport
from network.records.restore import restore_export, tables_with_rows
from network.records.tasks import build_exports
from tests.conftest import sign_in_client
from tests.factories import PersonFactory
from tests.records.helpers import empty_database, manifest_of


def test_an_export_asked_for_on_the_page_is_built_in_the_background_and_downloads(
        app, client_request, cast, tmp_path):
    page = client_request.get("records.index", _as="admin")
    assert "No export has been asked for yet." in page.text
    admin = sign_in_client(app, cast["admin"])
    assert admin.post("/records/exports").status_code == 302
    again = admin.post("/records/exports", follow_redirects=True)
    assert "An export is already being built" in again.data.decode()
    job = db.session.scalars(select(RecordsExport)).one()
    assert job.state == ExportState.QUEUED
    page = client_request.get("records.index", _as="admin")
    assert "Waiting" in page.text and "Download" not in page.text

    assert build_exports() == 1
    assert build_exports() == 0  # idempotent: nothing is waiting
    db.session.expire_all()
    job = db.session.get(RecordsExport, job.id)
    assert job.state == ExportState.READY and job.sha256 and job.size
    page = client_request.get("records.index", _as="admin")
    assert "Ready" in page.text and job.sha256 in page.text

    response = admin.post(f"/records/exports/{job.id}/download")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    archive.extractall(tmp_path)
    unpacked = tmp_path / f"network-records-{job.id}"
    assert (unpacked / "manifest.json").is_file() and (unpacked / "README.md").is_file()
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"records.export_requested", "records.export_built",
            "records.export_downloaded"} <= actions

    first = manifest_of(unpacked)
    admin_email = cast["admin"].email
    empty_database(app)
    restore_export(unpacked)
    assert "person" in tables_with_rows()
    assert db.session.scalar(select(Person).where(Person.email == admin_email))
    again_dir = tmp_path / "again"
    from network.records.export import write_export

    write_export(again_dir)
    assert manifest_of(again_dir) == first


def test_a_failed_build_says_so_on_the_page(app, client_request, cast, monkeypatch):
    admin = sign_in_client(app, cast["admin"])
    admin.post("/records/exports")

    def broken(target):
        raise OSError("disk full")

    monkeypatch.setattr("network.records.tasks.write_export", broken)
    assert build_exports() == 0
    page = client_request.get("records.index", _as="admin")
    assert "Failed" in page.text and "OSError" in page.text
    job_id = db.session.scalars(select(RecordsExport.id)).one()
    response = admin.post(f"/records/exports/{job_id}/download", follow_redirects=True)
    assert "This export is not ready to download" in response.data.decode()


def test_the_erase_page_passes_the_page_checks(client_request, cast, db):
    leaver = PersonFactory(role=Role.MEMBER_STAFF, office=cast["office_a"], is_active=False)
    db.session.commit()
    page = client_request.get("records.erase", _as="admin", person_id=leaver.id)
    assert f"Erase the details of {leaver.name}" in page.text
    detail = client_request.get("people.detail", _as="admin", person_id=leaver.id)
    assert "Erase their details" in detail.text
    active = client_request.get("people.detail", _as="admin", person_id=cast["staff_a"].id)
    assert "Erase their details" not in active.text


def test_the_account_page_links_to_your_data(client_request, cast):
    page = client_request.get("account.index", _as="staff_a")
    assert "Your data" in page.text
    client_request.get("records.my_data", _as="observer")


def test_the_records_page_runs_as_many_queries_for_many_exports_as_for_few(app, db, cast):
    from tests.queries import counting_queries

    admin = sign_in_client(app, cast["admin"])

    def add(n):
        for _ in range(n):
            requester = PersonFactory(role=Role.SECRETARIAT_ADMIN)
            db.session.add(RecordsExport(requested_by_id=requester.id,
                                         state=ExportState.FAILED, problem="x"))
        db.session.commit()

    def count():
        with counting_queries() as statements:
            assert admin.get("/records/").status_code == 200
        return len(statements)

    add(2)
    few = count()
    add(18)
    assert count() == few
